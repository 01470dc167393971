import type { EmailFrequency } from "#app/generated/prisma/enums";
import { db } from "#app/utils/db.server";
import { appUrl, queueEmails, sendEmail } from "#app/utils/email.server";
import type { Db } from "#app/utils/db.server";
import type { Outbox, Tx } from "#app/utils/outbox.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { holderOfToken, issueToken, issueTokens } from "#app/features/accounts/account-tokens.server";
import { userRoom } from "#app/features/accounts/accounts.events";
import { NOTIFICATION_KINDS, type NotificationKind } from "./notifications.schema";

// `email: false` for notices whose email goes separately (a meeting reminder carries its calendar file).
// `namedUserIds`: whoever's name the title or emailText carries, once for each time it is put
// in, so that erasing their account replaces exactly that (app/features/privacy/erasure.server.ts).
export type NewNotification = {
  userId: string;
  kind: NotificationKind;
  title: string;
  link: string;
  emailText?: string;
  email?: false;
  namedUserIds?: string[];
};

const DIGEST_AGE_MS: Record<"DAILY" | "WEEKLY", number> = { DAILY: 86_400_000, WEEKLY: 7 * 86_400_000 };

/** The link in every notification email that changes email settings without signing in (a new token each email; only its hash is kept). */
async function unsubscribeLink(userId: string, client: Tx = db): Promise<string> {
  return appUrl(`/unsubscribe/${await issueToken(userId, "UNSUBSCRIBE", client)}`);
}

async function frequencies(userIds: string[], client: Tx | Db = db) {
  const rows = await client.notificationPreference.findMany({ where: { userId: { in: userIds } }, select: { userId: true, kind: true, frequency: true } });
  const map = new Map(rows.map((r) => [`${r.userId}:${r.kind}`, r.frequency]));
  return (userId: string, kind: string): EmailFrequency => map.get(`${userId}:${kind}`) ?? "IMMEDIATELY";
}

/**
 * Anyone in a room can @mention anyone: someone who asked for mention emails at once gets at
 * most this many an hour, and the rest wait for their daily summary, so no one's inbox can be
 * flooded by another member.
 */
export const MENTION_EMAILS_PER_HOUR = 3;

function recentMentionEmails(userId: string, client: Pick<Tx, "notification">) {
  return client.notification.count({ where: { userId, kind: "mention", digest: null, emailedAt: { gte: new Date(Date.now() - 3_600_000) } } });
}

/**
 * Records in-app notifications in the transaction of the change that caused them, with the
 * event that tells each person's open pages and the email for each person who wants one at
 * once (queued; digests collect the others). All of it commits, or none of it, with the change.
 */
export async function notify(outbox: Outbox, all: NewNotification[]): Promise<void> {
  if (all.length === 0) return;
  const { tx } = outbox;
  const recipients = await liveAccounts(tx, [...new Set(all.map((n) => n.userId))]);
  // A deleted account hears nothing more: no notice, no email to its old address.
  const notifications = all.filter((n) => recipients.has(n.userId));
  if (notifications.length === 0) return;
  const userIds = [...recipients.keys()];
  const frequencyOf = await frequencies(userIds, tx);
  const mentionEmailsLeft = new Map<string, number>();
  for (const userId of new Set(notifications.filter((n) => n.kind === "mention").map((n) => n.userId))) {
    mentionEmailsLeft.set(userId, MENTION_EMAILS_PER_HOUR - (await recentMentionEmails(userId, tx)));
  }
  const now = new Date();
  const planned = notifications.map((notification) => {
    let frequency = frequencyOf(notification.userId, notification.kind);
    if (frequency === "IMMEDIATELY" && notification.kind === "mention") {
      const left = mentionEmailsLeft.get(notification.userId) ?? 0;
      if (left <= 0) frequency = "DAILY";
      else mentionEmailsLeft.set(notification.userId, left - 1);
    }
    const email = recipients.get(notification.userId);
    return {
      notification,
      email,
      emailNow: frequency === "IMMEDIATELY" && !!email && notification.email !== false,
      digest: notification.email !== false && (frequency === "DAILY" || frequency === "WEEKLY") ? frequency : null,
    };
  });
  // Written in a few statements whatever the number of people: a notice to every member stays quick.
  await tx.notification.createMany({
    data: planned.map(({ notification: { emailText: _e, email: _m, namedUserIds, ...fields }, emailNow, digest }) => ({
      ...fields,
      namedUserIds: namedUserIds ?? [],
      digest,
      emailedAt: emailNow ? now : null,
    })),
  });
  await outbox.events(
    planned.map(({ notification }) => ({ room: userRoom(notification.userId), name: "notification:new", payload: { kind: notification.kind } })),
  );
  const emailed = planned.filter((p) => p.emailNow);
  const links = await unsubscribeLinks([...new Set(emailed.map((p) => p.notification.userId))], tx);
  await queueEmails(
    emailed.map(({ notification, email }) => ({
      to: email!,
      recipientId: notification.userId,
      namedUserIds: notification.namedUserIds,
      subject: notification.title,
      text: `${notification.emailText ?? notification.title}\n\n${appUrl(notification.link)}\n\nTo change how often we email you, or to stop these emails: ${links.get(notification.userId)}\n`,
    })),
    outbox,
  );
}

