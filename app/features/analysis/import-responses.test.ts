import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal, recordingPublisher } from "../../../test/helpers/consultations";
import { createUser, getPage, signedInUser } from "../../../test/helpers/factories";
import { importResponses } from "./import-responses.server";
import { findProposalForAnalysis } from "./workspace.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'");
/** The rows of a responsive table as "cell cell" text, without the headings it repeats for phones. */
const tableRows = (html: string, testId: string) =>
  html
    .match(new RegExp(`<table[^>]*data-testid="${testId}".*?</table>`, "s"))![0]
    .split("</tr>")
    .slice(1, -1)
    .map((row) =>
      row
        .replace(/<span class="nhsuk-table__heading"[^>]*>.*?<\/span>/gs, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    );
const asActor = (
  user: { id: string; email: string; displayName: string; stakeholderType: SessionUser["stakeholderType"]; organisation: string | null },
  roles: SessionUser["roles"],
): SessionUser => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  stakeholderType: user.stakeholderType,
  organisation: user.organisation,
  emailVerified: true,
  roles,
});
const HEADER = "text,name,organisation,stakeholder type,section,date,channel,consent";

async function setUp(status: "OPEN" | "CLOSED" = "CLOSED") {
  const { proposal } = await createProposal({ status, closesAt: status === "CLOSED" ? new Date(Date.now() - 3_600_000) : undefined });
  const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
  return { proposal, commissioner, base: `${server.url}/manage/proposals/${proposal.slug}/analysis` };
}

function upload(url: string, csv: string, cookie: string, fileName = "responses.csv") {
  const body = new FormData();
  body.append("file", new Blob([csv], { type: "text/csv" }), fileName);
  return fetch(url, { method: "POST", body, redirect: "manual", headers: { Cookie: cookie } });
}

const importedOf = (proposalId: string) =>
  db.comment.findMany({
    where: { proposalId, channel: { not: "PLATFORM" } },
    orderBy: { body: "asc" },
    select: {
      body: true,
      channel: true,
      authorId: true,
      respondentName: true,
      respondentOrganisation: true,
      respondentType: true,
      publicConsent: true,
      importedById: true,
      section: { select: { number: true } },
    },
  });

