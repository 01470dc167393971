import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { createProposal, recordingPublisher } from "../../../test/helpers/consultations";
import { createUser } from "../../../test/helpers/factories";
import {
  agreeWithComment,
  deleteComment,
  editComment,
  getComment,
  listComments,
  listReplies,
  moderateComment,
  postComment,
  reportComment,
} from "./comments.server";
import { NewCommentSchema, type NewCommentInput } from "./consultations.schema";

async function person(roles: SessionUser["roles"] = [], organisation: string | null = null): Promise<SessionUser> {
  const { user } = await createUser({ roles: [...roles] });
  if (organisation) await db.user.update({ where: { id: user.id }, data: { organisation } });
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    stakeholderType: user.stakeholderType,
    organisation,
    emailVerified: true,
    roles: [...roles],
  };
}

const comment = (fields: Partial<NewCommentInput> = {}): NewCommentInput => ({
  intent: "comment",
  sectionId: null,
  paragraphIndex: null,
  parentId: null,
  body: "I have a view on this.",
  stance: null,
  onBehalf: false,
  ...fields,
});

const query = { sort: "newest" as const };

describe("posting comments", () => {
  it("comments on the whole proposal, a section, or one paragraph with its quote, and tells the room", async () => {
    const { proposal, sections } = await createProposal();
    const me = await person();
    const publisher = recordingPublisher();
    const whole = await postComment(me, proposal.id, comment(), publisher);
    const section = await postComment(me, proposal.id, comment({ sectionId: sections[1].id, stance: "SUPPORT" }), publisher);
    const paragraph = await postComment(me, proposal.id, comment({ sectionId: sections[1].id, paragraphIndex: 1 }), publisher);
    expect([whole.ok, section.ok, paragraph.ok]).toEqual([true, true, true]);
    const stored = await db.comment.findUniqueOrThrow({ where: { id: (paragraph as { commentId: string }).commentId } });
    expect(stored.quote).toBe("three Forum seats one carer seat");
    expect(publisher.events.map((e) => [e.room, e.name])).toEqual(Array(3).fill([`proposal:${proposal.id}`, "comment:created"]));
    expect(publisher.events[1].payload).toEqual({
      commentId: (section as { commentId: string }).commentId,
      parentId: null,
      sectionId: sections[1].id,
      authorId: me.id,
    });
  });

  it.each([
    ["an unknown section", { sectionId: "nope" }, "sectionId"],
    ["a paragraph that does not exist", { paragraphIndex: 9 }, "paragraphIndex"],
  ])("refuses %s and writes nothing", async (_, fields, field) => {
    const { proposal, sections } = await createProposal();
    const result = await postComment(await person(), proposal.id, comment({ sectionId: sections[0].id, ...fields }), recordingPublisher());
    expect(result).toMatchObject({ ok: false, status: 400, errors: { [field]: [expect.any(String)] } });
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("refuses a section of another proposal", async () => {
    const { proposal } = await createProposal();
    const other = await createProposal();
    const result = await postComment(await person(), proposal.id, comment({ sectionId: other.sections[0].id }), recordingPublisher());
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("refuses comments on a draft: not found for a reader, not open for a commissioner who can read it", async () => {
    const { proposal } = await createProposal({ status: "DRAFT" });
    expect(await postComment(await person(), proposal.id, comment(), recordingPublisher())).toEqual({
      ok: false,
      status: 404,
      errors: { form: ["This proposal does not exist"] },
    });
    expect(await postComment(await person(["COMMISSIONER"]), proposal.id, comment(), recordingPublisher())).toEqual({
      ok: false,
      status: 409,
      errors: { body: ["This proposal is not open for comments"] },
    });
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it.each([
    ["a closed proposal", { status: "CLOSED" as const }, "This proposal is not open for comments"],
    ["a proposal past its closing time", { closesAt: new Date(Date.now() - 1000) }, "The discussion period has closed, so comments can no longer be added"],
    ["a proposal not yet open", { opensAt: new Date(Date.now() + 86_400_000) }, "The discussion period has not started yet"],
  ])("refuses comments on %s", async (_, options, message) => {
    const { proposal } = await createProposal(options);
    const result = await postComment(await person(), proposal.id, comment(), recordingPublisher());
    expect(result).toEqual({ ok: false, status: 409, errors: { body: [message] } });
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });

  it("validates the text: empty and over 5,000 characters are refused with a clear message", () => {
    const empty = NewCommentSchema.safeParse({ intent: "comment", body: "   " });
    expect(empty.success).toBe(false);
    expect(empty.error!.issues[0].message).toBe("Enter your comment");
    const long = NewCommentSchema.safeParse({ intent: "comment", body: "x".repeat(5001) });
    expect(long.error!.issues[0].message).toBe("Comment must be 5,000 characters or fewer");
    expect(NewCommentSchema.safeParse({ intent: "comment", body: "x".repeat(5000) }).success).toBe(true);
    expect(NewCommentSchema.safeParse({ intent: "comment", body: "ok", stance: "FURIOUS" }).success).toBe(false);
  });

  it("lets someone respond on behalf of their organisation, and only then", async () => {
    const { proposal } = await createProposal();
    const withOrg = await person([], "Eccles Wellbeing Network");
    const ok = await postComment(withOrg, proposal.id, comment({ onBehalf: true }), recordingPublisher());
    expect((await db.comment.findUniqueOrThrow({ where: { id: (ok as { commentId: string }).commentId } })).onBehalfOf).toBe("Eccles Wellbeing Network");
    const refused = await postComment(await person(), proposal.id, comment({ onBehalf: true }), recordingPublisher());
    expect(refused).toMatchObject({ ok: false, status: 400, errors: { onBehalf: [expect.any(String)] } });
  });
});

describe("replies", () => {
  it("nest three levels; a reply to the third level joins it; the author hears about it", async () => {
    const { proposal } = await createProposal();
    const [a, b] = [await person(), await person()];
    const publisher = recordingPublisher();
    const top = (await postComment(a, proposal.id, comment(), publisher)) as { commentId: string };
    const second = (await postComment(b, proposal.id, comment({ parentId: top.commentId }), publisher)) as { commentId: string };
    const third = (await postComment(a, proposal.id, comment({ parentId: second.commentId }), publisher)) as { commentId: string };
    const fourth = (await postComment(b, proposal.id, comment({ parentId: third.commentId }), publisher)) as { commentId: string };
    const depths = await db.comment.findMany({
      where: { id: { in: [top, second, third, fourth].map((c) => c.commentId) } },
      select: { id: true, depth: true, parentId: true },
    });
    const byId = Object.fromEntries(depths.map((d) => [d.id, d]));
    expect([top, second, third, fourth].map((c) => byId[c.commentId].depth)).toEqual([0, 1, 2, 2]);
    expect(byId[fourth.commentId].parentId).toBe(second.commentId);
    // a wrote the comments b answered twice (the fourth answers a's third, though it nests under b's second).
    expect(await db.notification.count({ where: { userId: a.id, kind: "reply" } })).toBe(2);
    expect(await db.notification.count({ where: { userId: b.id, kind: "reply" } })).toBe(1);
    const mail = await db.outboxEmail.findFirst({ where: { to: a.email } });
    expect(mail?.subject).toContain("replied to your comment");

    const page = await listComments(proposal.id, a, query);
    expect(page.comments[0].replies[0].replies.map((r) => r.id).sort()).toEqual([third.commentId, fourth.commentId].sort());
  });

  it("refuses a reply to a comment of another proposal or to a deleted one", async () => {
    const { proposal } = await createProposal();
    const other = await createProposal();
    const me = await person();
    const elsewhere = (await postComment(me, other.proposal.id, comment(), recordingPublisher())) as { commentId: string };
    expect(await postComment(me, proposal.id, comment({ parentId: elsewhere.commentId }), recordingPublisher())).toMatchObject({ ok: false, status: 404 });
    const gone = (await postComment(me, proposal.id, comment(), recordingPublisher())) as { commentId: string };
    await deleteComment(me, proposal.id, gone.commentId, recordingPublisher());
    expect(await postComment(me, proposal.id, comment({ parentId: gone.commentId }), recordingPublisher())).toMatchObject({ ok: false, status: 409 });
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(1);
  });

  it("loads replies beyond the first few on demand, without gaps or repeats", async () => {
    const { proposal } = await createProposal();
    const me = await person();
    const top = (await postComment(me, proposal.id, comment(), recordingPublisher())) as { commentId: string };
    for (let i = 0; i < 25; i++) await postComment(me, proposal.id, comment({ parentId: top.commentId, body: `reply ${i}` }), recordingPublisher());
    const page = await listComments(proposal.id, me, query);
    expect(page.comments[0].replies).toHaveLength(3);
    expect(page.comments[0].replyCount).toBe(25);
    const first = await listReplies(proposal.id, top.commentId, me, null);
    const second = await listReplies(proposal.id, top.commentId, me, first!.nextCursor);
    expect(second!.nextCursor).toBeNull();
    const bodies = [...first!.replies, ...second!.replies].map((r) => r.html);
    expect(bodies).toEqual(Array.from({ length: 25 }, (_, i) => `<p>reply ${i}</p>\n`));
  });
});

describe("editing and deleting", () => {
  it("lets the author edit within 15 minutes, marked as edited, but not afterwards", async () => {
    const { proposal } = await createProposal();
    const me = await person();
    const posted = (await postComment(me, proposal.id, comment(), recordingPublisher())) as { commentId: string };
    const publisher = recordingPublisher();
    expect(await editComment(me, proposal.id, posted.commentId, "Changed my mind.", publisher)).toMatchObject({ ok: true });
    const view = await getComment(proposal.id, posted.commentId, me);
    expect(view).toMatchObject({ edited: true, html: "<p>Changed my mind.</p>\n", source: "Changed my mind." });
    expect((await getComment(proposal.id, posted.commentId, await person()))!.source).toBeNull();
    expect(publisher.events[0].payload).toEqual({ commentId: posted.commentId, change: "edited" });

    const later = new Date(Date.now() + 16 * 60 * 1000);
    const late = await editComment(me, proposal.id, posted.commentId, "Too late", recordingPublisher(), later);
    expect(late).toEqual({ ok: false, status: 403, errors: { body: ["Comments can only be changed in the 15 minutes after posting"] } });
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.commentId } })).body).toBe("Changed my mind.");
  });

  it("does not let anyone edit or delete someone else's comment", async () => {
    const { proposal } = await createProposal();
    const [me, other] = [await person(), await person(["COMMISSIONER"])];
    const posted = (await postComment(me, proposal.id, comment({ body: "Mine" }), recordingPublisher())) as { commentId: string };
    expect(await editComment(other, proposal.id, posted.commentId, "Theirs", recordingPublisher())).toMatchObject({ ok: false, status: 403 });
    expect(await deleteComment(other, proposal.id, posted.commentId, recordingPublisher())).toMatchObject({ ok: false, status: 403 });
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.commentId } })).body).toBe("Mine");
  });

  it("leaves a tombstone when deleted, so replies keep their place", async () => {
    const { proposal } = await createProposal();
    const [me, other] = [await person(), await person()];
    const top = (await postComment(me, proposal.id, comment({ body: "Original words" }), recordingPublisher())) as { commentId: string };
    await postComment(other, proposal.id, comment({ parentId: top.commentId, body: "A reply" }), recordingPublisher());
    expect(await deleteComment(me, proposal.id, top.commentId, recordingPublisher())).toEqual({ ok: true, commentId: top.commentId });
    const page = await listComments(proposal.id, other, query);
    expect(page.comments[0]).toMatchObject({ state: "deleted", html: null });
    expect(page.comments[0].replies[0].html).toBe("<p>A reply</p>\n");
    expect((await db.comment.findUniqueOrThrow({ where: { id: top.commentId } })).body).toBe("");
  });
});

