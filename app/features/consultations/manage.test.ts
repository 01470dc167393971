import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { addDays, londonToday } from "#app/utils/dates";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal, recordingPublisher } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser, uniqueEmail } from "../../../test/helpers/factories";
import { runProposalSchedule } from "./manage-proposals.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const today = londonToday();
const draftForm = (title: string, fields: Record<string, string | string[]> = {}) => ({
  intent: "save",
  title,
  summary: "How we will run the crisis café.",
  audience: "PUBLIC",
  opensDate: addDays(today, 2),
  opensTime: "09:00",
  closesDate: addDays(today, 30),
  closesTime: "17:00",
  number: ["1", "2", ""],
  heading: ["Why", "What", ""],
  body: ["Because people asked.", "A calm place.\n\n| open | close |\n| - | - |\n| 6pm | midnight |", ""],
  ...fields,
});

describe("managing proposals", () => {
  it("is for commissioners only: every page and action refuses anyone else, and nothing is written", async () => {
    const { proposal } = await createProposal();
    const stakeholder = await signedInUser({ roles: ["FORUM_OFFICER"] });
    for (const path of [
      "/manage/proposals",
      "/manage/proposals/new",
      `/manage/proposals/${proposal.slug}`,
      `/manage/proposals/${proposal.slug}/comments.csv`,
      "/manage/moderation",
    ]) {
      expect((await getPage(`${server.url}${path}`, stakeholder.cookie)).status, path).toBe(403);
    }
    const title = `Sneaky ${uniqueEmail()}`;
    expect((await postForm(`${server.url}/manage/proposals/new`, draftForm(title), stakeholder.cookie)).status).toBe(403);
    expect((await postForm(`${server.url}/manage/proposals/${proposal.slug}`, { intent: "close-early", reason: "x" }, stakeholder.cookie)).status).toBe(403);
    expect(await db.proposal.count({ where: { title } })).toBe(0);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("OPEN");
  });

  it.each([
    ["no title", { title: "" }, "Enter a title"],
    ["a closing date before the opening", { closesDate: addDays(today, 1) }, "The discussion must close after it opens"],
    ["a section without text", { body: ["Because.", "", ""] }, "Enter the text of section 2"],
    ["two sections with one number", { number: ["1", "1", ""] }, "Each section needs a different number"],
    ["no report threshold", { reportThreshold: "0" }, "At least 1 report is needed to hide a comment"],
  ])("refuses a draft with %s, saying why", async (_, fields, message) => {
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const title = `Café ${uniqueEmail()}`;
    const response = await postForm(`${server.url}/manage/proposals/new`, draftForm(title, fields), commissioner.cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await db.proposal.count({ where: { title } })).toBe(0);
  });

  it("previews the sections' Markdown without saving anything", async () => {
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const title = `Preview ${uniqueEmail()}`;
    const response = await postForm(`${server.url}/manage/proposals/new`, { ...draftForm(title), intent: "preview" }, commissioner.cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<table class="nhsuk-table">');
    expect(html).toContain("Preview of section 2");
    expect(await db.proposal.count({ where: { title } })).toBe(0);
  });

  it("creates a draft nobody else can see, publishes it, and the scheduler opens and closes it on time", async () => {
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const reader = await signedInUser();
    const title = `Crisis café ${uniqueEmail()}`;
    const created = await postForm(`${server.url}/manage/proposals/new`, draftForm(title), commissioner.cookie);
    expect(created.status).toBe(302);
    const proposal = await db.proposal.findFirstOrThrow({ where: { title }, include: { versions: { include: { sections: true } } } });
    expect(proposal.status).toBe("DRAFT");
    expect(proposal.versions[0].sections.map((s) => s.number).sort()).toEqual(["1", "2"]);
    expect((await getPage(`${server.url}/proposals/${proposal.slug}`, reader.cookie)).status).toBe(404);

    expect((await postForm(`${server.url}/manage/proposals/${proposal.slug}`, { intent: "publish" }, commissioner.cookie)).status).toBe(302);
    const published = await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(published.status).toBe("DRAFT"); // scheduled: opens in two days
    expect(published.publishedAt).not.toBeNull();

    const publisher = recordingPublisher();
    await runProposalSchedule(publisher, new Date(published.discussionOpensAt!.getTime() - 1000));
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("DRAFT");
    // A server that was down at opening time catches up when it next runs.
    await runProposalSchedule(publisher, new Date(published.discussionOpensAt!.getTime() + 3_600_000));
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("OPEN");
    await runProposalSchedule(publisher, new Date(published.discussionClosesAt!.getTime() + 1));
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("CLOSED");
    expect(publisher.events.filter((e) => e.room === `proposal:${proposal.id}`).map((e) => e.name)).toEqual(["proposal:status", "proposal:status"]);
  });

  it("closes early only with a reason, shows the reason, and refuses comments afterwards", async () => {
    const { proposal } = await createProposal();
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const noReason = await postForm(`${server.url}/manage/proposals/${proposal.slug}`, { intent: "close-early", reason: "" }, commissioner.cookie);
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Say why, so readers understand");
    expect((await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("OPEN");

    await postForm(
      `${server.url}/manage/proposals/${proposal.slug}`,
      { intent: "close-early", reason: "The service change was withdrawn" },
      commissioner.cookie,
    );
    const page = await (await getPage(`${server.url}/proposals/${proposal.slug}`)).text();
    expect(page).toContain("Closed early: The service change was withdrawn");
    const reader = await signedInUser();
    const comment = await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Too late?" }, reader.cookie);
    expect(comment.status).toBe(409);
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("tells of a revision only the commenters who may read it: one that makes the proposal invitation-only tells the uninvited nothing", async () => {
    const { proposal } = await createProposal();
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const [outsider, invitee] = [await signedInUser(), await signedInUser()];
    for (const commenter of [outsider, invitee])
      await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Please add a carer seat." }, commenter.cookie);
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: invitee.email,
        userId: invitee.user.id,
        tokenHash: crypto.randomUUID(),
        invitedById: commissioner.user.id,
        acceptedAt: new Date(),
      },
    });
    const response = await postForm(
      `${server.url}/manage/proposals/${proposal.slug}`,
      { ...draftForm(proposal.title), audience: "INVITED", changeNote: "Now for the carers' group only." },
      commissioner.cookie,
    );
    expect(response.status).toBe(302);
    expect(await db.notification.count({ where: { userId: invitee.user.id, kind: "new-version" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: outsider.user.id, kind: "new-version" } })).toBe(0);
    expect(await db.outboxEmail.count({ where: { to: outsider.email, text: { contains: proposal.title } } })).toBe(0);
  });

  it("publishes a revised version, keeps the old one readable, and tells those who commented", async () => {
    const { proposal } = await createProposal();
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const commenter = await signedInUser();
    await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Please add a carer seat." }, commenter.cookie);
    const response = await postForm(
      `${server.url}/manage/proposals/${proposal.slug}`,
      {
        ...draftForm(proposal.title),
        number: ["1", "3", ""],
        heading: ["Introduction", "The Board", ""],
        body: ["First paragraph of the introduction.", "The Board has two carer seats.", ""],
        changeNote: "Added a second carer seat.",
      },
      commissioner.cookie,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/manage/proposals/${proposal.slug}?done=${encodeURIComponent("Version 2 published")}`);
    expect(await (await getPage(`${server.url}/proposals/${proposal.slug}`)).text()).toContain("The Board has two carer seats.");
    // A revision says what changed: without a note it is refused beside the note's field, and nothing is published.
    const noNote = await postForm(`${server.url}/manage/proposals/${proposal.slug}`, { ...draftForm(proposal.title), changeNote: " " }, commissioner.cookie);
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain("Describe what changed");
    expect(await db.proposalVersion.count({ where: { proposalId: proposal.id } })).toBe(2);
    const old = (await (await getPage(`${server.url}/proposals/${proposal.slug}?version=1`)).text()).replaceAll("<!-- -->", "");
    expect(old).toContain("You are reading version 1");
    expect(old).toContain("three Forum seats");
    expect(await db.notification.count({ where: { userId: commenter.user.id, kind: "new-version" } })).toBe(1);
    // Settings saved with a revision are kept too.
    await postForm(
      `${server.url}/manage/proposals/${proposal.slug}`,
      { ...draftForm(proposal.title), premoderation: "on", reportThreshold: "5", changeNote: "Checking comments first." },
      commissioner.cookie,
    );
    expect(await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ premoderation: true, reportThreshold: 5 });
  });

  it("carries a proposal through its whole life: closed, under review, revised, decided", async () => {
    const { proposal } = await createProposal({ status: "CLOSED" });
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const manage = (fields: Record<string, string | string[]>) => postForm(`${server.url}/manage/proposals/${proposal.slug}`, fields, commissioner.cookie);
    const status = async () => (await db.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).status;

    const tooEarly = await manage({ intent: "decide", reason: "Approved by the Board" });
    expect(tooEarly.status).toBe(409);
    expect(await tooEarly.text()).toContain("A decision can be recorded once the feedback has been reviewed");
    expect(await status()).toBe("CLOSED");

    expect((await manage({ intent: "review", reason: "" })).status).toBe(302);
    expect(await status()).toBe("UNDER_REVIEW");
    expect((await manage({ intent: "review" })).status).toBe(409);

    const revised = await manage({
      ...draftForm(proposal.title),
      number: ["1", ""],
      heading: ["Introduction", ""],
      body: ["Rewritten after the consultation.", ""],
      changeNote: "Rewritten in plain English.",
    });
    expect(revised.status).toBe(302);
    expect(await status()).toBe("REVISED");

    const noDecision = await manage({ intent: "decide", reason: "" });
    expect(noDecision.status).toBe(400);
    expect(await noDecision.text()).toContain("Say what was decided, and by whom");
    expect((await manage({ intent: "decide", reason: "Approved by the Partnership Board" })).status).toBe(302);
    expect(await status()).toBe("DECIDED");
    const page = (await (await getPage(`${server.url}/proposals/${proposal.slug}`)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("Decided: Approved by the Partnership Board");
    expect(page).toContain(">Decided<");
    const audit = await db.auditEvent.findMany({ where: { subject: `proposal:${proposal.id}` }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["proposal.review", "proposal.decide"]);
  });

  it("exports every comment as CSV with every field", async () => {
    const { proposal, sections } = await createProposal();
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const author = await signedInUser();
    await postForm(
      `${server.url}/proposals/${proposal.slug}`,
      { intent: "comment", body: 'Quotes "and", commas', sectionId: sections[1].id, paragraphIndex: "1", stance: "SUGGESTION" },
      author.cookie,
    );
    const response = await getPage(`${server.url}/manage/proposals/${proposal.slug}/comments.csv`, commissioner.cookie);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain(`${proposal.slug}-comments.csv`);
    const [header, row] = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(header).toBe(
      "comment id,proposal version,section,paragraph,quoted paragraph,author display name,stakeholder type,organisation,on behalf of,stance,text,agrees,replies to,created,edited,moderation state,moderation reason,reports,themes,key quote,channel,consent to publish",
    );
    expect(row).toContain('"Quotes ""and"", commas"');
    // Written on the platform: the channel says so and consent does not apply.
    expect(row.endsWith(",PLATFORM,")).toBe(true);
    expect(row).toContain("3 The Board,2,three Forum seats one carer seat");
    expect(row).toContain("SUGGESTION");
    expect(row).toContain("VISIBLE");
  });

  it("invites stakeholders to an invitation-only proposal; accepting creates their account", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const outsider = await signedInUser();
    expect((await getPage(`${server.url}/proposals/${proposal.slug}`, outsider.cookie)).status).toBe(404);
    const bad = await postForm(`${server.url}/manage/proposals/${proposal.slug}`, { intent: "invite", emails: "not-an-email" }, commissioner.cookie);
    expect(bad.status).toBe(400);

    const email = uniqueEmail("invitee");
    expect(
      (await postForm(`${server.url}/manage/proposals/${proposal.slug}`, { intent: "invite", emails: `${email}\n${email}` }, commissioner.cookie)).status,
    ).toBe(302);
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: email } });
    const link = /https?:\/\/\S+/.exec(mail.text)![0].replace(/^https?:\/\/[^/]+/, server.url);
    const accept = await postForm(link, { intent: "create-account", displayName: "Invited Irene", password: "orchard-lantern-tide", stakeholderType: "CARER" });
    expect(accept.status).toBe(302);
    const cookie = accept.headers.get("set-cookie")!.split(";")[0];
    expect((await getPage(`${server.url}/proposals/${proposal.slug}`, cookie)).status).toBe(200);
    expect((await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Thank you for asking." }, cookie)).status).toBe(302);
    expect((await getPage(`${server.url}/proposals/${proposal.slug}`, outsider.cookie)).status).toBe(404);
  });

  it("marks a safeguarding alert handled once; a second press says it was already handled", async () => {
    const { proposal } = await createProposal();
    const moderator = await signedInUser({ roles: ["COMMISSIONER"] });
    const author = await signedInUser();
    const version = await db.proposalVersion.findFirstOrThrow({ where: { proposalId: proposal.id } });
    const comment = await db.comment.create({ data: { proposalId: proposal.id, versionId: version.id, authorId: author.user.id, body: "I cannot go on" } });
    const alert = await db.safeguardingAlert.create({ data: { commentId: comment.id, phrases: ["cannot go on"] } });
    const handle = () => postForm(`${server.url}/manage/moderation`, { intent: "handle-alert", alertId: alert.id }, moderator.cookie);
    expect((await postForm(`${server.url}/manage/moderation`, { intent: "handle-alert", alertId: alert.id }, author.cookie)).status).toBe(403);
    expect((await db.safeguardingAlert.findUniqueOrThrow({ where: { id: alert.id } })).handledAt).toBeNull();
    const first = await handle();
    expect(first.status).toBe(302);
    expect(await db.safeguardingAlert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ handledById: moderator.user.id });
    const again = await handle();
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("This alert has already been handled");
  });
});
