import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { userRoom } from "#app/features/accounts/accounts.events";
import { proposalRoom } from "#app/features/consultations/consultations.events";
import { db } from "#app/utils/db.server";
import { inTransaction } from "#app/utils/outbox.server";
import { parseRoom, readRoomEvent, roomName, ROOMS, UnregisteredEventError, type RoomKind } from "#app/utils/realtime-rooms";
import { createProposal, recordingPublisher } from "../../test/helpers/consultations";
import { createUser } from "../../test/helpers/factories";
import { createMeeting } from "../../test/helpers/meetings";
import { canJoinRoom, JOIN_RULES } from "./room-access";

type Person = { id: string } | null;

/**
 * For every registered kind: a room of a real entity, someone the kind's rule must let in
 * (so a refusal below is the rule's, not a missing entity's), and people it must keep out.
 * Typed by the registry, so a new kind without its case here does not compile.
 */
const cases: Record<RoomKind, () => Promise<{ room: string; admitted: Person; refused: { who: string; person: Person }[] }>> = {
  async user() {
    const [me, other] = await Promise.all([createUser(), createUser()]);
    return {
      room: userRoom(me.user.id),
      admitted: me.user,
      refused: [
        { who: "a visitor", person: null },
        { who: "someone else", person: other.user },
      ],
    };
  },
  async proposal() {
    const { proposal } = await createProposal({ status: "DRAFT" });
    const [commissioner, member] = await Promise.all([createUser({ roles: ["COMMISSIONER"] }), createUser({ roles: ["FORUM_MEMBER"] })]);
    return {
      room: proposalRoom(proposal.id),
      admitted: commissioner.user,
      refused: [
        { who: "a visitor", person: null },
        { who: "a member, for a draft", person: member.user },
      ],
    };
  },
  async election() {
    const id = await anElection();
    const [member, commissioner] = await Promise.all([createUser({ roles: ["FORUM_MEMBER"] }), createUser({ roles: ["COMMISSIONER"] })]);
    return {
      room: roomName("election", id),
      admitted: member.user,
      refused: [
        { who: "a visitor", person: null },
        { who: "someone outside the Forum", person: commissioner.user },
      ],
    };
  },
  async meeting() {
    const meeting = await createMeeting();
    const [organiser, attendee] = await Promise.all([createUser({ roles: ["FORUM_OFFICER"] }), createUser()]);
    return {
      room: roomName("meeting", meeting.id),
      admitted: organiser.user,
      refused: [
        { who: "a visitor", person: null },
        { who: "an attendee", person: attendee.user },
      ],
    };
  },
  async questions() {
    // The queue is on the projector for the whole room: a visitor may watch, as the rule says.
    const meeting = await createMeeting();
    return { room: roomName("questions", meeting.id), admitted: null, refused: [] };
  },
  async forum() {
    const room = await db.forumRoom.create({
      data: { slug: `rooms-${crypto.randomUUID().slice(0, 8)}`, name: "Registry room", description: "Testing", categories: [] },
    });
    const [member, commissioner] = await Promise.all([forumMember(), createUser({ roles: ["COMMISSIONER"] })]);
    return {
      room: roomName("forum", room.id),
      admitted: member,
      refused: [
        { who: "a visitor", person: null },
        { who: "someone outside the Forum", person: commissioner.user },
      ],
    };
  },
  async analysis() {
    const { proposal } = await createProposal();
    const [commissioner, officer] = await Promise.all([createUser({ roles: ["COMMISSIONER"] }), createUser({ roles: ["FORUM_OFFICER"] })]);
    return {
      room: roomName("analysis", proposal.id),
      admitted: commissioner.user,
      refused: [
        { who: "a visitor", person: null },
        { who: "a Forum officer", person: officer.user },
      ],
    };
  },
};

async function forumMember() {
  const { user } = await createUser({ roles: ["FORUM_MEMBER"] });
  await db.forumMembership.create({ data: { userId: user.id, category: "SERVICE_USER", postcode: "M1 1AA", status: "VERIFIED" } });
  return user;
}

async function anElection(): Promise<string> {
  const slug = `registry-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug,
      name: `Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "Test",
      seats: { create: [{ position: 1, name: "Seat", places: 1, voting: true, fillMethod: "ELECTED", eligibleCategories: ["SERVICE_USER"], termMonths: 24 }] },
    },
    include: { seats: true },
  });
  const { user: officer } = await createUser({ roles: ["FORUM_OFFICER"] });
  const day = 86_400_000;
  const election = await db.election.create({
    data: {
      slug,
      title: `Election ${slug}`,
      seatId: body.seats[0].id,
      places: 1,
      constituency: ["SERVICE_USER"],
      residencyRequired: false,
      nominationsOpenAt: new Date(Date.now() - 10 * day),
      nominationsCloseAt: new Date(Date.now() - 5 * day),
      votingOpenAt: new Date(Date.now() - day),
      votingCloseAt: new Date(Date.now() + 5 * day),
      salt: "test-salt",
      lotSeed: "test-seed",
      createdById: officer.id,
    },
  });
  return election.id;
}

