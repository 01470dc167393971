import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StakeholderType } from "#app/generated/prisma/enums";
import { db } from "#app/utils/db.server";
import type { RealtimeMessage } from "#app/utils/realtime";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { createUser, getPage, postForm, signedInUser, uniqueEmail } from "../../../test/helpers/factories";
import { createMeeting } from "../../../test/helpers/meetings";
import { joinRoom, socketClients } from "../../../test/helpers/socket-client";

let server: TestServer;
const sockets = socketClients(() => server.url);
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

/** A closed consultation with comments from people of different kinds. */
async function consultation(bodies: { text: string; type?: StakeholderType; section?: 0 | 1 }[]) {
  const { proposal, sections } = await createProposal({ status: "CLOSED", closesAt: new Date(Date.now() - 3_600_000) });
  const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
  const comments = [];
  for (const item of bodies) {
    const { user } = await createUser({ stakeholderType: item.type ?? "SERVICE_USER" });
    comments.push(
      await db.comment.create({
        data: {
          proposalId: proposal.id,
          versionId: proposal.versions[0].id,
          sectionId: item.section === undefined ? null : sections[item.section].id,
          authorId: user.id,
          body: item.text,
        },
      }),
    );
  }
  const base = `${server.url}/manage/proposals/${proposal.slug}/analysis`;
  return { proposal, sections, commissioner, comments, base };
}

async function createTheme(base: string, cookie: string, name: string) {
  const response = await postForm(`${base}/themes`, { intent: "create-theme", name }, cookie);
  expect(response.status).toBe(200);
  return (await db.theme.findFirstOrThrow({ where: { name }, orderBy: { createdAt: "desc" } })).id;
}

describe("who may analyse feedback", () => {
  it("refuses everyone but commissioners on every workspace page and action, and the live room", async () => {
    const { proposal, comments, base, commissioner } = await consultation([{ text: "Keep the Board meetings public." }]);
    const themeId = await createTheme(base, commissioner.cookie, "Openness");
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    const author = await signedInUser();
    const pages = ["", "/themes", "/summary", "/response"];
    const posts: [string, Record<string, string>][] = [
      ["", { intent: "tag", themeId, commentIds: comments[0].id }],
      ["", { intent: "key-quote", commentId: comments[0].id, keyQuote: "true" }],
      ["/themes", { intent: "create-theme", name: "Sneaky" }],
      ["/summary", { intent: "section-summary", sectionNumber: "1", text: "Overwritten", revision: "0" }],
      ["/response", { intent: "publish" }],
    ];
    for (const person of [officer, secretary, author]) {
      for (const page of pages) expect((await getPage(`${base}${page}`, person.cookie)).status).toBe(403);
      for (const [page, fields] of posts) expect((await postForm(`${base}${page}`, fields, person.cookie)).status).toBe(403);
    }
    // Signed out: sent to sign in. A forged session cookie is no better.
    expect((await getPage(base)).headers.get("location")).toMatch(/^\/auth\/sign-in/);
    expect((await getPage(base, "touchstone_session=forged")).status).not.toBe(200);
    expect(await db.commentTheme.count({ where: { themeId } })).toBe(0);
    expect(await db.theme.count({ where: { proposalId: proposal.id } })).toBe(1);
    expect(await db.sectionSummary.count({ where: { proposalId: proposal.id } })).toBe(0);
    expect((await db.comment.findUniqueOrThrow({ where: { id: comments[0].id } })).keyQuote).toBe(false);

    const room = `analysis:${proposal.id}`;
    expect((await joinRoom(await sockets.connect(author.cookie), room)).ok).toBe(false);
    expect((await joinRoom(await sockets.connect(officer.cookie), room)).ok).toBe(false);
    expect((await joinRoom(await sockets.connect(), room)).ok).toBe(false);
    expect((await joinRoom(await sockets.connect(commissioner.cookie), room)).ok).toBe(true);
  });
});

