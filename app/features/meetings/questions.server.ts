import { Prisma } from "#app/generated/prisma/client";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { inTransaction, type Outbox } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { raiseConcern } from "#app/features/safeguarding/raise-concern.server";
import { questionsRoom } from "./meetings.events";
import { canOrganise, seesQuestion } from "./meetings.policy";
import { fail, ok, type CommandResult, type Success } from "#app/utils/results";
import { hasConfirmedEmail, unconfirmedEmail } from "#app/features/accounts/accounts.policy";
import { answerOnce, earlierAnswer, type Submission } from "#app/utils/idempotency.server";
import { checkFloodLimit } from "#app/utils/flood-control.server";
import type { JoinRule } from "#app/utils/realtime-rooms";

async function meetingFor(slug: string) {
  return db.meeting.findUnique({ where: { slug }, select: { id: true, slug: true, title: true, startsAt: true, endsAt: true } });
}

/** People with a confirmed place (in the room or online) and organisers take part. Matched by account, never by
 * email address: an address is only linked to an account once its owner has confirmed it. */
async function mayTakePart(actor: SessionUser, meetingId: string) {
  if (canOrganise(actor)) return true;
  const registration = await db.registration.findFirst({ where: { meetingId, status: "CONFIRMED", userId: actor.id }, select: { id: true } });
  return registration !== null;
}

/** The queue, most votes first. Organisers see hidden questions and every author's name. */
export async function questionQueue(viewer: SessionUser | null, slug: string) {
  const meeting = await meetingFor(slug);
  if (!meeting) return null;
  const organiser = canOrganise(viewer);
  const questions = await db.question.findMany({
    where: { meetingId: meeting.id, ...seesQuestion.where(viewer) },
    orderBy: [{ status: "asc" }, { votes: "desc" }, { createdAt: "asc" }],
    select: { id: true, text: true, anonymous: true, status: true, votes: true, authorId: true, author: { select: { displayName: true } } },
  });
  const voted = viewer
    ? new Set(
        (await db.questionVote.findMany({ where: { userId: viewer.id, question: { meetingId: meeting.id } }, select: { questionId: true } })).map(
          (v) => v.questionId,
        ),
      )
    : new Set<string>();
  return {
    meeting,
    organiser,
    canTakePart: viewer && hasConfirmedEmail(viewer) ? await mayTakePart(viewer, meeting.id) : false,
    questions: questions.map((q) => ({
      id: q.id,
      text: q.text,
      status: q.status,
      votes: q.votes,
      votedByMe: voted.has(q.id),
      mine: viewer?.id === q.authorId,
      // Anonymous to other attendees; never to the organisers.
      askedBy: q.anonymous && !organiser ? null : q.author.displayName,
      anonymous: q.anonymous,
    })),
  };
}

const changed = (outbox: Outbox, meetingId: string) => outbox.event(questionsRoom(meetingId), "questions:changed", {});

export async function askQuestion(
  actor: SessionUser,
  slug: string,
  input: { text: string; anonymous: boolean; idempotencyKey?: string },
  publisher: Publisher,
): Promise<CommandResult<Asked>> {
  const submission: Submission = { owner: actor.id, key: input.idempotencyKey, scope: `question:${slug}` };
  const earlier = await earlierAnswer<Success<Asked>>(submission);
  if (earlier) return earlier;
  const meeting = await meetingFor(slug);
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const unconfirmed = unconfirmedEmail(actor, "text");
  if (unconfirmed) return unconfirmed;
  if (!(await mayTakePart(actor, meeting.id))) return fail(403, "text", "Only people with a confirmed place can ask questions");
  const flooded = await checkFloodLimit(actor.id, "question", "text");
  if (flooded) return flooded;
  return inTransaction(publisher, (tx, outbox) =>
    answerOnce<CommandResult<Asked>>(
      tx,
      submission,
      async () => {
        const question = await tx.question.create({
          data: { meetingId: meeting.id, authorId: actor.id, text: input.text, anonymous: input.anonymous },
          select: { id: true },
        });
        await changed(outbox, meeting.id);
        const crisis = await raiseConcern(outbox, input.text, { kind: "question", id: question.id, where: `at ${meeting.title}`, link: "/manage/moderation" });
        return ok({ crisis });
      },
      () => fail(409, "text", "This form was already used for something else: reload the page and try again"),
    ),
  );
}

type Asked = { crisis: boolean };

export async function voteForQuestion(actor: SessionUser, slug: string, questionId: string, publisher: Publisher): Promise<CommandResult> {
  const meeting = await meetingFor(slug);
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const unconfirmed = unconfirmedEmail(actor);
  if (unconfirmed) return unconfirmed;
  if (!(await mayTakePart(actor, meeting.id))) return fail(403, "form", "Only people with a confirmed place can vote");
  const question = await db.question.findFirst({ where: { id: questionId, meetingId: meeting.id, status: "OPEN" }, select: { id: true } });
  if (!question) return fail(404, "form", "This question is not open for votes");
  try {
    await inTransaction(publisher, async (tx, outbox) => {
      await tx.questionVote.create({ data: { questionId, userId: actor.id } });
      await tx.question.update({ where: { id: questionId }, data: { votes: { increment: 1 } } });
      await changed(outbox, meeting.id);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return fail(409, "form", "You have already voted for this question");
    throw error;
  }
  return ok();
}

export async function moderateQuestion(
  actor: SessionUser,
  slug: string,
  input: { intent: "answered" | "hide" | "reopen"; questionId: string },
  publisher: Publisher,
): Promise<CommandResult> {
  if (!canOrganise(actor)) return fail(403, "form", "Only organisers can do this");
  const meeting = await meetingFor(slug);
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const status = ({ answered: "ANSWERED", hide: "HIDDEN", reopen: "OPEN" } as const)[input.intent];
  const count = await inTransaction(publisher, async (tx, outbox) => {
    const updated = await tx.question.updateMany({ where: { id: input.questionId, meetingId: meeting.id }, data: { status } });
    if (updated.count) await changed(outbox, meeting.id);
    return updated.count;
  });
  if (!count) return fail(404, "form", "This question is not part of this meeting");
  return ok();
}

/** A meeting's question queue is shown on the projector to the room: anyone may watch it. */
export const mayJoinQuestionsRoom: JoinRule = async (_viewer, meetingId) => (await db.meeting.count({ where: { id: meetingId } })) > 0;