describe("importing responses received outside the platform", () => {
  it("imports every row of a valid file with its channel, respondent and section", async () => {
    const { proposal, commissioner, base } = await setUp();
    const csv = [
      HEADER,
      `"Keep the Board meetings public.",Ann Example,,service user,1,2026-10-01,email,yes`,
      `"We need a carer seat, not just a supporter.",,Carers Together,voluntary organisation,3,2026-10-02,Post,`,
      `"Said at the open meeting:\nmore evening sessions please.",,,Carer,,2026-10-03,meeting,no`,
    ].join("\n");
    const response = await upload(`${base}/import`, csv, commissioner.cookie);
    expect(response.status).toBe(200);
    expect(await text(response)).toContain("Imported 3 responses (1 by email, 1 by post, 1 by meeting)");
    expect(await importedOf(proposal.id)).toEqual([
      {
        body: "Keep the Board meetings public.",
        channel: "EMAIL",
        authorId: null,
        respondentName: "Ann Example",
        respondentOrganisation: null,
        respondentType: "SERVICE_USER",
        publicConsent: true,
        importedById: commissioner.user.id,
        section: { number: "1" },
      },
      {
        body: "Said at the open meeting:\nmore evening sessions please.",
        channel: "MEETING",
        authorId: null,
        respondentName: null,
        respondentOrganisation: null,
        respondentType: "CARER",
        publicConsent: false,
        importedById: commissioner.user.id,
        section: null,
      },
      {
        body: "We need a carer seat, not just a supporter.",
        channel: "POST",
        authorId: null,
        respondentName: null,
        respondentOrganisation: "Carers Together",
        respondentType: "VOLUNTARY_ORGANISATION",
        publicConsent: false,
        importedById: commissioner.user.id,
        section: { number: "3" },
      },
    ]);

    // In the workspace, marked with their channel and found by it.
    const workspace = await text(await getPage(`${base}?channel=POST`, commissioner.cookie));
    expect(workspace).toContain("We need a carer seat");
    expect(workspace).toContain("Received by post, not for publication");
    expect(workspace).not.toContain("Keep the Board meetings public.");
  });

  it("imports the example file of the crisis support consultation", async () => {
    const { proposal } = await createProposal({ status: "CLOSED" });
    const csv = readFileSync("test/fixtures/responses/crisis-support.csv", "utf8");
    // The example file's sections are 2 to 8; the test proposal has 1 and 3.
    await db.proposalSection.createMany({
      data: ["2", "4", "5", "6", "7", "8"].map((number, i) => ({
        versionId: proposal.versions[0].id,
        position: 10 + i,
        number,
        heading: `Section ${number}`,
        body: "Text.",
      })),
    });
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const rows = csv.trim().split("\n").length - 1;
    const result = await importResponses(
      asActor(commissioner.user, ["COMMISSIONER"]),
      (await findProposalForAnalysis(proposal.slug))!,
      new File([csv], "crisis-support.csv"),
      recordingPublisher(),
    );
    expect(result).toMatchObject({ ok: true, imported: rows });
    expect(await db.comment.count({ where: { proposalId: proposal.id, authorId: null } })).toBe(rows);
  });

  it("lists each bad row with its line and reason, and imports nothing", async () => {
    const { proposal, commissioner, base } = await setUp();
    const csv = [
      HEADER,
      `"A good row.",,,service user,1,2026-10-01,email,yes`,
      `"",,,service user,1,2026-10-01,email,`,
      `"Multi-line\ntext that is fine.",,,alien,1,2026-10-01,email,`,
      `"Wrong section.",,,carer,9,2026-10-01,post,`,
      `"Bad date and channel.",,,carer,,01/10/2026,fax,maybe`,
      `"From the future.",,,carer,,2999-01-01,email,`,
    ].join("\n");
    const response = await upload(`${base}/import`, csv, commissioner.cookie);
    expect(response.status).toBe(400);
    const page = await text(response);
    expect(page).toContain("There is a problem");
    expect(page).toContain("5 rows cannot be imported, so nothing was imported");
    const problems = tableRows(page, "import-problems");
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^3 Enter the response's text/);
    expect(problems[1]).toMatch(/^4 Stakeholder type must be one of/);
    expect(problems[2]).toMatch(/^6 Section 9 is not a section of this proposal/);
    expect(problems[3]).toMatch(/^7 /);
    expect(problems[3]).toContain("Date must be a date written as YYYY-MM-DD");
    expect(problems[3]).toContain("Channel must be email, post, meeting or other");
    expect(problems[3]).toContain("Consent must be yes, no or blank");
    expect(problems[4]).toMatch(/^8 Date cannot be in the future/);
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("refuses a file without the required columns, an empty file, one too large or with too many rows", async () => {
    const { proposal, commissioner, base } = await setUp();
    const missing = await upload(`${base}/import`, "text,date\nHello,2026-10-01\n", commissioner.cookie);
    expect(missing.status).toBe(400);
    expect(await text(missing)).toContain("it is missing: stakeholder type, channel");
    const empty = await upload(`${base}/import`, `${HEADER}\n`, commissioner.cookie);
    expect(await text(empty)).toContain("The file has no responses in it");
    const tooLarge = await upload(`${base}/import`, `${HEADER}\n"${"x".repeat(2 * 1024 * 1024)}",,,carer,,2026-10-01,email,\n`, commissioner.cookie);
    expect(tooLarge.status).toBe(413);
    expect(await text(tooLarge)).toContain("The file must be 2 MB or smaller");
    const many = [HEADER, ...Array.from({ length: 5001 }, (_, i) => `Response ${i},,,carer,,2026-10-01,email,`)].join("\n");
    const tooMany = await upload(`${base}/import`, many, commissioner.cookie);
    expect(tooMany.status).toBe(400);
    expect(await text(tooMany)).toContain("import at most 5,000 at a time");
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("is for commissioners only: other roles get 403 and nothing is imported, and the command itself refuses", async () => {
    const { proposal, base } = await setUp();
    const csv = `${HEADER}\n"Sneaky.",,,carer,,2026-10-01,email,yes\n`;
    for (const roles of [["FORUM_OFFICER"], ["BOARD_SECRETARY"], []] as const) {
      const person = await signedInUser({ roles: [...roles] });
      expect((await getPage(`${base}/import`, person.cookie)).status).toBe(403);
      expect((await upload(`${base}/import`, csv, person.cookie)).status).toBe(403);
    }
    const { user } = await createUser({ roles: ["FORUM_OFFICER"] });
    const direct = await importResponses(
      asActor(user, ["FORUM_OFFICER"]),
      (await findProposalForAnalysis(proposal.slug))!,
      new File([csv], "r.csv"),
      recordingPublisher(),
    );
    expect(direct).toMatchObject({ ok: false, status: 403 });
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });
});

describe("imported responses in public", () => {
  it("never shows a response without consent on the proposal page, its loader data, counts or thread, and shows one with consent without the name", async () => {
    const { proposal, commissioner } = await setUp("OPEN");
    const publisher = recordingPublisher();
    const csv = [
      HEADER,
      `"Agreed to publication: keep meetings public.",Ann Example,Carers Together,carer,1,2026-10-01,email,yes`,
      `"Private letter about my own care.",Bob Private,,service user,1,2026-10-02,post,no`,
    ].join("\n");
    const result = await importResponses(
      asActor(commissioner.user, ["COMMISSIONER"]),
      (await findProposalForAnalysis(proposal.slug))!,
      new File([csv], "r.csv"),
      publisher,
    );
    expect(result.ok).toBe(true);
    // Only the commissioners' room hears of it.
    expect(publisher.events.map((e) => e.room)).toEqual([`analysis:${proposal.id}`]);

    const reader = await signedInUser();
    const moderator = await signedInUser({ roles: ["COMMISSIONER"] });
    for (const cookie of [undefined, reader.cookie, moderator.cookie]) {
      const page = await text(await getPage(`${server.url}/proposals/${proposal.slug}`, cookie));
      expect(page).toContain("Agreed to publication: keep meetings public.");
      expect(page).toContain("Carers Together");
      expect(page).not.toContain("Private letter");
      expect(page).not.toContain("Bob Private");
      expect(page).not.toContain("Ann Example");
      const data = await text(await getPage(`${server.url}/proposals/${proposal.slug}?_data=${encodeURIComponent("routes/proposals+/$slug")}`, cookie));
      expect(data).toContain("Agreed to publication");
      // Filtering by stakeholder type must not lift the rule (both are conditions on the same query).
      const filtered = await text(
        await getPage(`${server.url}/proposals/${proposal.slug}?type=SERVICE_USER&_data=${encodeURIComponent("routes/proposals+/$slug")}`, cookie),
      );
      expect(filtered).not.toContain("Private letter");
      expect(data).not.toContain("Private letter");
      expect(data).not.toContain("Bob Private");
    }
    const [published, unpublished] = await db.comment.findMany({
      where: { proposalId: proposal.id },
      orderBy: { publicConsent: "desc" },
      select: { id: true },
    });
    expect((await getPage(`${server.url}/proposals/${proposal.slug}/comments/${unpublished.id}`)).status).toBe(404);
    expect((await getPage(`${server.url}/proposals/${proposal.slug}/comments/${published.id}`)).status).toBe(200);
    // Both responses are on section 1; the public counts know of the published one only.
    const data = JSON.parse(await text(await getPage(`${server.url}/proposals/${proposal.slug}?_data=${encodeURIComponent("routes/proposals+/$slug")}`)));
    expect(data.total).toBe(1);
    const page = (await text(await getPage(`${server.url}/proposals/${proposal.slug}`))).replaceAll("<!-- -->", "");
    expect(page).toContain("1 comments on this section");
    expect(page).not.toContain("2 comments on this section");
  });

  it("counts responses by channel in the report, and quotes only those with consent publicly", async () => {
    const { proposal, commissioner } = await setUp();
    const { user } = await createUser({ stakeholderType: "CARER" });
    await db.comment.create({ data: { proposalId: proposal.id, versionId: proposal.versions[0].id, authorId: user.id, body: "Posted on Touchstone." } });
    const csv = [
      HEADER,
      `"Emailed, may be quoted.",,,carer,,2026-10-01,email,yes`,
      `"Emailed, private.",,,carer,,2026-10-01,email,no`,
      `"Posted letter, private.",,,public,,2026-10-02,post,`,
    ].join("\n");
    expect(
      (
        await importResponses(
          asActor(commissioner.user, ["COMMISSIONER"]),
          (await findProposalForAnalysis(proposal.slug))!,
          new File([csv], "r.csv"),
          recordingPublisher(),
        )
      ).ok,
    ).toBe(true);
    const theme = await db.theme.create({ data: { proposalId: proposal.id, name: "Openness", nameKey: "openness" } });
    const all = await db.comment.findMany({ where: { proposalId: proposal.id }, select: { id: true } });
    await db.commentTheme.createMany({ data: all.map((c) => ({ commentId: c.id, themeId: theme.id, taggedById: commissioner.user.id })) });
    await db.comment.updateMany({ where: { proposalId: proposal.id }, data: { keyQuote: true } });

    const draft = await text(await getPage(`${server.url}/proposals/${proposal.slug}/report`, commissioner.cookie));
    expect(tableRows(draft, "by-channel")).toEqual(["Comments on Touchstone 1", "By email 2", "By post 1"]);
    // Commissioners see every quote, the unpublishable ones marked.
    expect(draft).toContain("Emailed, private.");
    expect(draft).toContain("not published: no consent");
    // Carers: one account and two emailed responses, each response its own person.
    expect(tableRows(draft, "participation")).toEqual(["Carer 3 3", "Member of the public 1 1"]);

    await db.consultationOutcome.create({
      data: { proposalId: proposal.id, overview: "What we heard.", revision: 1, publishedAt: new Date(), publishedById: commissioner.user.id },
    });
    const report = await text(await getPage(`${server.url}/proposals/${proposal.slug}/report`));
    // The published report still counts every response, consented or not: numbers quote no one.
    expect(tableRows(report, "by-channel")).toEqual(["Comments on Touchstone 1", "By email 2", "By post 1"]);
    expect(report).toContain("Emailed, may be quoted.");
    expect(report).not.toContain("Emailed, private.");
    expect(report).not.toContain("Posted letter, private.");
    const outcome = await text(await getPage(`${server.url}/proposals/${proposal.slug}/outcome`));
    expect(outcome).not.toContain("private.");
    const pdf = await getPage(`${server.url}/proposals/${proposal.slug}/report.pdf`);
    expect(pdf.status).toBe(200);
  });
});