describe("themes and tagging", () => {
  it("creates, renames and refuses empty or duplicate theme names without writing anything", async () => {
    const { proposal, base, commissioner } = await consultation([{ text: "A comment." }]);
    await createTheme(base, commissioner.cookie, "Waiting times");
    const empty = await postForm(`${base}/themes`, { intent: "create-theme", name: "   " }, commissioner.cookie);
    expect(empty.status).toBe(400);
    expect(await text(empty)).toContain("Enter a name for the theme");
    const duplicate = await postForm(`${base}/themes`, { intent: "create-theme", name: "waiting  TIMES" }, commissioner.cookie);
    expect(duplicate.status).toBe(409);
    expect(await text(duplicate)).toContain("There is already a theme called");
    expect(await db.theme.count({ where: { proposalId: proposal.id } })).toBe(1);

    const carers = await createTheme(base, commissioner.cookie, "Carers");
    const clash = await postForm(`${base}/themes`, { intent: "rename-theme", themeId: carers, name: "Waiting Times" }, commissioner.cookie);
    expect(clash.status).toBe(409);
    expect((await postForm(`${base}/themes`, { intent: "rename-theme", themeId: carers, name: "Information for carers" }, commissioner.cookie)).status).toBe(
      200,
    );
    expect((await db.theme.findMany({ where: { proposalId: proposal.id }, orderBy: { name: "asc" } })).map((t) => t.name)).toEqual([
      "Information for carers",
      "Waiting times",
    ]);
  });

  it("tags in bulk, shows progress, filters, and refuses comments of another proposal", async () => {
    const { base, commissioner, comments } = await consultation([
      { text: "The waiting list for therapy is far too long.", type: "SERVICE_USER", section: 0 },
      { text: "We waited months for an assessment.", type: "CARER", section: 1 },
      { text: "Please keep the meetings in public.", type: "CARER", section: 1 },
    ]);
    const other = await consultation([{ text: "Another proposal's comment." }]);
    const waiting = await createTheme(base, commissioner.cookie, "Waiting");

    const tagged = await postForm(base, { intent: "tag", themeId: waiting, commentIds: [comments[0].id, comments[1].id] }, commissioner.cookie);
    expect(tagged.status).toBe(200);
    expect(await text(tagged)).toContain("Tagged 2 comments");
    expect(await text(await getPage(base, commissioner.cookie))).toContain("2 of 3 comments tagged");

    const foreign = await postForm(base, { intent: "tag", themeId: waiting, commentIds: [comments[2].id, other.comments[0].id] }, commissioner.cookie);
    expect(foreign.status).toBe(400);
    expect(await text(foreign)).toContain("not comments on this proposal");
    const none = await postForm(base, { intent: "tag", themeId: waiting }, commissioner.cookie);
    expect(none.status).toBe(400);
    expect(await text(none)).toContain("Choose at least one comment");
    const foreignTheme = await postForm(other.base, { intent: "tag", themeId: waiting, commentIds: other.comments[0].id }, other.commissioner.cookie);
    expect(foreignTheme.status).toBe(400);
    expect(await db.commentTheme.count({ where: { themeId: waiting } })).toBe(2);

    const listed = async (query: string) =>
      (await text(await getPage(`${base}?${query}`, commissioner.cookie))).match(/data-testid="analysis-comment"/g)?.length ?? 0;
    expect(await listed(`theme=${waiting}`)).toBe(2);
    expect(await listed("untagged=1")).toBe(1);
    expect(await listed("stakeholder=CARER")).toBe(2);
    expect(await listed("section=3")).toBe(2);
    // Full-text search matches word forms: "waiting" finds "waited".
    expect(await listed("q=waiting")).toBe(2);
    expect(await listed("q=public")).toBe(1);

    const untag = await postForm(base, { intent: "untag", themeId: waiting, commentIds: comments[1].id }, commissioner.cookie);
    expect(untag.status).toBe(200);
    expect(await db.commentTheme.count({ where: { themeId: waiting } })).toBe(1);
  });

  it("keeps both commissioners' tags when they tag the same comments at the same moment, and tells each live", async () => {
    const { proposal, base, commissioner, comments } = await consultation([{ text: "One." }, { text: "Two." }, { text: "Three." }]);
    const second = await signedInUser({ roles: ["COMMISSIONER"] });
    const [a, b] = [await createTheme(base, commissioner.cookie, "Access"), await createTheme(base, commissioner.cookie, "Transport")];
    const watcher = await sockets.connect(second.cookie);
    const seen: RealtimeMessage[] = [];
    watcher.on("event", (event: RealtimeMessage) => seen.push(event));
    expect((await joinRoom(watcher, `analysis:${proposal.id}`)).ok).toBe(true);

    const ids = comments.map((c) => c.id);
    const results = await Promise.all([
      postForm(base, { intent: "tag", themeId: a, commentIds: ids }, commissioner.cookie),
      postForm(base, { intent: "tag", themeId: b, commentIds: ids }, second.cookie),
      postForm(base, { intent: "tag", themeId: a, commentIds: ids }, second.cookie),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await db.commentTheme.count({ where: { commentId: { in: ids } } })).toBe(6);
    await expect.poll(() => seen.filter((e) => e.name === "analysis:changed" && e.payload.what === "tags").length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    expect(seen.some((e) => e.payload.by === commissioner.user.id)).toBe(true);
  });

  it("merges one theme into another, keeping every tag once", async () => {
    const { proposal, base, commissioner, comments } = await consultation([{ text: "One." }, { text: "Two." }, { text: "Three." }]);
    const [cost, money] = [await createTheme(base, commissioner.cookie, "Cost"), await createTheme(base, commissioner.cookie, "Money")];
    await postForm(base, { intent: "tag", themeId: cost, commentIds: [comments[0].id, comments[1].id] }, commissioner.cookie);
    await postForm(base, { intent: "tag", themeId: money, commentIds: [comments[1].id, comments[2].id] }, commissioner.cookie);
    const same = await postForm(`${base}/themes`, { intent: "merge-themes", sourceId: cost, targetId: cost }, commissioner.cookie);
    expect(same.status).toBe(400);
    expect((await postForm(`${base}/themes`, { intent: "merge-themes", sourceId: cost, targetId: money }, commissioner.cookie)).status).toBe(200);
    expect(await db.theme.findMany({ where: { proposalId: proposal.id }, select: { name: true } })).toEqual([{ name: "Money" }]);
    expect((await db.commentTheme.findMany({ where: { themeId: money }, select: { commentId: true } })).map((t) => t.commentId).sort()).toEqual(
      comments.map((c) => c.id).sort(),
    );
  });

  it("accepts a suggested theme, tagging exactly its comments; merges and splits suggestions", async () => {
    const texts = [
      "The crisis line never answers at night.",
      "I rang the crisis line and waited an hour on the phone.",
      "The crisis line phone number is hard to remember.",
      "Answer the crisis line quickly, please.",
      "Transport to the hospital is difficult without a bus.",
      "The bus to the hospital stops at six; transport is a problem.",
      "Hospital transport by bus takes two hours.",
      "There is no bus to the hospital on Sundays.",
    ];
    const { base, commissioner, comments } = await consultation(texts.map((text) => ({ text })));
    const page = await text(await getPage(`${base}/themes?suggest=1`, commissioner.cookie));
    expect(page).toContain("Theme name for “crisis line”: 4 comments");
    expect(page).toMatch(/8 of 8 comments are in a suggestion|7 of 8 comments are in a suggestion/);
    expect((await postForm(`${base}/themes`, { intent: "accept-suggestion", key: "crisis line", name: "Crisis line" }, commissioner.cookie)).status).toBe(200);
    const theme = await db.theme.findFirstOrThrow({ where: { name: "Crisis line" }, include: { comments: true } });
    expect(theme.comments.map((c) => c.commentId).sort()).toEqual(
      comments
        .slice(0, 4)
        .map((c) => c.id)
        .sort(),
    );

    const stale = await postForm(`${base}/themes`, { intent: "accept-suggestion", key: "flying saucer", name: "Saucers" }, commissioner.cookie);
    expect(stale.status).toBe(409);
    const single = await postForm(`${base}/themes`, { intent: "merge-suggestions", keys: "crisis line", name: "One" }, commissioner.cookie);
    expect(single.status).toBe(400);
    expect(await text(single)).toContain("Choose at least two suggestions to merge");

    // The transport group split by one of its phrases: two themes, every comment in one of them.
    const suggestions = await text(await getPage(`${base}/themes?suggest=1`, commissioner.cookie));
    const key = /name="key" value="([^"]+)"/.exec(suggestions)![1];
    const alternative = /<option value="([^"]+)">/.exec(suggestions)![1];
    const sameNames = await postForm(`${base}/themes`, { intent: "split-suggestion", key, alternative, name: "Same", restName: "same" }, commissioner.cookie);
    expect(sameNames.status).toBe(400);
    expect(
      (await postForm(`${base}/themes`, { intent: "split-suggestion", key, alternative, name: "Part", restName: "Rest" }, commissioner.cookie)).status,
    ).toBe(200);
    const [part, rest] = await Promise.all(["Part", "Rest"].map((name) => db.theme.findFirstOrThrow({ where: { name }, include: { comments: true } })));
    const split = [...part.comments, ...rest.comments].map((c) => c.commentId);
    expect(new Set(split).size).toBe(split.length);
    expect(part.comments.length).toBeGreaterThan(0);
    expect(split.every((id) => comments.slice(4).some((c) => c.id === id))).toBe(true);
  });
});

