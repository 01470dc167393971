import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";
import { createMeeting } from "../../../test/helpers/meetings";
import { reviseProposal } from "./manage-proposals.server";
import { ProposalFormSchema } from "./manage.schema";

// The proposal page's thread is rendered once per audience and shared (ADR 020). These tests
// read pages as several people in turn, so later readers are served from the shared render.

let server: TestServer;
beforeAll(async () => {
  // No page cache for signed-out visitors, so every signed-out read reaches the thread.
  server = await startTestServer({ PAGE_CACHE_MS: "0" });
});
afterAll(() => server.close());

/** The page's text as a person reads it (React's text separators removed). */
const read = async (slug: string, cookie?: string) => {
  const response = await getPage(`${server.url}/proposals/${slug}`, cookie);
  expect(response.status).toBe(200);
  return (await response.text()).replaceAll("<!-- -->", "");
};

async function post(slug: string, cookie: string, fields: Record<string, string>) {
  const response = await postForm(`${server.url}/proposals/${slug}`, fields, cookie);
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!, server.url).searchParams.get("posted")!;
}

const count = (html: string, text: string) => html.split(text).length - 1;
const editLink = (id: string) => `href="?edit=${id}#edit-panel-${id}"`;
const deleteButton = (id: string) => new RegExp(`name="commentId" value="${id}"/><button type="submit" name="intent" value="delete"`);
const agreeButton = (name: string) => `Agree<span class="nhsuk-u-visually-hidden"> with ${name}&#x27;s comment`;

