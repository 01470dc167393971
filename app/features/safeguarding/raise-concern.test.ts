import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createProposal, recordingPublisher } from "../../../test/helpers/consultations";
import { createUser } from "../../../test/helpers/factories";
import { createMeeting } from "../../../test/helpers/meetings";
import { db } from "#app/utils/db.server";
import { inTransaction } from "#app/utils/outbox.server";
import { raiseConcern, type Concern } from "./raise-concern.server";

// Every kind of text goes through raiseConcern, so every kind alerts the same way: an alert in
// the queue, and a notification with an email to each person whose role responds to that kind.
async function subjects() {
  const { proposal } = await createProposal({ status: "OPEN" });
  const { user: author } = await createUser();
  const comment = await db.comment.create({ data: { proposalId: proposal.id, versionId: proposal.versions[0].id, authorId: author.id, body: "x" } });
  const meeting = await createMeeting();
  const question = await db.question.create({ data: { meetingId: meeting.id, authorId: author.id, text: "x" } });
  const room = await db.forumRoom.create({ data: { slug: `room-${crypto.randomUUID().slice(0, 8)}`, name: "Peer support", description: "x" } });
  const message = await db.forumMessage.create({ data: { roomId: room.id, authorId: author.id, body: "x" } });
  return { comment: comment.id, question: question.id, message: message.id };
}

async function raise(text: string, concern: Concern) {
  return inTransaction(recordingPublisher(), (_tx, outbox) => raiseConcern(outbox, text, concern));
}

const alertsTo = async (userId: string) => ({
  notifications: await db.notification.count({ where: { userId, kind: "safeguarding" } }),
  emails: await db.outboxEmail.count({
    where: { to: (await db.user.findUniqueOrThrow({ where: { id: userId } })).email, subject: { contains: "Safeguarding" } },
  }),
});

describe("raising a safeguarding concern", () => {
  it("alerts, with an email, exactly the roles that respond to each kind of text", async () => {
    const ids = await subjects();
    const { user: commissioner } = await createUser({ roles: ["COMMISSIONER"] });
    const { user: officer } = await createUser({ roles: ["FORUM_OFFICER"] });
    const { user: member } = await createUser({ roles: ["FORUM_MEMBER"] });

    expect(await raise("I want to end my life", { kind: "comment", id: ids.comment, where: "on the crisis café", link: "/x" })).toBe(true);
    expect(await raise("I can't go on", { kind: "question", id: ids.question, where: "at the open meeting", link: "/x" })).toBe(true);
    expect(await alertsTo(commissioner.id)).toEqual({ notifications: 2, emails: 2 });
    expect(await alertsTo(officer.id)).toEqual({ notifications: 0, emails: 0 });

    expect(await raise("Some days I think about self-harm", { kind: "message", id: ids.message, where: "in Peer support", link: "/x" })).toBe(true);
    expect(await alertsTo(officer.id)).toEqual({ notifications: 1, emails: 1 });
    expect(await alertsTo(commissioner.id)).toEqual({ notifications: 2, emails: 2 });
    expect(await alertsTo(member.id)).toEqual({ notifications: 0, emails: 0 });

    const alerts = await db.safeguardingAlert.findMany({
      where: { OR: [{ commentId: ids.comment }, { questionId: ids.question }, { messageId: ids.message }] },
    });
    expect(alerts).toHaveLength(3);
  });

  it("raises nothing for ordinary words", async () => {
    const ids = await subjects();
    expect(await raise("Is there parking at Hemsley House?", { kind: "question", id: ids.question, where: "at the open meeting", link: "/x" })).toBe(false);
    expect(await db.safeguardingAlert.count({ where: { questionId: ids.question } })).toBe(0);
  });
});