describe("summaries, the response and publishing", () => {
  it("counts each section's comments by stakeholder type, and refuses a summary saved over someone else's", async () => {
    const { proposal, base, commissioner } = await consultation([
      { text: "Carers need a seat.", type: "CARER", section: 1 },
      { text: "Yes, a carers' seat.", type: "CARER", section: 1 },
      { text: "Service users should chair it.", type: "SERVICE_USER", section: 1 },
    ]);
    const page = await text(await getPage(`${base}/summary`, commissioner.cookie));
    expect(page).toMatch(/Comments on The Board: 3/);
    expect(page).toMatch(
      />Carer<\/span><\/td><td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table__heading" aria-hidden="true">Comments <\/span><span class="app-table__value">2</,
    );

    const first = await postForm(
      `${base}/summary`,
      { intent: "section-summary", sectionNumber: "3", text: "People want a carers' seat.", revision: "0" },
      commissioner.cookie,
    );
    expect(first.status).toBe(200);
    const stale = await postForm(
      `${base}/summary`,
      { intent: "section-summary", sectionNumber: "3", text: "Something else", revision: "0" },
      commissioner.cookie,
    );
    expect(stale.status).toBe(409);
    expect(await text(stale)).toContain("Another commissioner saved a change");
    const unknown = await postForm(`${base}/summary`, { intent: "section-summary", sectionNumber: "99", text: "Nowhere", revision: "0" }, commissioner.cookie);
    expect(unknown.status).toBe(400);
    expect(await db.sectionSummary.findMany({ where: { proposalId: proposal.id }, select: { sectionNumber: true, text: true } })).toEqual([
      { sectionNumber: "3", text: "People want a carers' seat." },
    ]);
  });

  it("refuses to publish an empty response or before the discussion closes; publishing tells those who took part once", async () => {
    const { proposal, base, commissioner, comments } = await consultation([
      { text: "The crisis line is slow.", section: 0 },
      { text: "The crisis line needs more staff." },
    ]);
    const authors = await db.user.findMany({ where: { id: { in: comments.map((c) => c.authorId!) } } });
    const theme = await createTheme(base, commissioner.cookie, "Crisis line");
    await postForm(base, { intent: "tag", themeId: theme, commentIds: comments.map((c) => c.id) }, commissioner.cookie);

    const empty = await postForm(`${base}/response`, { intent: "publish" }, commissioner.cookie);
    expect(empty.status).toBe(400);
    expect(await text(empty)).toContain("Write an overview");
    expect(
      (await postForm(`${base}/response`, { intent: "overview", overview: "You told us the crisis line is too slow.", revision: "0" }, commissioner.cookie))
        .status,
    ).toBe(200);
    const noThemes = await postForm(`${base}/response`, { intent: "publish" }, commissioner.cookie);
    expect(noThemes.status).toBe(400);
    expect(await text(noThemes)).toContain("at least one theme");
    const noNote = await postForm(
      `${base}/response`,
      { intent: "theme-response", themeId: theme, summary: "Too slow", response: "CHANGED", responseNote: "", revision: "0" },
      commissioner.cookie,
    );
    expect(noNote.status).toBe(400);
    expect(
      (
        await postForm(
          `${base}/response`,
          {
            intent: "theme-response",
            themeId: theme,
            summary: "Calls wait too long at night.",
            response: "CHANGED",
            responseNote: "Two more call handlers from April.",
            revision: "0",
          },
          commissioner.cookie,
        )
      ).status,
    ).toBe(200);

    await db.proposal.update({ where: { id: proposal.id }, data: { status: "OPEN" } });
    expect((await postForm(`${base}/response`, { intent: "publish" }, commissioner.cookie)).status).toBe(409);
    await db.proposal.update({ where: { id: proposal.id }, data: { status: "CLOSED" } });
    expect(await db.consultationOutcome.count({ where: { proposalId: proposal.id, publishedAt: { not: null } } })).toBe(0);
    expect((await getPage(`${server.url}/proposals/${proposal.slug}/outcome`)).status).toBe(404);

    const published = await postForm(`${base}/response`, { intent: "publish" }, commissioner.cookie);
    expect(published.status).toBe(200);
    expect(await text(published)).toContain("2 people who took part have been told");
    const outcome = await text(await getPage(`${server.url}/proposals/${proposal.slug}/outcome`));
    expect(outcome).toContain("You told us the crisis line is too slow.");
    expect(outcome).toContain("Calls wait too long at night.");
    expect(outcome).toContain("Two more call handlers from April.");
    expect(outcome).toContain(`/proposals/${proposal.slug}/comments/${comments[0].id}`);
    for (const author of authors) {
      expect(await db.notification.count({ where: { userId: author.id, kind: "consultation-outcome" } })).toBe(1);
      expect(await db.outboxEmail.count({ where: { to: author.email, subject: { startsWith: "What we did with your feedback" } } })).toBe(1);
    }
    // Publishing a correction does not email everyone again.
    expect((await postForm(`${base}/response`, { intent: "publish" }, commissioner.cookie)).status).toBe(200);
    expect(await db.notification.count({ where: { userId: authors[0].id, kind: "consultation-outcome" } })).toBe(1);
  });
});

