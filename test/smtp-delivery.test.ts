import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startAppProcess, type AppProcess } from "./helpers/app-process";
import { getPage, postForm, signedInUser, uniqueEmail } from "./helpers/factories";
import { createMeeting } from "./helpers/meetings";
import { startSmtpServer } from "./helpers/smtp-server";

// The app as deployed with SMTP_URL: a registration never waits on, or fails with, the
// mail server; its confirmation is delivered from the queue as soon as the server takes it.

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let app: AppProcess;
beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startAppProcess({ SMTP_URL: smtp.url, SEED_DEMO_DATA: "false", SCHEDULER_INTERVAL_MS: "0" });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

async function until<T>(check: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("email by SMTP", () => {
  it("delivers the confirmation, with its calendar file, to the mail server", async () => {
    const m = await createMeeting();
    const email = uniqueEmail("smtp");
    expect((await postForm(`${app.url}/meetings/${m.slug}`, { name: "Gwen", email })).status).toBe(302);
    const mail = await until(async () => smtp.state.received.find((received) => (received.to as { text: string }).text === email), "the email to arrive");
    expect(mail.subject).toBe(`Your place at ${m.title}`);
    expect(mail.attachments.map((a) => a.filename)).toEqual(["meeting.ics"]);
    await until(async () => (await db.outboxEmail.findFirst({ where: { to: email } }))?.sentAt, "the email to be marked sent");
  });

  it("still gives the place when the mail server refuses, and keeps the email to retry", async () => {
    const m = await createMeeting();
    const email = uniqueEmail("refused");
    smtp.state.refusing = true;
    try {
      expect((await postForm(`${app.url}/meetings/${m.slug}`, { name: "Rhys", email })).status).toBe(302);
      expect(await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email } })).toMatchObject({ status: "CONFIRMED" });
      const kept = await until(async () => await db.outboxEmail.findFirst({ where: { to: email, lastError: { not: null } } }), "the refusal to be recorded");
      expect(kept).toMatchObject({ sentAt: null, attempts: 1 });
      expect(kept.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    } finally {
      smtp.state.refusing = false;
    }
  });

  it("lets an administrator see an email that failed every attempt and send it again; nobody else", async () => {
    const m = await createMeeting();
    const email = uniqueEmail("gave-up");
    smtp.state.refusing = true;
    try {
      await postForm(`${app.url}/meetings/${m.slug}`, { name: "Ola", email });
      await until(async () => db.outboxEmail.findFirst({ where: { to: email, lastError: { not: null } } }), "the refusal to be recorded");
    } finally {
      smtp.state.refusing = false;
    }
    // As after eight refusals.
    const failed = await db.outboxEmail.update({ where: { id: (await db.outboxEmail.findFirstOrThrow({ where: { to: email } })).id }, data: { attempts: 8 } });
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const list = await (await getPage(`${app.url}/outbox?undelivered=1`, admin.cookie)).text();
    expect(list).toContain(`/outbox/${failed.id}`);
    expect(list).toContain("Not delivered");
    const page = (await (await getPage(`${app.url}/outbox/${failed.id}`, admin.cookie)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("The mail server said:");
    expect(page).toContain("Mailbox unavailable");
    expect(page).toContain("Send it again");
    // The message may hold a link meant for its recipient alone.
    expect(page).not.toContain("/meetings/cancel/");

    const member = await signedInUser();
    expect((await postForm(`${app.url}/outbox/${failed.id}`, { intent: "retry" }, member.cookie)).status).toBe(403);
    expect((await postForm(`${app.url}/outbox/${failed.id}`, { intent: "resend-everything" }, admin.cookie)).status).toBe(400);
    expect(await db.outboxEmail.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ attempts: 8, sentAt: null });
    expect(smtp.state.received.some((mail) => (mail.to as { text: string }).text === email)).toBe(false);

    const retried = await postForm(`${app.url}/outbox/${failed.id}`, { intent: "retry" }, admin.cookie);
    expect(retried.status).toBe(200);
    expect(await retried.text()).toContain("Sending again");
    await until(async () => smtp.state.received.find((mail) => (mail.to as { text: string }).text === email), "the email to arrive");
    await until(async () => (await db.outboxEmail.findUniqueOrThrow({ where: { id: failed.id } })).sentAt, "the email to be marked sent");
    expect((await postForm(`${app.url}/outbox/${failed.id}`, { intent: "retry" }, admin.cookie)).status).toBe(409);
  });
});
