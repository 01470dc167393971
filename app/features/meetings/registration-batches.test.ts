import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { postForm, uniqueEmail } from "../../../test/helpers/factories";
import { createMeeting, newApplicant } from "../../../test/helpers/meetings";
import { meetingSnapshot, rereadMeeting } from "./meeting-snapshots.server";
import { SLOTS } from "./registration-emails.server";
import { meetingSelect } from "./meetings.server";
import { registerTogether, type Applicant } from "./registration-batches.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** When the transaction that queued each email began (the column's default): emails queued by one batch share it. */
const transactionStarts = (emails: { createdAt: Date }[]) => new Set(emails.map((e) => e.createdAt.getTime()));

describe("a burst of registrations for one meeting", () => {
  it("gives places first come first served, a gapless waiting list, one email each, and refuses duplicates as usual", async () => {
    const meeting = await createMeeting({ capacity: 10 });
    const people = Array.from({ length: 50 }, (_, i) => ({
      name: `Person ${i}`,
      email: uniqueEmail(`burst${i}`),
      supporter: i % 6 === 0,
      key: crypto.randomUUID(),
    }));
    const form = (p: (typeof people)[number], key: string | null) => ({
      name: p.name,
      email: p.email,
      ...(p.supporter ? { supporter: "on" } : {}),
      ...(key ? { idempotencyKey: key } : {}),
      ...(p.name.endsWith("7") ? { accessNeeds: "wheelchair" } : {}),
    });
    const posts = [
      ...people.map((p) => ({ person: p, kind: "first", fields: form(p, p.key) })),
      // The same address again from another form: refused, whichever arrives second.
      ...people.slice(1, 6).map((p) => ({ person: p, kind: "duplicate", fields: form(p, crypto.randomUUID()) })),
      // The same form sent twice: one registration, and both get its answer.
      ...people.slice(11, 16).map((p) => ({ person: p, kind: "repeat", fields: form(p, p.key) })),
    ];
    const answers = await Promise.all(
      posts.map(async (post) => {
        const response = await postForm(`${server.url}/meetings/${meeting.slug}`, post.fields);
        return { ...post, status: response.status, location: response.headers.get("location"), html: await response.text() };
      }),
    );

    // One registration per address, in the order the server took them.
    const registrations = await db.registration.findMany({ where: { meetingId: meeting.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(registrations).toHaveLength(50);
    expect(new Set(registrations.map((r) => r.email)).size).toBe(50);

    // Each address given twice from different forms: one place, one refusal with the usual message.
    const refused = answers.filter((a) => a.status !== 302);
    expect(refused).toHaveLength(5);
    for (const a of refused) {
      expect(a.status).toBe(409);
      expect(a.html).toContain("This email address is already registered for this meeting");
    }
    expect(refused.map((a) => a.person.email).sort()).toEqual(
      people
        .slice(1, 6)
        .map((p) => p.email)
        .sort(),
    );
    // The same form twice: the same answer both times.
    for (const p of people.slice(11, 16)) {
      const both = answers.filter((a) => a.person === p);
      expect(both.map((a) => a.status)).toEqual([302, 302]);
      expect(both[0].location).toBe(both[1].location);
    }

    // First come first served: a place is confirmed exactly when it still fits, supporters taking two.
    let taken = 0;
    for (const r of registrations) {
      const fits = taken + r.places <= 10;
      expect({ email: r.email, status: r.status }).toEqual({ email: r.email, status: fits ? "CONFIRMED" : "WAITING" });
      if (fits) taken += r.places;
      expect(r.places).toBe(people.find((p) => p.email === r.email)!.supporter ? 2 : 1);
      expect(r.accessNeeds).toEqual(r.name.endsWith("7") ? ["wheelchair"] : []);
    }
    expect(taken).toBe(10);
    // Everyone was told the status they got.
    for (const a of answers.filter((a) => a.status === 302)) {
      const status = registrations.find((r) => r.email === a.person.email)!.status.toLowerCase();
      expect(a.location).toContain(`status=${status}&`);
    }

    // One email per registration, saying what they got; the waiting list numbered 1..n in order.
    const emails = await db.outboxEmail.findMany({ where: { to: { in: people.map((p) => p.email) } } });
    expect(emails).toHaveLength(50);
    const waiting = registrations.filter((r) => r.status === "WAITING");
    waiting.forEach((r, i) => {
      const [email] = emails.filter((e) => e.to === r.email);
      expect(email.text).toContain(`you are number ${i + 1} on the waiting list`);
      expect(email.text).toContain(r.code);
    });
    for (const r of registrations.filter((r) => r.status === "CONFIRMED")) {
      const [email] = emails.filter((e) => e.to === r.email);
      expect(email.subject).toBe(`Your place at ${meeting.title}`);
      expect(email.text).toContain(r.code);
      // Guests still get the link that proves the address is theirs.
      expect(email.text).toMatch(/\/meetings\/confirm\/\S+/);
    }

    // And the burst really was sent in batches: fewer transactions than registrations.
    expect(transactionStarts(emails).size).toBeLessThan(registrations.length);
  });
});

describe("a batch of registrations", () => {
  it("registers everyone it can when some people in it fail, and keeps nothing of those who failed", async () => {
    const meeting = await createMeeting({ capacity: 2 });
    const ann = newApplicant(meeting.id, "Ann");
    const codeClash = newApplicant(meeting.id, "Ben", { code: ann.code });
    const answered = newApplicant(meeting.id, "Cat", { owner: ann.owner, key: ann.key });
    const emailClash = newApplicant(meeting.id, "Dan", { emailId: ann.emailId });
    const supporter = newApplicant(meeting.id, "Eve", { places: 2 });
    const sameForm = newApplicant(meeting.id, "Gus", { owner: supporter.owner, key: supporter.key });
    // A name is written as it is, even one holding a slot's stand-in or a replacement pattern.
    const last = newApplicant(meeting.id, `Fay ${SLOTS.code} $&`);
    const again = newApplicant(meeting.id, "Ann again", { email: ann.email });
    // Ann goes alone at once; everyone after her arrives while she is in flight, so they go together next.
    const snapshot = (await meetingSnapshot(meeting.slug))!;
    const outcomes = await Promise.allSettled(
      [ann, codeClash, answered, emailClash, supporter, sameForm, last, again].map((a) => registerTogether(snapshot, a, { withinMs: 86_400_000, most: 3 })),
    );

    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value.outcome : "rejected"))).toEqual([
      "registered",
      "code-taken",
      // Ann's form again, after her batch: its answer is there already.
      "answered",
      "rejected",
      "registered",
      // Eve's form again, in the same batch as Eve: answered too.
      "answered",
      "registered",
      "duplicate",
    ]);
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toContain("OutboxEmail_pkey");
    // Eve's two places no longer fit after Ann's; Fay's one does: first come first served, nobody jumping a place that fits.
    expect(outcomes[4]).toMatchObject({ value: { status: "WAITING", position: 1 } });
    expect(outcomes[6]).toMatchObject({ value: { status: "CONFIRMED", position: null } });

    const registered = await db.registration.findMany({ where: { meetingId: meeting.id }, select: { id: true, name: true } });
    expect(registered.map((r) => r.name).sort()).toEqual(["Ann", "Eve", last.name]);
    // Those who failed left no key, and no email, behind; everyone registered got theirs.
    expect(await db.idempotentRequest.count({ where: { key: { in: [codeClash.key!, emailClash.key!] } } })).toBe(0);
    const emails = await db.outboxEmail.findMany({
      where: { to: { in: [ann, codeClash, answered, emailClash, supporter, sameForm, last].map((a) => a.email) } },
    });
    const emailTo = (applicant: Applicant) => emails.find((e) => e.to === applicant.email)!;
    expect(emails.map((e) => e.to).sort()).toEqual([ann.email, supporter.email, last.email].sort());
    expect(emails.every((e) => e.sentAt === null)).toBe(true);
    // Each from the meeting's template for their outcome, with their own details.
    expect(emailTo(supporter).subject).toBe(`You are on the waiting list for ${meeting.title}`);
    expect(emailTo(supporter).text).toBe(
      `Hello Eve,\n\n${meeting.title} is full, so you are number 1 on the waiting list. If a place comes free we will confirm it and email you straight away.\n\nYour registration code: ${supporter.code}\n${supporter.links}`,
    );
    expect(emailTo(last).subject).toBe(`Your place at ${meeting.title}`);
    expect(emailTo(last).text.startsWith(`Hello ${last.name},\n\nYou have a place at ${meeting.title}.\n`)).toBe(true);
    expect(emailTo(last).text).toContain(`Your registration code: ${last.code}\n`);
    expect(emailTo(last).text.endsWith(last.links)).toBe(true);
    expect(emailTo(ann).text).toContain(`Hello Ann,`);
    // Eve and Fay were one batch: one transaction.
    expect(transactionStarts(emails.filter((e) => e.to === supporter.email || e.to === last.email)).size).toBe(1);
  });

  it("answers stale for everyone, and writes nothing, when the meeting is no longer the copy the emails were composed from", async () => {
    const meeting = await createMeeting({ capacity: 5 });
    const snapshot = (await meetingSnapshot(meeting.slug))!;
    await db.meeting.update({ where: { id: meeting.id }, data: { venueName: "Salford Civic Centre" } });
    const people = [newApplicant(meeting.id, "Hal"), newApplicant(meeting.id, "Ivy")];
    const outcomes = await Promise.all(people.map((a) => registerTogether(snapshot, a, { withinMs: 86_400_000, most: 3 })));
    expect(outcomes.map((o) => o.outcome)).toEqual(["stale", "stale"]);
    expect(await db.registration.count({ where: { meetingId: meeting.id } })).toBe(0);
    expect(await db.outboxEmail.count({ where: { to: { in: people.map((p) => p.email) } } })).toBe(0);
  });

  it("knows a meeting has changed whichever of the details a registration reads was changed", async () => {
    const meeting = await createMeeting();
    const copy = (await meetingSnapshot(meeting.slug))!;
    // The copy holds exactly what the request reads of a meeting.
    expect(Object.keys(copy.meeting).sort()).toEqual(Object.keys(meetingSelect).sort());
    const changed = (value: unknown) =>
      value instanceof Date ? new Date(value.getTime() + 60_000) : typeof value === "number" ? value + 1 : `${value ?? ""}-changed`;
    let seen = copy;
    for (const column of Object.keys(meetingSelect).filter((c) => c !== "id") as (keyof typeof copy.meeting)[]) {
      const { slug } = await db.meeting.update({ where: { id: meeting.id }, data: { [column]: changed(seen.meeting[column]) } });
      const now = (await rereadMeeting(slug, seen))!;
      expect(now.digest, column).not.toBe(seen.digest);
      seen = now;
    }
  });
});