describe("telling people about the outcome", () => {
  it("tells only those who may read the proposal: not a meeting's registrants, nor commenters, once it is invitation-only", async () => {
    const { proposal, commissioner, comments } = await consultation([{ text: "Keep it open." }, { text: "Add a carer seat." }]);
    const [outsider, invitee] = comments.map((c) => c.authorId!);
    const registrant = await createUser();
    const meeting = await createMeeting();
    await db.meeting.update({ where: { id: meeting.id }, data: { proposalId: proposal.id } });
    await db.registration.create({
      data: {
        meetingId: meeting.id,
        userId: registrant.user.id,
        name: "Registrant",
        email: registrant.email,
        code: crypto.randomUUID().slice(0, 6),
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
      },
    });
    await db.proposal.update({ where: { id: proposal.id }, data: { audience: "INVITED" } });
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: uniqueEmail(),
        userId: invitee,
        tokenHash: crypto.randomUUID(),
        invitedById: commissioner.user.id,
        acceptedAt: new Date(),
      },
    });
    await db.consultationOutcome.create({ data: { proposalId: proposal.id, overview: "What we heard." } });
    await db.theme.create({ data: { proposalId: proposal.id, name: "Carers", nameKey: "carers", response: "CHANGED", responseNote: "A carer seat." } });
    const published = await postForm(`${server.url}/manage/proposals/${proposal.slug}/analysis/response`, { intent: "publish" }, commissioner.cookie);
    expect(published.status).toBe(200);
    expect(await text(published)).toContain("1 person who took part has been told");
    expect(await db.notification.count({ where: { userId: invitee, kind: "consultation-outcome" } })).toBe(1);
    for (const userId of [outsider, registrant.user.id]) expect(await db.notification.count({ where: { userId } })).toBe(0);
    expect(await db.outboxEmail.count({ where: { to: registrant.email, text: { contains: proposal.title } } })).toBe(0);
  });
});

