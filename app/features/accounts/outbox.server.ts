import { db } from "~/utils/db.server";

export function listOutbox(to: string | undefined) {
  return db.outboxEmail.findMany({
    where: to ? { to: { equals: to, mode: "insensitive" } } : {},
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, to: true, subject: true, createdAt: true },
  });
}

export function getOutboxEmail(id: string) {
  return db.outboxEmail.findUnique({
    where: { id },
    select: { id: true, to: true, subject: true, text: true, html: true, createdAt: true, message: true },
  });
}