describe("agreeing", () => {
  it("counts one agree per person, even when they press it many times at once", async () => {
    const { proposal } = await createProposal();
    const [author, fan] = [await person(), await person()];
    const posted = (await postComment(author, proposal.id, comment(), recordingPublisher())) as { commentId: string };
    const results = await Promise.all(Array.from({ length: 10 }, () => agreeWithComment(fan, proposal.id, posted.commentId, recordingPublisher())));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(
      results.filter((r) => !r.ok).every((r) => (r as { errors: Record<string, string[]> }).errors.form[0] === "You have already agreed with this comment"),
    ).toBe(true);
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.commentId } })).agreeCount).toBe(1);
    expect(await agreeWithComment(author, proposal.id, posted.commentId, recordingPublisher())).toMatchObject({ ok: false, status: 409 });
    expect((await getComment(proposal.id, posted.commentId, fan))!.agreedByMe).toBe(true);
  });
});

describe("moderation", () => {
  it("hides a comment once it reaches the report threshold, exactly once under simultaneous reports", async () => {
    const { proposal } = await createProposal({ reportThreshold: 3 });
    const author = await person();
    const posted = (await postComment(author, proposal.id, comment({ body: "Contentious" }), recordingPublisher())) as { commentId: string };
    const reporters = await Promise.all(Array.from({ length: 5 }, () => person()));
    const results = await Promise.all(reporters.map((r) => reportComment(r, proposal.id, posted.commentId, "Offensive", recordingPublisher())));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await db.moderationAction.count({ where: { commentId: posted.commentId, action: "AUTO_HIDE" } })).toBe(1);
    const view = await getComment(proposal.id, posted.commentId, await person());
    expect(view).toMatchObject({ state: "hidden", html: null, moderationReason: "Hidden while a moderator reviews reports about it" });
    expect(await reportComment(reporters[0], proposal.id, posted.commentId, "Again", recordingPublisher())).toMatchObject({ ok: false, status: 409 });
  });

  it("lets a moderator hide and restore with a reason, recording who and when; others are refused", async () => {
    const { proposal } = await createProposal();
    const [author, moderator, stranger] = [await person(), await person(["COMMISSIONER"]), await person()];
    const posted = (await postComment(author, proposal.id, comment({ body: "Names a member of staff" }), recordingPublisher())) as { commentId: string };
    expect(await moderateComment(stranger, proposal.id, { intent: "hide", commentId: posted.commentId, reason: "x" }, recordingPublisher())).toMatchObject({
      ok: false,
      status: 403,
    });

    const publisher = recordingPublisher();
    expect(
      await moderateComment(moderator, proposal.id, { intent: "hide", commentId: posted.commentId, reason: "Names a member of staff" }, publisher),
    ).toEqual({ ok: true, commentId: posted.commentId });
    expect(publisher.events[0].payload).toEqual({ commentId: posted.commentId, change: "moderated" });
    expect(await getComment(proposal.id, posted.commentId, stranger)).toMatchObject({
      state: "hidden",
      html: null,
      moderationReason: "Names a member of staff",
    });
    // The moderator can still read what was hidden.
    expect((await getComment(proposal.id, posted.commentId, moderator))!.html).toContain("Names a member of staff");

    await moderateComment(moderator, proposal.id, { intent: "restore", commentId: posted.commentId, reason: "Reviewed: fair comment" }, recordingPublisher());
    expect((await getComment(proposal.id, posted.commentId, stranger))!.state).toBe("visible");
    const actions = await db.moderationAction.findMany({ where: { commentId: posted.commentId }, orderBy: { createdAt: "asc" } });
    expect(actions.map((a) => [a.action, a.actorId, a.reason])).toEqual([
      ["HIDE", moderator.id, "Names a member of staff"],
      ["RESTORE", moderator.id, "Reviewed: fair comment"],
    ]);
  });

  it("with pre-moderation, shows a comment only to its author until a moderator approves it", async () => {
    const { proposal } = await createProposal({ premoderation: true });
    const [author, reader, moderator] = [await person(), await person(), await person(["COMMISSIONER"])];
    const publisher = recordingPublisher();
    const posted = (await postComment(author, proposal.id, comment({ body: "Please approve me" }), publisher)) as { commentId: string; pending: boolean };
    expect(posted.pending).toBe(true);
    expect(publisher.events).toEqual([]);
    expect((await listComments(proposal.id, reader, query)).comments).toEqual([]);
    expect((await listComments(proposal.id, author, query)).comments[0].state).toBe("pending");

    await moderateComment(moderator, proposal.id, { intent: "approve", commentId: posted.commentId, reason: "Fine" }, publisher);
    expect(publisher.events.map((e) => e.name)).toEqual(["comment:created"]);
    expect((await listComments(proposal.id, reader, query)).comments[0].state).toBe("visible");
  });

  it("raises a safeguarding alert and tells the moderators when a comment shows signs of crisis", async () => {
    const { proposal, commissioner } = await createProposal();
    const author = await person();
    const result = await postComment(author, proposal.id, comment({ body: "Honestly some days I want to die." }), recordingPublisher());
    expect(result).toMatchObject({ ok: true, crisis: true, pending: false });
    const alert = await db.safeguardingAlert.findFirstOrThrow({ where: { commentId: (result as { commentId: string }).commentId } });
    expect(alert.phrases).toEqual(["want to die"]);
    expect(await db.notification.count({ where: { userId: commissioner.id, kind: "safeguarding" } })).toBe(1);
  });
});