describe("the report and the changes between versions", () => {
  it("gives the report as a page, a PDF and a CSV of comments with their themes", async () => {
    const { proposal, base, commissioner, comments } = await consultation([
      { text: "More peer support please.", type: "SERVICE_USER" },
      { text: "Peer support helped my son.", type: "CARER" },
    ]);
    const theme = await createTheme(base, commissioner.cookie, "Peer support");
    await postForm(base, { intent: "tag", themeId: theme, commentIds: comments.map((c) => c.id) }, commissioner.cookie);
    await postForm(base, { intent: "key-quote", commentId: comments[1].id, keyQuote: "true" }, commissioner.cookie);

    expect((await getPage(`${server.url}/proposals/${proposal.slug}/report.pdf`)).status).toBe(404);
    const draft = await text(await getPage(`${server.url}/proposals/${proposal.slug}/report`, commissioner.cookie));
    expect(draft).toContain("Draft");
    expect(draft).toContain("“Peer support helped my son.”");

    const pdf = await getPage(`${server.url}/proposals/${proposal.slug}/report.pdf`, commissioner.cookie);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toContain(`consultation-report-${proposal.slug}.pdf`);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    const csv = await text(await getPage(`${server.url}/manage/proposals/${proposal.slug}/comments.csv`, commissioner.cookie));
    expect(csv.split("\n")[0]).toContain("themes,key quote");
    expect(csv).toMatch(/Peer support helped my son\.,.*,Peer support,yes/);
  });

  it("compares two versions section by section and shows the themes that drove each change", async () => {
    const { proposal, base, commissioner, sections } = await consultation([{ text: "Add a carers' seat." }]);
    const theme = await createTheme(base, commissioner.cookie, "Carers' seat");
    const version = await db.proposalVersion.create({
      data: {
        proposalId: proposal.id,
        number: 2,
        changeNote: "A seat for carers",
        sections: {
          create: [
            { position: 1, number: "1", heading: sections[0].heading, body: sections[0].body },
            {
              position: 2,
              number: "3",
              heading: "The Board",
              body: "The Board meets monthly.\n\n- three Forum seats\n- two carer seats\n\nIt reports to the council.",
            },
          ],
        },
      },
      include: { sections: true },
    });
    const changed = version.sections.find((s) => s.number === "3")!;
    const unchanged = version.sections.find((s) => s.number === "1")!;
    const refused = await postForm(
      `${base}/response`,
      { intent: "theme-response", themeId: theme, summary: "", response: "", responseNote: "", sectionIds: sections[0].id, revision: "0" },
      commissioner.cookie,
    );
    expect(refused.status).toBe(400);
    expect(
      (
        await postForm(
          `${base}/response`,
          { intent: "theme-response", themeId: theme, summary: "", response: "", responseNote: "", sectionIds: changed.id, revision: "0" },
          commissioner.cookie,
        )
      ).status,
    ).toBe(200);

    const page = await text(await getPage(`${server.url}/proposals/${proposal.slug}/changes?from=1&to=2`, commissioner.cookie));
    expect(page).toMatch(/<del><span class="nhsuk-u-visually-hidden">\[removed: <\/span>one<span/);
    expect(page).toMatch(/<ins><span class="nhsuk-u-visually-hidden">\[added: <\/span>two<span/);
    expect(page).toContain("Changed in response to feedback on: Carers&#x27; seat");
    expect(page).toContain(`id="section-${unchanged.number}"`);
    expect(page).toContain("No change to this section.");
    // The public sees the changes, but not the themes until the outcome is published.
    const reader = await text(await getPage(`${server.url}/proposals/${proposal.slug}/changes`));
    expect(reader).toContain("[added: </span>two");
    expect(reader).not.toContain("Changed in response to feedback on");
  });
});
