import { describe, expect, it } from "vitest";
import type { ForumCategory, MembershipStatus, RoleName } from "#app/generated/prisma/enums";
import { db } from "#app/utils/db.server";
import { roomReadable, type ForumReader } from "./rooms.policy";

const unique = () => crypto.randomUUID().slice(0, 8);

const viewer = (roles: RoleName[], membership: { status: MembershipStatus; category: ForumCategory } | null): ForumReader => ({
  id: `viewer-${unique()}`,
  roles,
  membership,
  emailVerified: true,
});

describe("who may read a Forum room: the rule and its query agree", () => {
  it("finds exactly the rooms the rule allows, for every kind of viewer", async () => {
    const created = await Promise.all([
      // No categories given at all (stored as NULL), an explicit empty list, one category, two, and an archived room.
      db.forumRoom.create({ data: { slug: `all-null-${unique()}`, name: "Everyone (null)", description: "" } }),
      db.forumRoom.create({ data: { slug: `all-empty-${unique()}`, name: "Everyone (empty)", description: "", categories: [] } }),
      db.forumRoom.create({ data: { slug: `carers-${unique()}`, name: "Carers", description: "", categories: ["CARER"] } }),
      db.forumRoom.create({
        data: { slug: `users-carers-${unique()}`, name: "Service users and carers", description: "", categories: ["SERVICE_USER", "CARER"] },
      }),
      db.forumRoom.create({ data: { slug: `archived-${unique()}`, name: "Old", description: "", categories: ["VOLUNTARY_SECTOR"], archivedAt: new Date() } }),
    ]);
    const ids = created.map((room) => room.id);
    const rooms = await db.forumRoom.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true, categories: true, archivedAt: true } });

    const viewers: [string, ForumReader | null][] = [
      ["nobody signed in", null],
      ["a stakeholder", viewer([], null)],
      ["an applicant still waiting", viewer(["FORUM_MEMBER"], { status: "PENDING", category: "CARER" })],
      ["a verified carer", viewer(["FORUM_MEMBER"], { status: "VERIFIED", category: "CARER" })],
      ["a verified service user", viewer(["FORUM_MEMBER"], { status: "VERIFIED", category: "SERVICE_USER" })],
      ["a verified voluntary-sector member", viewer(["FORUM_MEMBER"], { status: "VERIFIED", category: "VOLUNTARY_SECTOR" })],
      ["a verified membership whose member role was taken away", viewer([], { status: "VERIFIED", category: "CARER" })],
      ["an ended membership", viewer(["FORUM_MEMBER"], { status: "ENDED", category: "CARER" })],
      ["a Forum officer", viewer(["FORUM_OFFICER"], null)],
      ["an administrator", viewer(["ADMIN"], null)],
    ];
    const seen = new Set<string>();
    for (const [name, person] of viewers) {
      const found = await db.forumRoom.findMany({ where: { AND: [{ id: { in: ids } }, roomReadable.where(person)] }, select: { id: true } });
      const allowed = rooms.filter((room) => roomReadable.allows(person, room)).map((room) => room.id);
      expect(found.map((room) => room.id).sort(), name).toEqual(allowed.sort());
      seen.add(allowed.length === 0 ? "none" : allowed.length === ids.length ? "all" : "some");
    }
    // The set of viewers covers every outcome, so agreement is not agreement on nothing.
    expect([...seen].sort()).toEqual(["all", "none", "some"]);
    const carer = viewers.find(([name]) => name === "a verified carer")![1];
    expect(
      rooms
        .filter((room) => roomReadable.allows(carer, room))
        .map((room) => room.slug.split("-")[0])
        .sort(),
    ).toEqual(["all", "all", "carers", "users"]);
  });
});