describe("listing", () => {
  it("pages top-level comments by 50 with a cursor: every comment once, in order", async () => {
    const { proposal } = await createProposal();
    const me = await person();
    const base = Date.now() - 200_000;
    await db.comment.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        proposalId: proposal.id,
        versionId: proposal.versions[0].id,
        authorId: me.id,
        body: `comment ${i}`,
        createdAt: new Date(base + i * 1000),
        agreeCount: i % 7,
      })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listComments(proposal.id, me, { sort: "oldest", cursor });
      sizes.push(page.comments.length);
      seen.push(...page.comments.map((c) => c.html!));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `<p>comment ${i}</p>\n`));

    const agreed = await listComments(proposal.id, me, { sort: "agreed" });
    const counts = agreed.comments.map((c) => c.agreeCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("filters by section, stakeholder type and stance", async () => {
    const { proposal, sections } = await createProposal();
    const carer = { ...(await person()), stakeholderType: "CARER" as const };
    await db.user.update({ where: { id: carer.id }, data: { stakeholderType: "CARER" } });
    const other = await person();
    await postComment(carer, proposal.id, comment({ sectionId: sections[0].id, stance: "CONCERN" }), recordingPublisher());
    await postComment(other, proposal.id, comment({ sectionId: sections[1].id, stance: "SUPPORT" }), recordingPublisher());
    await postComment(other, proposal.id, comment(), recordingPublisher());
    const count = async (q: Partial<Parameters<typeof listComments>[2]>) => (await listComments(proposal.id, other, { sort: "newest", ...q })).total;
    expect(await count({ section: sections[0].id })).toBe(1);
    expect(await count({ section: "whole" })).toBe(1);
    expect(await count({ type: "CARER" })).toBe(1);
    expect(await count({ stance: "SUPPORT" })).toBe(1);
    expect(await count({})).toBe(3);
  });
});