describe("the realtime room registry", () => {
  it("refuses a room of no registered kind, and names that only look like a kind's", async () => {
    const { user } = await createUser({ roles: ["ADMIN", "COMMISSIONER", "FORUM_OFFICER"] });
    for (const room of ["secret-kind:abc", "session:abc", "signed-in:" + user.id, "user", "user:", `user:${user.id}/x`, `users:${user.id}`]) {
      expect(parseRoom(room), room).toBeNull();
      expect(await canJoinRoom(db, user, room), room).toBe(false);
    }
    expect(await canJoinRoom(db, user, userRoom(user.id))).toBe(true);
  });

  it("has a join rule for every kind, which admits whom it should and refuses visitors and the unauthorised", async () => {
    expect(Object.keys(JOIN_RULES).sort()).toEqual(Object.keys(ROOMS).sort());
    for (const kind of Object.keys(ROOMS) as RoomKind[]) {
      const { room, admitted, refused } = await cases[kind]();
      expect(parseRoom(room)?.kind).toBe(kind);
      expect(await canJoinRoom(db, admitted, room), `${kind}: admitted`).toBe(true);
      for (const { who, person } of refused) expect(await canJoinRoom(db, person, room), `${kind}: ${who}`).toBe(false);
    }
  });

  it("refuses to record a payload off its schema, an event its room does not carry, or a room of no kind: nothing is written", async () => {
    const { user } = await createUser();
    const room = userRoom(user.id);
    const attempts = [
      // @ts-expect-error the registry knows no such notification kind
      (outbox: Parameters<Parameters<typeof inTransaction>[1]>[1]) => outbox.event(room, "notification:new", { kind: "lottery-win" }),
      // @ts-expect-error a payload may not carry more than its schema says (a leak, say)
      (outbox: Parameters<Parameters<typeof inTransaction>[1]>[1]) => outbox.event(room, "notification:new", { kind: "reply", email: "someone@example.org" }),
      (outbox: Parameters<Parameters<typeof inTransaction>[1]>[1]) =>
        // @ts-expect-error a person's room carries no comment events
        outbox.event(room, "comment:created", { commentId: "c", parentId: null, sectionId: null, authorId: null }),
      // @ts-expect-error no registered kind is called "secret"
      (outbox: Parameters<Parameters<typeof inTransaction>[1]>[1]) => outbox.event(`secret:${user.id}`, "notification:new", { kind: "reply" }),
      (outbox: Parameters<Parameters<typeof inTransaction>[1]>[1]) =>
        // @ts-expect-error turnout is a whole number of people
        outbox.events([{ room: roomName("election", user.id), name: "election:turnout", payload: { voted: "many" } }]),
    ];
    const publisher = recordingPublisher();
    for (const attempt of attempts) {
      await expect(
        inTransaction(publisher, async (tx, outbox) => {
          await tx.auditEvent.create({ data: { actorId: user.id, action: "test.registry", subject: room } });
          await attempt(outbox);
        }),
      ).rejects.toThrow(UnregisteredEventError);
    }
    expect(await db.auditEvent.count({ where: { action: "test.registry", subject: room } })).toBe(0);
    expect(await db.pendingRealtimeEvent.count({ where: { room } })).toBe(0);
    expect(publisher.events).toEqual([]);

    await inTransaction(publisher, (_tx, outbox) => outbox.event(room, "notification:new", { kind: "reply" }));
    expect(publisher.events).toMatchObject([{ room, name: "notification:new", payload: { kind: "reply" } }]);
  });

  it("gives a page typed events of its room's kind, and nothing it cannot read", () => {
    const room = proposalRoom("p1");
    const created = { id: "7", room, name: "comment:created", payload: { commentId: "c1", parentId: null, sectionId: null, authorId: "u1" } };
    expect(readRoomEvent("proposal", created)).toEqual(created);
    expect(readRoomEvent("proposal", { ...created, payload: { commentId: 42 } })).toBeNull();
    expect(readRoomEvent("proposal", { ...created, name: "comment:exploded" })).toBeNull();
    expect(readRoomEvent("proposal", { ...created, room: userRoom("p1") })).toBeNull();
    expect(readRoomEvent("forum", created)).toBeNull();
  });
});