/**
 * The accounts among these that are not deleted, with their addresses. Each row is locked
 * against erasure until this transaction ends (the same lock the notification's foreign key
 * takes): an erasure running now either finishes first, and its account is left out here, or
 * waits, and then deletes what this transaction wrote for it.
 */
async function liveAccounts(tx: Tx, userIds: string[]): Promise<Map<string, string>> {
  const rows = await tx.$queryRaw<{ id: string; email: string }[]>`
    SELECT id, email FROM "User" WHERE id = ANY(${userIds}::text[]) AND "erasedAt" IS NULL ORDER BY id FOR KEY SHARE`;
  return new Map(rows.map((u) => [u.id, u.email]));
}

/** Unsubscribe links for many people at once, in one statement. */
async function unsubscribeLinks(userIds: string[], tx: Tx): Promise<Map<string, string>> {
  const tokens = await issueTokens(userIds, "UNSUBSCRIBE", tx);
  return new Map([...tokens].map(([userId, token]) => [userId, appUrl(`/unsubscribe/${token}`)]));
}

/**
 * Sends each person who chose a digest one email with everything waiting, once the oldest
 * item has waited a day (or a week). Safe to run as often as the scheduler likes.
 */
export async function sendDigests(now = new Date()): Promise<number> {
  let sent = 0;
  for (const frequency of ["DAILY", "WEEKLY"] as const) {
    const due = await db.notification.groupBy({
      by: ["userId"],
      where: { digest: frequency, emailedAt: null },
      _min: { createdAt: true },
    });
    for (const { userId, _min } of due) {
      if (!_min.createdAt || now.getTime() - _min.createdAt.getTime() < DIGEST_AGE_MS[frequency]) continue;
      const items = await db.notification.findMany({
        where: { userId, digest: frequency, emailedAt: null },
        orderBy: { createdAt: "asc" },
        select: { id: true, title: true, link: true, namedUserIds: true },
      });
      const { count } = await db.notification.updateMany({ where: { id: { in: items.map((i) => i.id) }, emailedAt: null }, data: { emailedAt: now } });
      if (count !== items.length) continue; // another process took them
      const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
      await sendEmail({
        to: user.email,
        recipientId: userId,
        namedUserIds: items.flatMap((i) => i.namedUserIds),
        subject: `Your ${frequency === "DAILY" ? "daily" : "weekly"} Touchstone summary: ${items.length} ${items.length === 1 ? "update" : "updates"}`,
        text: `${items.map((i) => `- ${i.title}\n  ${appUrl(i.link)}`).join("\n")}\n\nTo change how often we email you, or to stop these emails: ${await unsubscribeLink(userId)}\n`,
      });
      sent++;
    }
  }
  return sent;
}

export async function getPreferences(viewer: { id: string }): Promise<Record<NotificationKind, EmailFrequency>> {
  const userId = viewer.id;
  const frequencyOf = await frequencies([userId]);
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k.kind, frequencyOf(userId, k.kind)])) as Record<NotificationKind, EmailFrequency>;
}

export async function setPreferences(userId: string, preferences: Partial<Record<NotificationKind, EmailFrequency>>) {
  await db.$transaction(
    Object.entries(preferences).map(([kind, frequency]) =>
      db.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, frequency: frequency! },
        update: { frequency: frequency! },
      }),
    ),
  );
}

/** The actor's own choice of how often to be emailed about each kind of notification. */
export async function saveEmailPreferences(actor: { id: string }, preferences: Record<NotificationKind, EmailFrequency>): Promise<CommandResult> {
  await setPreferences(actor.id, preferences);
  return ok();
}

/** From the link in any email, without signing in: the link's token is the proof. */
export async function unsubscribeByToken(token: string): Promise<CommandResult> {
  const user = await userByUnsubscribeToken(token);
  if (!user) return fail(404, "form", "This link is not valid");
  await setPreferences(user.id, Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k.kind, "OFF" as const])));
  return ok();
}

export async function userByUnsubscribeToken(token: string) {
  const userId = await holderOfToken(token, "UNSUBSCRIBE");
  return userId ? db.user.findUnique({ where: { id: userId, erasedAt: null }, select: { id: true, displayName: true } }) : null;
}

export function unreadCount(userId: string) {
  return db.notification.count({ where: { userId, readAt: null } });
}

export function listNotifications(viewer: { id: string }) {
  return db.notification.findMany({
    where: { userId: viewer.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, kind: true, title: true, link: true, createdAt: true, readAt: true },
  });
}

export async function markAllRead(actor: { id: string }): Promise<CommandResult> {
  await db.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: new Date() } });
  return ok();
}
