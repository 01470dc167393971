import type { ActionStatus } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { formatDate, londonToday } from "#app/utils/dates";
import { inTransaction } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { notify } from "#app/features/notifications/notifications.server";
import { readMinutes } from "./governance.policy";
import { managesBody } from "./secretaries.server";
import { actionSelect } from "./meeting-record.server";

// The action log: each action from a meeting has an owner (a person or a post), a due date
// and a status; open ones appear on every later agenda until done or dropped.

const dayOf = (date: string) => new Date(`${date}T00:00:00Z`);

export async function addAction(
  actor: SessionUser,
  bodySlug: string,
  meetingId: string,
  input: { description: string; ownerId: string | null; ownerPost: string | null; dueOn: string },
  publisher: Publisher,
): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return fail(403, "form", "Only this body's secretaries can record actions");
  const meeting = await db.bodyMeeting.findFirst({
    where: { id: meetingId, body: { slug: bodySlug } },
    select: { id: true, title: true, bodyId: true, body: { select: { name: true, slug: true } } },
  });
  if (!meeting) return fail(404, "form", "An action must come from a meeting of this body");
  if (input.ownerId && !(await db.user.count({ where: { id: input.ownerId } }))) return fail(400, "ownerId", "Choose the owner from the list");
  await inTransaction(publisher, async (tx, outbox) => {
    const action = await tx.boardAction.create({
      data: {
        bodyId: meeting.bodyId,
        meetingId,
        description: input.description,
        ownerId: input.ownerId,
        ownerPost: input.ownerPost,
        dueOn: dayOf(input.dueOn),
      },
      select: { id: true },
    });
    if (input.ownerId) {
      await notify(outbox, [
        {
          userId: input.ownerId,
          kind: "action",
          title: `New action for you from ${meeting.body.name}: due ${formatDate(dayOf(input.dueOn))}`,
          link: `/actions#action-${action.id}`,
          emailText: input.description,
        },
      ]);
    }
  });
  return ok();
}

/** The owner or a secretary adds an update, optionally changing the status. */
export async function updateAction(actor: SessionUser, actionId: string, input: { text: string; status: ActionStatus | null }): Promise<CommandResult> {
  const action = await db.boardAction.findUnique({ where: { id: actionId }, select: { id: true, ownerId: true, bodyId: true } });
  if (!action) return fail(404, "form", "This action does not exist");
  if (action.ownerId !== actor.id && !(await managesBody(actor, { id: action.bodyId })))
    return fail(403, "form", "Only the action's owner or a board secretary can update it");
  await db.$transaction([
    db.actionUpdate.create({ data: { actionId, authorId: actor.id, text: input.text, status: input.status } }),
    ...(input.status ? [db.boardAction.update({ where: { id: actionId }, data: { status: input.status } })] : []),
  ]);
  return ok();
}

/** A body's action log: secretaries see every action, others those whose minutes are published. */
export async function actionLog(viewer: SessionUser | null, bodyId: string) {
  return db.boardAction.findMany({
    where: { bodyId, meeting: readMinutes.where({ keepsRecord: await managesBody(viewer, { id: bodyId }) }) },
    orderBy: [{ status: "asc" }, { dueOn: "asc" }],
    select: { ...actionSelect, body: { select: { slug: true, name: true } } },
  });
}

/** The actions the viewer owns, from every body. */
export function myActions(viewer: Pick<SessionUser, "id">) {
  return db.boardAction.findMany({
    where: { ownerId: viewer.id },
    orderBy: [{ status: "asc" }, { dueOn: "asc" }],
    select: { ...actionSelect, body: { select: { slug: true, name: true } } },
  });
}

/** Owners are reminded once, three days before an open action is due (or at once if later). */
export async function remindActionOwners(publisher: Publisher, now = new Date()) {
  const soon = new Date(`${londonToday(new Date(now.getTime() + 3 * 86_400_000))}T00:00:00Z`);
  const due = await db.boardAction.findMany({
    where: { status: "OPEN", remindedAt: null, ownerId: { not: null }, dueOn: { lte: soon } },
    select: { id: true, ownerId: true, description: true, dueOn: true, body: { select: { name: true } } },
  });
  let reminded = 0;
  for (const action of due) {
    reminded += await inTransaction(publisher, async (tx, outbox) => {
      const { count } = await tx.boardAction.updateMany({ where: { id: action.id, remindedAt: null }, data: { remindedAt: now } });
      if (!count) return 0;
      await notify(outbox, [
        {
          userId: action.ownerId!,
          kind: "action",
          title: `Reminder: an action for ${action.body.name} is due ${formatDate(action.dueOn)}`,
          link: `/actions#action-${action.id}`,
          emailText: action.description,
        },
      ]);
      return 1;
    });
  }
  return reminded;
}