describe("notifications about replies", () => {
  it("always appear in the app, and by email only for those who want email", async () => {
    const { proposal } = await createProposal();
    const [quiet, replier] = [await person(), await person()];
    await db.notificationPreference.create({ data: { userId: quiet.id, kind: "reply", frequency: "OFF" } });
    const top = (await postComment(quiet, proposal.id, comment(), recordingPublisher())) as { commentId: string };
    const publisher = recordingPublisher();
    await postComment(replier, proposal.id, comment({ parentId: top.commentId }), publisher);
    expect(await db.notification.count({ where: { userId: quiet.id, kind: "reply" } })).toBe(1);
    expect(await db.outboxEmail.count({ where: { to: quiet.email } })).toBe(0);
    // Their open pages are told, so the unread count goes up live.
    expect(publisher.events.some((e) => e.room === `user:${quiet.id}` && e.name === "notification:new")).toBe(true);
  });

  it("go only to people who may still read the proposal, since they name it", async () => {
    const { proposal, commissioner } = await createProposal();
    const [before, invitee] = [await person(), await person()];
    const top = (await postComment(before, proposal.id, comment(), recordingPublisher())) as { commentId: string };
    // The proposal is made invitation-only; the first commenter is not invited.
    await db.proposal.update({ where: { id: proposal.id }, data: { audience: "INVITED" } });
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: invitee.email,
        userId: invitee.id,
        tokenHash: crypto.randomUUID(),
        invitedById: commissioner.id,
        acceptedAt: new Date(),
      },
    });
    const reply = await postComment(invitee, proposal.id, comment({ parentId: top.commentId }), recordingPublisher());
    expect(reply.ok).toBe(true);
    const reply2 = (await postComment(invitee, proposal.id, comment({ parentId: top.commentId, body: "And another." }), recordingPublisher())) as {
      commentId: string;
    };
    // A reply approved by a moderator later tells no one who may not read the proposal either.
    await db.comment.update({ where: { id: reply2.commentId }, data: { moderation: "PENDING" } });
    expect(
      (await moderateComment(await person(["COMMISSIONER"]), proposal.id, { intent: "approve", commentId: reply2.commentId, reason: "" }, recordingPublisher()))
        .ok,
    ).toBe(true);
    expect(await db.notification.count({ where: { userId: before.id } })).toBe(0);
    expect(await db.outboxEmail.count({ where: { to: before.email, text: { contains: proposal.title } } })).toBe(0);
  });
});

