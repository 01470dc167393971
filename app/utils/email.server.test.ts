import crypto from "node:crypto";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "./db.server";
import { deliverQueuedEmail, retryDelayMs, sendEmail } from "./email.server";
import { startSmtpServer } from "../../test/helpers/smtp-server";

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let transport: nodemailer.Transporter;
beforeAll(async () => {
  smtp = await startSmtpServer();
  transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true, pool: true });
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});
beforeEach(async () => {
  smtp.state.received = [];
  smtp.state.refusing = false;
  // The queue is shared by every test in this worker: start each from an empty one.
  await db.outboxEmail.updateMany({ where: { sentAt: null }, data: { sentAt: new Date() } });
});

const address = () => `person-${crypto.randomUUID().slice(0, 8)}@example.org`;

async function queue(to: string) {
  // In tests there is no SMTP_URL, so sendEmail files the email as sent to the outbox;
  // put it back in the queue as SMTP mode leaves it.
  await sendEmail({
    to,
    subject: "Your place",
    text: "See you there.",
    attachments: [{ filename: "meeting.ics", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", contentType: "text/calendar" }],
  });
  await db.outboxEmail.updateMany({ where: { to }, data: { sentAt: null } });
}

describe("email delivery from the queue", () => {
  it("delivers a queued email by SMTP, attachment and all, and marks it sent", async () => {
    const to = address();
    await queue(to);
    expect(await deliverQueuedEmail(transport)).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    expect(smtp.state.received).toHaveLength(1);
    expect(smtp.state.received[0].to).toMatchObject({ text: to });
    expect(smtp.state.received[0].subject).toBe("Your place");
    expect(smtp.state.received[0].attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ["meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"],
    ]);
    expect(await db.outboxEmail.findFirstOrThrow({ where: { to } })).toMatchObject({ attempts: 1, lastError: null, sentAt: expect.any(Date) });
    // Nothing is sent twice.
    expect(await deliverQueuedEmail(transport)).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
  });

  it("keeps an email the server refuses and retries it later, not before", async () => {
    const to = address();
    await queue(to);
    smtp.state.refusing = true;
    const now = new Date();
    expect(await deliverQueuedEmail(transport, now)).toMatchObject({ sent: 0, failed: 1 });
    const kept = await db.outboxEmail.findFirstOrThrow({ where: { to } });
    expect(kept).toMatchObject({ sentAt: null, attempts: 1 });
    expect(kept.lastError).toContain("Mailbox unavailable");
    expect(kept.nextAttemptAt.getTime()).toBe(now.getTime() + retryDelayMs(1));

    smtp.state.refusing = false;
    expect(await deliverQueuedEmail(transport, now)).toMatchObject({ sent: 0 });
    expect(await deliverQueuedEmail(transport, new Date(now.getTime() + retryDelayMs(1)))).toMatchObject({ sent: 1 });
    expect(smtp.state.received.map((mail) => mail.subject)).toEqual(["Your place"]);
  });

  it("sends each email once when two deliverers run at the same moment", async () => {
    const recipients = Array.from({ length: 30 }, address);
    for (const to of recipients) await queue(to);
    const [a, b] = await Promise.all([deliverQueuedEmail(transport), deliverQueuedEmail(transport)]);
    expect(a.sent + b.sent).toBe(30);
    expect(smtp.state.received.map((mail) => (mail.to as { text: string }).text).sort()).toEqual([...recipients].sort());
  });

  it("gives up after eight attempts and says so", async () => {
    const to = address();
    await queue(to);
    await db.outboxEmail.updateMany({ where: { to }, data: { attempts: 7 } });
    smtp.state.refusing = true;
    expect(await deliverQueuedEmail(transport)).toEqual({ sent: 0, failed: 1, gaveUp: 1 });
    smtp.state.refusing = false;
    expect(await deliverQueuedEmail(transport, new Date(Date.now() + 86_400_000))).toMatchObject({ sent: 0 });
    expect(smtp.state.received).toHaveLength(0);
  });
});
