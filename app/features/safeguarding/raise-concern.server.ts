import { notify } from "#app/features/notifications/notifications.server";
import type { Outbox } from "#app/utils/outbox.server";
import type { Permission } from "#app/utils/permissions";
import { usersWithPermission } from "#app/utils/permissions.server";
import { findCrisisSignals } from "./safeguarding";

/** Everything people write that safeguarding watches, and who responds to each. */
export type Concern =
  | { kind: "comment"; id: string; where: string; link: string }
  | { kind: "question"; id: string; where: string; link: string }
  | { kind: "message"; id: string; where: string; link: string };

const RESPONDERS: Record<Concern["kind"], Permission> = {
  comment: "receive:safeguarding-alert:public",
  question: "receive:safeguarding-alert:public",
  message: "receive:safeguarding-alert:forum",
};

const NOUN: Record<Concern["kind"], string> = { comment: "A comment", question: "A question", message: "A Forum message" };

/**
 * The one safeguarding entry point for every kind of user text, called inside the transaction
 * that saves the text: when the words suggest the author may be in crisis, an alert for the
 * moderation queue and a notification (with email) to everyone whose role responds to it.
 * Answers whether it raised one, so the author can be shown where to find help.
 */
export async function raiseConcern(outbox: Outbox, text: string, concern: Concern): Promise<boolean> {
  const phrases = findCrisisSignals(text);
  if (!phrases.length) return false;
  const { tx } = outbox;
  const subject = concern.kind === "comment" ? { commentId: concern.id } : concern.kind === "message" ? { messageId: concern.id } : { questionId: concern.id };
  await tx.safeguardingAlert.create({ data: { ...subject, phrases } });
  const responders = await usersWithPermission(RESPONDERS[concern.kind], tx);
  await notify(
    outbox,
    responders.map(({ id }) => ({
      userId: id,
      kind: "safeguarding" as const,
      title: `Safeguarding: ${NOUN[concern.kind].toLowerCase()} ${concern.where} may show signs of crisis`,
      link: concern.link,
      emailText: `${NOUN[concern.kind]} may show signs that its author is in crisis. Please look at it and follow the safeguarding procedure.`,
    })),
  );
  return true;
}