describe("the shared thread", () => {
  it("shows each reader their own agrees and controls, and never another reader's, from the same shared render", async () => {
    const { proposal } = await createProposal();
    const ana = await signedInUser({ displayName: "Ana" });
    const ben = await signedInUser({ displayName: "Ben" });
    const reader = await signedInUser({ displayName: "Rae" });
    const anas = await post(proposal.slug, ana.cookie, { intent: "comment", body: "Ana thinks the Board is too small." });
    const bens = await post(proposal.slug, ben.cookie, { intent: "comment", body: "Ben wants evening meetings." });
    await post(proposal.slug, reader.cookie, { intent: "agree", commentId: anas });

    // Rae reads first (the shared render is made), then twice more, then Ana and Ben read it.
    for (let i = 0; i < 3; i++) {
      const rae = await read(proposal.slug, reader.cookie);
      expect(count(rae, "(including you)")).toBe(1);
      expect(rae).toContain("1 person agrees (including you)");
      expect(rae).not.toContain(agreeButton("Ana"));
      expect(rae).toContain(agreeButton("Ben"));
      expect(rae).not.toContain(editLink(anas));
      expect(rae).not.toContain(editLink(bens));
      expect(rae).not.toMatch(deleteButton(anas));
    }
    const anaPage = await read(proposal.slug, ana.cookie);
    expect(anaPage).toContain(editLink(anas));
    expect(anaPage).toMatch(deleteButton(anas));
    expect(anaPage).not.toContain(editLink(bens));
    expect(anaPage).not.toMatch(deleteButton(bens));
    expect(anaPage).not.toContain("(including you)");
    expect(anaPage).toContain("1 person agrees");
    // Nobody agrees with or reports their own comment.
    expect(anaPage).not.toContain(agreeButton("Ana"));
    expect(anaPage).not.toContain(`href="?report=${anas}`);
    const benPage = await read(proposal.slug, ben.cookie);
    expect(benPage).toContain(editLink(bens));
    expect(benPage).not.toContain(editLink(anas));
    expect(benPage).not.toContain("(including you)");
    expect(benPage).toContain(agreeButton("Ana"));
    const outsider = await read(proposal.slug);
    expect(outsider).not.toContain("(including you)");
    expect(outsider).not.toContain("?edit=");
    expect(outsider).not.toContain(agreeButton("Ana"));

    // After a change (Ben agrees with Ana: a live update), each still sees only their own.
    await post(proposal.slug, ben.cookie, { intent: "agree", commentId: anas });
    const raeAfter = await read(proposal.slug, reader.cookie);
    expect(raeAfter).toContain("2 people agree (including you)");
    const benAfter = await read(proposal.slug, ben.cookie);
    expect(benAfter).toContain("2 people agree (including you)");
    expect(benAfter).toContain(editLink(bens));
    const anaAfter = await read(proposal.slug, ana.cookie);
    expect(anaAfter).not.toContain("(including you)");
    expect(anaAfter).toContain("2 people agree");

    // What a live update fetches for the reader carries their state only.
    const view = async (cookie: string) =>
      (
        (await (await getPage(`${server.url}/proposals/${proposal.slug}/comments/${anas}/view?replies=1`, cookie)).json()) as {
          comment: { agreedByMe: boolean; canEdit: boolean; source: string | null };
        }
      ).comment;
    expect(await view(reader.cookie)).toMatchObject({ agreedByMe: true, canEdit: false, source: null });
    expect(await view(ana.cookie)).toMatchObject({ agreedByMe: false, canEdit: true, source: "Ana thinks the Board is too small." });
  });

  it("sends each comment's words once: in the page, not again in the data for hydration", async () => {
    const { proposal } = await createProposal();
    const ana = await signedInUser({ displayName: "Ana" });
    const reader = await signedInUser();
    await post(proposal.slug, ana.cookie, { intent: "comment", body: "Unmistakable words about transport." });
    const page = await read(proposal.slug, reader.cookie);
    expect(count(page, "Unmistakable words about transport.")).toBe(1);
    expect(count(page, "First paragraph of the introduction.")).toBe(1);
    // The browser's router, which has no HTML, gets them as data.
    const data = await getPage(`${server.url}/proposals/${proposal.slug}?_data=${encodeURIComponent("routes/proposals+/$slug")}`, reader.cookie);
    expect(await data.text()).toContain("Unmistakable words about transport.");
  });

  it("is rendered again after edits, deletions, moderation and new versions", async () => {
    const { proposal, commissioner } = await createProposal();
    const ana = await signedInUser({ displayName: "Ana" });
    const moderator = await signedInUser({ roles: ["COMMISSIONER"] });
    const reader = await signedInUser();
    const first = await post(proposal.slug, ana.cookie, { intent: "comment", body: "My first words." });
    const second = await post(proposal.slug, ana.cookie, { intent: "comment", body: "Words I will take back." });
    const third = await post(proposal.slug, ana.cookie, { intent: "comment", body: "Something a moderator will remove." });
    expect(await read(proposal.slug, reader.cookie)).toContain("My first words.");
    expect(await read(proposal.slug)).toContain("My first words.");

    await post(proposal.slug, ana.cookie, { intent: "edit", commentId: first, body: "My better words." });
    for (const cookie of [reader.cookie, undefined]) {
      const page = await read(proposal.slug, cookie);
      expect(page).toContain("My better words.");
      expect(page).not.toContain("My first words.");
    }

    await post(proposal.slug, ana.cookie, { intent: "delete", commentId: second });
    for (const cookie of [reader.cookie, undefined]) {
      const page = await read(proposal.slug, cookie);
      expect(page).not.toContain("Words I will take back.");
      expect(page).toContain("This comment was deleted by its author.");
    }

    await post(proposal.slug, moderator.cookie, { intent: "hide", commentId: third, reason: "Personal details" });
    for (const cookie of [reader.cookie, undefined]) {
      const page = await read(proposal.slug, cookie);
      expect(page).not.toContain("Something a moderator will remove.");
      expect(page).toContain("Removed by a moderator: Personal details");
    }
    // Moderators share a render of their own, which still shows what was removed.
    expect(await read(proposal.slug, moderator.cookie)).toContain("Something a moderator will remove.");

    // A comment written straight to the database (no event) stays out of the shared render
    // until the next event on the proposal, here a new version.
    await db.comment.create({
      data: { proposalId: proposal.id, versionId: proposal.versions[0].id, authorId: ana.user.id, body: "Arrived without an event." },
    });
    expect(await read(proposal.slug, reader.cookie)).not.toContain("Arrived without an event.");
    const form = ProposalFormSchema.parse({
      intent: "save",
      title: proposal.title,
      summary: proposal.summary,
      audience: "PUBLIC",
      opensDate: "2026-01-01",
      closesDate: "2030-01-01",
      number: ["1"],
      heading: ["Introduction"],
      body: ["The words of the second version."],
    });
    expect(
      await reviseProposal({ ...commissioner, emailVerified: true, roles: ["COMMISSIONER"] }, proposal.slug, form, "Shorter", server.publisher),
    ).toMatchObject({ ok: true });
    const revised = await read(proposal.slug, reader.cookie);
    expect(revised).toContain("The words of the second version.");
    expect(revised).toContain("Arrived without an event.");
  });

  it("never serves an invitation-only proposal's thread to someone not invited", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const guest = await signedInUser({ displayName: "Guest" });
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: guest.email,
        tokenHash: `shared-${proposal.id}`,
        invitedById: proposal.createdById,
        userId: guest.user.id,
        acceptedAt: new Date(),
      },
    });
    const id = await post(proposal.slug, guest.cookie, { intent: "comment", body: "For invited eyes only." });
    // The invited guest's reads make the shared render; the outsider's must not reach it.
    expect(await read(proposal.slug, guest.cookie)).toContain("For invited eyes only.");
    expect(await read(proposal.slug, guest.cookie)).toContain("For invited eyes only.");
    const outsider = await signedInUser();
    for (const cookie of [outsider.cookie, undefined]) {
      const page = await getPage(`${server.url}/proposals/${proposal.slug}`, cookie);
      expect(page.status).toBe(404);
      expect(await page.text()).not.toContain("For invited eyes only.");
      const data = await getPage(`${server.url}/proposals/${proposal.slug}?_data=${encodeURIComponent("routes/proposals+/$slug")}`, cookie);
      expect(await data.text()).not.toContain("For invited eyes only.");
      expect((await getPage(`${server.url}/proposals/${proposal.slug}/comments/${id}/view?replies=1`, cookie)).status).toBe(404);
    }
    // An invitation not yet accepted does not open the page either.
    const pending = await signedInUser();
    await db.proposalInvitation.create({
      data: { proposalId: proposal.id, email: pending.email, tokenHash: `pending-${proposal.id}`, invitedById: proposal.createdById, userId: pending.user.id },
    });
    expect((await getPage(`${server.url}/proposals/${proposal.slug}`, pending.cookie)).status).toBe(404);
  });

  it("shows the proposal's meetings and published outcome as they are now, though the thread is shared", async () => {
    const { proposal } = await createProposal();
    const reader = await signedInUser();
    await post(proposal.slug, reader.cookie, { intent: "comment", body: "A thought worth sharing." });
    expect(await read(proposal.slug, reader.cookie)).not.toContain("What we did with your feedback");
    // Neither change announces itself in the proposal's room; the next read still shows it.
    const meeting = await createMeeting();
    await db.meeting.update({ where: { id: meeting.id }, data: { proposalId: proposal.id, title: "Drop-in about this proposal" } });
    await db.consultationOutcome.create({ data: { proposalId: proposal.id, publishedAt: new Date() } });
    for (const cookie of [reader.cookie, undefined]) {
      const page = await read(proposal.slug, cookie);
      expect(page).toContain("A thought worth sharing.");
      expect(page).toContain("Drop-in about this proposal");
      expect(page).toContain("What we did with your feedback");
    }
  });

  it("shows a comment awaiting moderation to its author only, though others read the shared render", async () => {
    const { proposal } = await createProposal({ premoderation: true });
    const ana = await signedInUser({ displayName: "Ana" });
    const reader = await signedInUser();
    await read(proposal.slug, reader.cookie);
    await post(proposal.slug, ana.cookie, { intent: "comment", body: "Waiting for a moderator." });
    expect(await read(proposal.slug, reader.cookie)).not.toContain("Waiting for a moderator.");
    const own = await read(proposal.slug, ana.cookie);
    expect(own).toContain("Waiting for a moderator.");
    expect(own).toContain("Awaiting approval: only you and the moderators can see this");
    expect(await read(proposal.slug, reader.cookie)).not.toContain("Waiting for a moderator.");
  });
});
