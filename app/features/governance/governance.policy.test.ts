import { describe, expect, it } from "vitest";
import type { RoleName } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { createUser } from "../../../test/helpers/factories";
import { manageBody, readMinutes, readPapers } from "./governance.policy";
import { assignSecretary, managesBody } from "./secretaries.server";

async function person(roles: RoleName[]): Promise<SessionUser> {
  const { user } = await createUser({ roles });
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    stakeholderType: user.stakeholderType,
    organisation: null,
    emailVerified: true,
    roles,
  };
}

const newBody = (label: string) =>
  db.body.create({
    data: { slug: `${label}-${crypto.randomUUID().slice(0, 8)}`, name: `Body ${label}`, kind: "PARTNERSHIP_BOARD", description: "Test" },
    select: { id: true, slug: true },
  });

describe("the manageBody rule", () => {
  it("selects exactly the bodies it allows, for every kind of viewer", async () => {
    const [first, second, unkept] = await Promise.all([newBody("first"), newBody("second"), newBody("unkept")]);
    const [keepsFirst, keepsBoth, unassigned, admin, commissioner, member] = await Promise.all([
      person(["BOARD_SECRETARY"]),
      person(["BOARD_SECRETARY"]),
      person(["BOARD_SECRETARY"]),
      person(["ADMIN"]),
      person(["COMMISSIONER"]),
      person([]),
    ]);
    // A secretary assigned to a body whose role was taken away keeps no record.
    const formerSecretary = await person([]);
    await db.bodySecretary.createMany({
      data: [
        { bodyId: first.id, userId: keepsFirst.id },
        { bodyId: first.id, userId: keepsBoth.id },
        { bodyId: second.id, userId: keepsBoth.id },
        { bodyId: second.id, userId: formerSecretary.id },
      ],
    });
    const bodies = await db.body.findMany({
      where: { id: { in: [first.id, second.id, unkept.id] } },
      select: { id: true, secretaries: { select: { userId: true } } },
    });
    const viewers = [null, keepsFirst, keepsBoth, unassigned, admin, commissioner, member, formerSecretary];
    for (const viewer of viewers) {
      const allowed = bodies
        .filter((b) => manageBody.allows(viewer, { secretaryIds: b.secretaries.map((s) => s.userId) }))
        .map((b) => b.id)
        .sort();
      const selected = (await db.body.findMany({ where: { AND: [{ id: { in: bodies.map((b) => b.id) } }, manageBody.where(viewer)] }, select: { id: true } }))
        .map((b) => b.id)
        .sort();
      expect(selected, `viewer ${viewer?.roles.join(",") ?? "anonymous"}`).toEqual(allowed);
    }
    // And the rule says what the house expects: administrators every body, secretaries their own.
    expect(bodies.filter((b) => manageBody.allows(admin, { secretaryIds: b.secretaries.map((s) => s.userId) }))).toHaveLength(3);
    expect(await managesBody(keepsFirst, { slug: first.slug })).toBe(true);
    expect(await managesBody(keepsFirst, { slug: second.slug })).toBe(false);
    expect(await managesBody(formerSecretary, { id: second.id })).toBe(false);
  });
});

describe("the rules for reading a meeting's papers and minutes", () => {
  it("select exactly the meetings they allow, for the body's secretaries and for everyone else", async () => {
    const body = await newBody("record");
    const at = new Date("2026-03-01T14:00:00Z");
    const meetings = await Promise.all(
      [
        { papersPublishedAt: null, minutesPublishedAt: null },
        { papersPublishedAt: at, minutesPublishedAt: null },
        { papersPublishedAt: at, minutesPublishedAt: at },
        { papersPublishedAt: null, minutesPublishedAt: at },
      ].map((published, i) =>
        db.bodyMeeting.create({
          data: { bodyId: body.id, title: `Meeting ${i}`, startsAt: at, endsAt: at, ...published },
          select: { id: true, papersPublishedAt: true, minutesPublishedAt: true },
        }),
      ),
    );
    for (const [name, readRule] of [
      ["papers", readPapers],
      ["minutes", readMinutes],
    ] as const) {
      for (const keepsRecord of [true, false]) {
        const allowed = meetings
          .filter((m) => readRule.allows({ keepsRecord }, m))
          .map((m) => m.id)
          .sort();
        const selected = (await db.bodyMeeting.findMany({ where: { bodyId: body.id, ...readRule.where({ keepsRecord }) }, select: { id: true } }))
          .map((m) => m.id)
          .sort();
        expect(selected, `${name}, keeps the record: ${keepsRecord}`).toEqual(allowed);
        expect(allowed).toHaveLength(keepsRecord ? 4 : 2);
      }
    }
  });
});

describe("assigning secretaries, asked of the command itself", () => {
  it("is for administrators only, and only of people who may keep a body's record", async () => {
    const body = await newBody("assign");
    const [admin, secretary, stranger] = await Promise.all([person(["ADMIN"]), person(["BOARD_SECRETARY"]), person(["COMMISSIONER"])]);
    const secretaryEmail = (await db.user.findUniqueOrThrow({ where: { id: secretary.id }, select: { email: true } })).email;
    const strangerEmail = (await db.user.findUniqueOrThrow({ where: { id: stranger.id }, select: { email: true } })).email;

    // A board secretary keeps records but does not assign who keeps them.
    expect(await assignSecretary(secretary, body.slug, secretaryEmail, true)).toMatchObject({ ok: false, status: 403 });
    expect(await assignSecretary(stranger, body.slug, secretaryEmail, true)).toMatchObject({ ok: false, status: 403 });
    expect(await db.bodySecretary.count({ where: { bodyId: body.id } })).toBe(0);

    expect(await assignSecretary(admin, body.slug, strangerEmail, true)).toEqual({
      ok: false,
      status: 400,
      errors: { email: ["Give this person the board secretary role first (Admin, users)"] },
    });
    expect(await assignSecretary(admin, body.slug, secretaryEmail.toUpperCase(), true)).toEqual({ ok: true });
    expect(await managesBody(secretary, { id: body.id })).toBe(true);
    expect(await assignSecretary(admin, body.slug, secretaryEmail, false)).toEqual({ ok: true });
    expect(await managesBody(secretary, { id: body.id })).toBe(false);
  });
});
