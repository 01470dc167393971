import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../test/helpers/app-server";
import { getPage, postForm, signedInUser, uniqueEmail } from "../../test/helpers/factories";
import { sendEmail } from "./email.server";
import { RETENTION_RULES } from "#app/features/privacy/retention";
import { purgeEmailText } from "./email-retention.server";

const EMAIL_TEXT_RETENTION_DAYS = RETENTION_RULES.emailText.defaultDays;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const DAY = 86_400_000;

async function deliveredEmail(to: string, daysAgo: number) {
  await sendEmail({
    to,
    subject: "Reset your password",
    text: "Open https://example.test/auth/reset-password?token=secret-token",
    html: "<a href='?token=secret-token'>Reset</a>",
    attachments: [{ filename: "a.ics", content: "BEGIN:VCALENDAR", contentType: "text/calendar" }],
  });
  const row = await db.outboxEmail.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" } });
  const sentAt = new Date(Date.now() - daysAgo * DAY);
  return db.outboxEmail.update({ where: { id: row.id }, data: { sentAt, createdAt: sentAt } });
}

describe("email text is removed from the outbox after delivery plus the retention period", () => {
  it(`empties emails delivered more than ${EMAIL_TEXT_RETENTION_DAYS} days ago, keeps their delivery record, and leaves newer or unsent ones`, async () => {
    const old = await deliveredEmail(uniqueEmail("old"), EMAIL_TEXT_RETENTION_DAYS + 1);
    const recent = await deliveredEmail(uniqueEmail("recent"), EMAIL_TEXT_RETENTION_DAYS - 1);
    const retrying = await deliveredEmail(uniqueEmail("retrying"), EMAIL_TEXT_RETENTION_DAYS + 1);
    await db.outboxEmail.update({ where: { id: retrying.id }, data: { sentAt: null, attempts: 3, lastError: "greylisted", nextAttemptAt: new Date() } });

    expect(await purgeEmailText(EMAIL_TEXT_RETENTION_DAYS)).toBeGreaterThanOrEqual(1);
    const purged = await db.outboxEmail.findUniqueOrThrow({ where: { id: old.id } });
    expect(purged).toMatchObject({ to: old.to, subject: "Reset your password", text: "", html: null, sentAt: old.sentAt });
    expect(purged.textPurgedAt).not.toBeNull();
    expect(JSON.stringify(purged.message)).not.toContain("secret-token");
    expect(JSON.stringify(purged.message)).not.toContain("VCALENDAR");
    for (const kept of [recent, retrying]) expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: kept.id } })).text).toContain("secret-token");

    const page = (await (await getPage(`${server.url}/outbox/${old.id}`)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain(`Text removed after ${EMAIL_TEXT_RETENTION_DAYS} days`);
    expect(page).not.toContain("secret-token");
    const list = (await (await getPage(`${server.url}/outbox?to=${encodeURIComponent(old.to)}`)).text()).replaceAll("<!-- -->", "");
    expect(list).toContain(`Text removed after ${EMAIL_TEXT_RETENTION_DAYS} days`);
  });

  it("empties emails that were never delivered once the period has passed since we gave up on them, and they cannot be sent again", async () => {
    const gaveUpLongAgo = await deliveredEmail(uniqueEmail("failed"), EMAIL_TEXT_RETENTION_DAYS + 2);
    const gaveUpRecently = await deliveredEmail(uniqueEmail("failed-recently"), EMAIL_TEXT_RETENTION_DAYS + 2);
    const lastTried = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);
    await db.outboxEmail.update({
      where: { id: gaveUpLongAgo.id },
      data: { sentAt: null, attempts: 8, lastError: "550 mailbox unavailable", nextAttemptAt: lastTried(EMAIL_TEXT_RETENTION_DAYS + 1) },
    });
    await db.outboxEmail.update({
      where: { id: gaveUpRecently.id },
      data: { sentAt: null, attempts: 8, lastError: "550 mailbox unavailable", nextAttemptAt: lastTried(1) },
    });

    expect(await purgeEmailText(EMAIL_TEXT_RETENTION_DAYS)).toBeGreaterThanOrEqual(1);
    const purged = await db.outboxEmail.findUniqueOrThrow({ where: { id: gaveUpLongAgo.id } });
    expect(purged).toMatchObject({ to: gaveUpLongAgo.to, subject: "Reset your password", text: "", html: null, sentAt: null, attempts: 8 });
    expect(JSON.stringify(purged.message)).not.toContain("secret-token");
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: gaveUpRecently.id } })).text).toContain("secret-token");

    // An administrator is not offered "Send it again" for it, and posting it anyway changes nothing.
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const page = (await (await getPage(`${server.url}/outbox/${purged.id}`, admin.cookie)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain(`Text removed after ${EMAIL_TEXT_RETENTION_DAYS} days`);
    expect(page).not.toContain("Send it again");
    const retry = await postForm(`${server.url}/outbox/${purged.id}`, { intent: "retry" }, admin.cookie);
    expect(retry.status).toBe(409);
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: purged.id } })).attempts).toBe(8);
    // The one given up on recently can still be sent again.
    expect((await getPage(`${server.url}/outbox/${gaveUpRecently.id}`, admin.cookie).then((r) => r.text())).includes("Send it again")).toBe(true);
  });
});
