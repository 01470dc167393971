import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { recordingPublisher } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";
import { inTransaction } from "#app/utils/outbox.server";
import { notify, sendDigests, type NewNotification } from "./notifications.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const reply = (userId: string, n: number) => ({ userId, kind: "reply" as const, title: `Reply number ${n}`, link: "/proposals" });
const send = (notices: NewNotification[], publisher = recordingPublisher()) => inTransaction(publisher, (_tx, outbox) => notify(outbox, notices));

describe("notifications and the change that causes them", () => {
  it("commit with it: a change that fails leaves no notification, no live event and no email", async () => {
    const person = await signedInUser();
    const publisher = recordingPublisher();
    await expect(
      inTransaction(publisher, async (tx, outbox) => {
        await tx.auditEvent.create({ data: { actorId: person.user.id, action: "test.rolled-back", subject: `user:${person.user.id}` } });
        await notify(outbox, [reply(person.user.id, 1)]);
        throw new Error("the change failed after notifying");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.notification.count({ where: { userId: person.user.id } })).toBe(0);
    expect(await db.outboxEmail.count({ where: { to: person.email } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "test.rolled-back", actorId: person.user.id } })).toBe(0);
    expect(publisher.events).toEqual([]);
    expect(await db.pendingRealtimeEvent.count({ where: { room: `user:${person.user.id}` } })).toBe(0);

    await send([reply(person.user.id, 2)], publisher);
    expect(await db.notification.count({ where: { userId: person.user.id } })).toBe(1);
    expect(publisher.events).toMatchObject([{ room: `user:${person.user.id}`, name: "notification:new", payload: { kind: "reply" } }]);
  });
});

describe("email about notifications", () => {
  it("goes straight away by default, with a link that stops emails without signing in", async () => {
    const person = await signedInUser();
    await send([reply(person.user.id, 1)]);
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: person.email } });
    expect(mail.subject).toBe("Reply number 1");
    const link = /\/unsubscribe\/\S+/.exec(mail.text)![0];
    expect(await (await getPage(`${server.url}${link}`)).text()).toContain("Stop emails from Touchstone");
    expect((await postForm(`${server.url}${link}`, {})).status).toBe(200);
    await send([reply(person.user.id, 2)]);
    expect(await db.outboxEmail.count({ where: { to: person.email } })).toBe(1);
    // Still seen in Touchstone.
    expect(await db.notification.count({ where: { userId: person.user.id } })).toBe(2);
    expect((await getPage(`${server.url}/unsubscribe/forged`)).status).toBe(404);
    // The database keeps only a fingerprint of the link's token: nothing in it is a working link.
    const token = link.slice("/unsubscribe/".length);
    const stored = await db.accountToken.findMany({ where: { userId: person.user.id, purpose: "UNSUBSCRIBE" } });
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);
    expect((await getPage(`${server.url}/unsubscribe/${stored[0].tokenHash}`)).status).toBe(404);
  });

  it("gathers a day's notifications into one daily summary, sent once", async () => {
    const person = await signedInUser();
    expect(
      (
        await postForm(
          `${server.url}/account`,
          {
            intent: "email-preferences",
            reply: "DAILY",
            "new-version": "WEEKLY",
            mention: "OFF",
            announcement: "OFF",
            "consultation-outcome": "OFF",
            "election-milestone": "OFF",
            "body-papers": "OFF",
            action: "OFF",
            "election-result": "IMMEDIATELY",
            safeguarding: "OFF",
            "seat-change": "OFF",
          },
          person.cookie,
        )
      ).status,
    ).toBe(200);
    await send([reply(person.user.id, 1), reply(person.user.id, 2)]);
    expect(await db.outboxEmail.count({ where: { to: person.email } })).toBe(0);
    await sendDigests(new Date(Date.now() + 60_000));
    expect(await db.outboxEmail.count({ where: { to: person.email } })).toBe(0); // not a day yet
    await sendDigests(new Date(Date.now() + 86_400_000 + 60_000));
    await sendDigests(new Date(Date.now() + 86_400_000 + 120_000));
    const digests = await db.outboxEmail.findMany({ where: { to: person.email } });
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toBe("Your daily Touchstone summary: 2 updates");
    expect(digests[0].text).toContain("Reply number 1");
    expect(digests[0].text).toContain("Reply number 2");
  });

  it("refuses a setting that is not one of the choices, changing nothing", async () => {
    const person = await signedInUser();
    const response = await postForm(
      `${server.url}/account`,
      { intent: "email-preferences", reply: "HOURLY", "new-version": "OFF", "election-result": "OFF", safeguarding: "OFF" },
      person.cookie,
    );
    expect(response.status).toBe(400);
    expect(await db.notificationPreference.count({ where: { userId: person.user.id } })).toBe(0);
  });
});

describe("the unread count in every page's header", () => {
  it("counts only the reader's own unread notifications, and clears when they are marked read", async () => {
    const reader = await signedInUser();
    const other = await signedInUser();
    await send([reply(reader.user.id, 1), reply(reader.user.id, 2), reply(other.user.id, 3)]);
    const header = async (cookie: string) =>
      /Notifications \((\d+) unread\)|Notifications/.exec(await (await getPage(`${server.url}/account`, cookie)).text())![0];
    expect(await header(reader.cookie)).toBe("Notifications (2 unread)");
    expect(await header(other.cookie)).toBe("Notifications (1 unread)");
    expect((await postForm(`${server.url}/notifications`, {}, reader.cookie)).status).toBe(302);
    expect(await header(reader.cookie)).toBe("Notifications");
    expect(await header(other.cookie)).toBe("Notifications (1 unread)");
  });
});