describe("invitation-only proposals", () => {
  // The commands check access themselves: called directly, as a route or a socket would.
  it("refuse every comment command by someone not (or no longer) invited, and change nothing", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const [invitee, outsider] = [await person(), await person()];
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: `${invitee.id}@example.test`,
        tokenHash: `hash-${invitee.id}`,
        invitedById: proposal.createdById,
        userId: invitee.id,
        acceptedAt: new Date(),
      },
    });
    const posted = await postComment(invitee, proposal.id, comment({ body: "Invited and welcome" }), recordingPublisher());
    expect(posted).toMatchObject({ ok: true });
    const inviteesComment = (posted as { commentId: string }).commentId;
    // A comment the outsider wrote while they were invited: the invitation is gone now.
    const own = await db.comment.create({
      data: {
        proposalId: proposal.id,
        versionId: (await db.proposalVersion.findFirstOrThrow({ where: { proposalId: proposal.id } })).id,
        authorId: outsider.id,
        body: "Written while invited",
      },
    });

    const notFound = { ok: false, status: 404, errors: { form: ["This proposal does not exist"] } };
    expect(await postComment(outsider, proposal.id, comment({ body: "Let me in" }), recordingPublisher())).toEqual(notFound);
    expect(await postComment(outsider, proposal.id, comment({ body: "Let me in", parentId: inviteesComment }), recordingPublisher())).toEqual(notFound);
    expect(await editComment(outsider, proposal.id, own.id, "Changed after all", recordingPublisher())).toEqual(notFound);
    expect(await deleteComment(outsider, proposal.id, own.id, recordingPublisher())).toEqual(notFound);
    expect(await agreeWithComment(outsider, proposal.id, inviteesComment, recordingPublisher())).toEqual(notFound);
    expect(await reportComment(outsider, proposal.id, inviteesComment, "Spite", recordingPublisher())).toEqual(notFound);

    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(2);
    expect(await db.comment.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ body: "Written while invited", deletedAt: null, editedAt: null });
    expect(await db.comment.findUniqueOrThrow({ where: { id: inviteesComment } })).toMatchObject({ agreeCount: 0, reportCount: 0 });
    // The invitee, and a moderator, may act.
    expect(await agreeWithComment(await person(["COMMISSIONER"]), proposal.id, inviteesComment, recordingPublisher())).toMatchObject({
      ok: true,
      agreeCount: 1,
    });
  });
});
