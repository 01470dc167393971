import { db } from "~/utils/db.server";
import { appUrl, sendEmail } from "~/utils/email.server";
import type { Publisher } from "~/utils/realtime";
import { userRoom } from "../accounts/accounts.events";

import { NOTIFICATION_EVENT } from "./notifications.events";

export type NewNotification = { userId: string; kind: string; title: string; link: string; emailText?: string };

/**
 * Records in-app notifications, tells each person's open pages, and emails those who
 * asked for email. Call after the change that caused them has committed.
 */
export async function notify(notifications: NewNotification[], publisher: Publisher): Promise<void> {
  if (notifications.length === 0) return;
  await db.notification.createMany({ data: notifications.map(({ emailText: _e, ...n }) => n) });
  const recipients = await db.user.findMany({
    where: { id: { in: notifications.map((n) => n.userId) } },
    select: { id: true, email: true, emailNotifications: true },
  });
  const byId = new Map(recipients.map((r) => [r.id, r]));
  for (const notification of notifications) {
    await publisher.publish(userRoom(notification.userId), NOTIFICATION_EVENT, { kind: notification.kind });
    const recipient = byId.get(notification.userId);
    if (recipient?.emailNotifications) {
      const link = appUrl(notification.link);
      await sendEmail({
        to: recipient.email,
        subject: notification.title,
        text: `${notification.emailText ?? notification.title}\n\n${link}\n\nYou can turn these emails off on your account page: ${appUrl("/account")}\n`,
      });
    }
  }
}

export function unreadCount(userId: string) {
  return db.notification.count({ where: { userId, readAt: null } });
}

export function listNotifications(userId: string) {
  return db.notification.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, kind: true, title: true, link: true, createdAt: true, readAt: true },
  });
}

export async function markAllRead(userId: string) {
  await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
}
