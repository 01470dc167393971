import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { PrismaClient } from "#app/generated/prisma/client";
import { RoleName } from "#app/generated/prisma/enums";
import { formatTime } from "#app/utils/dates";
import { verifyPassword } from "#app/utils/password.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from "./seed";
import { scratchDatabase } from "../test/helpers/test-database";

let database: Awaited<ReturnType<typeof scratchDatabase>>;
let db: PrismaClient;
// A day in British Summer Time and one in winter, so both clock settings are covered.
const now = new Date("2026-11-22T10:00:00Z");

describe("demo data", () => {
  beforeAll(async () => {
    database = await scratchDatabase(inject("templateUrl"), "touchstone_seed");
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
    await seedDemoData(db, now);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it("has the consultation open on the day the demo is created, for about four weeks", async () => {
    const proposal = await db.proposal.findUniqueOrThrow({
      where: { slug: "mental-health-commissioning-arrangements" },
      include: { versions: { include: { sections: { orderBy: { position: "asc" } } } } },
    });
    expect(proposal.status).toBe("OPEN");
    expect(proposal.discussionOpensAt!.getTime()).toBeLessThan(now.getTime());
    expect(proposal.discussionClosesAt!.getTime()).toBeGreaterThan(now.getTime());
    const days = (proposal.discussionClosesAt!.getTime() - proposal.discussionOpensAt!.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(21);
    expect(days).toBeLessThan(31);
    expect(proposal.versions[0].sections.map((s) => s.number)).toEqual(["1", "2", "2.1", "3", "3a", "3b", "3c", "4", "4a", "4b", "4c", "4d", "5", "6"]);
  });

  it("holds the open meeting at Hemsley House, 2pm to 3.30pm, in the last week of the discussion", async () => {
    const meeting = await db.meeting.findFirstOrThrow({ include: { proposal: true } });
    expect(meeting.venueName).toBe("Hemsley House");
    expect(formatTime(meeting.startsAt)).toBe("2pm");
    expect(formatTime(meeting.endsAt)).toBe("3:30pm");
    const closes = meeting.proposal!.discussionClosesAt!.getTime();
    expect(meeting.startsAt.getTime()).toBeLessThan(closes);
    expect(closes - meeting.startsAt.getTime()).toBeLessThan(7 * 86_400_000);
    expect(meeting.startsAt.getTime()).toBeGreaterThan(now.getTime());
  });

  it("follows the discussion with the approval meetings in the seed's order, papers due before each", async () => {
    const proposal = await db.proposal.findUniqueOrThrow({
      where: { slug: "mental-health-commissioning-arrangements" },
      include: { approvalStages: { orderBy: { position: "asc" }, include: { body: true } } },
    });
    const stages = proposal.approvalStages;
    expect(stages.map((s) => s.body.slug)).toEqual([
      "joint-commissioning-executive-group",
      "community-social-services-management-group",
      "pct-management-group",
      "local-implementation-team",
      "city-council-cabinet",
      "pct-board",
      "city-council-cabinet",
    ]);
    for (const stage of stages) {
      expect(stage.meetingDate.getTime()).toBeGreaterThan(proposal.discussionClosesAt!.getTime());
      const lead = (stage.meetingDate.getTime() - stage.papersDue!.getTime()) / 86_400_000;
      expect(lead).toBeGreaterThanOrEqual(5);
      expect(lead).toBeLessThanOrEqual(16);
    }
    expect(proposal.startDate!.getTime()).toBeGreaterThan(stages.at(-1)!.meetingDate.getTime());
  });

  it("gives the Partnership Board the seed's seat table", async () => {
    const seats = await db.seatDefinition.findMany({ where: { body: { slug: "partnership-board" } }, orderBy: { position: "asc" } });
    const places = (filter: (s: (typeof seats)[number]) => boolean) => seats.filter(filter).reduce((n, s) => n + s.places, 0);
    expect(places((s) => s.fillMethod === "ELECTED" && s.eligibleCategories.includes("SERVICE_USER") && s.voting)).toBe(3);
    expect(places((s) => s.fillMethod === "ELECTED" && s.eligibleCategories.includes("CARER") && s.voting)).toBe(1);
    expect(places((s) => s.fillMethod === "ELECTED" && s.eligibleCategories.includes("VOLUNTARY_SECTOR") && s.voting)).toBe(1);
    expect(places((s) => s.fillMethod === "APPOINTED" && !s.voting)).toBe(4); // 3 service-user supporters + 1 carer supporter
    expect(places((s) => s.fillMethod === "EX_OFFICIO" && s.voting)).toBe(9);
    expect(places((s) => s.fillMethod === "ADVISORY" && !s.voting)).toBe(6);
    expect(seats.filter((s) => s.fillMethod === "ELECTED").every((s) => s.residencyRequired)).toBe(true);
  });

  it("has a demo account for every role, signing in with the documented password", async () => {
    const users = await db.user.findMany({ include: { roles: true } });
    const roles = new Set(users.flatMap((u) => u.roles.map((r) => r.role)));
    expect([...roles].sort()).toEqual(Object.values(RoleName).sort());
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    expect(await verifyPassword(users[0].passwordHash, DEMO_PASSWORD)).toBe(true);
  });

  it("gives the Board monthly meetings, three of them this year joint with the Forum", async () => {
    const meetings = await db.bodyMeeting.findMany({ where: { body: { slug: "partnership-board" } } });
    expect(meetings.length).toBeGreaterThanOrEqual(5);
    expect(meetings.filter((m) => m.jointWithForum && m.startsAt.getUTCFullYear() === 2026)).toHaveLength(3);
  });

  it("includes an earlier consultation that has closed", async () => {
    const earlier = await db.proposal.findFirstOrThrow({ where: { status: "UNDER_REVIEW" }, include: { comments: true } });
    expect(earlier.discussionClosesAt!.getTime()).toBeLessThan(now.getTime());
    expect(earlier.comments.length).toBeGreaterThanOrEqual(5);
    expect(earlier.comments.every((c) => c.createdAt >= earlier.discussionOpensAt! && c.createdAt <= earlier.discussionClosesAt!)).toBe(true);
  });
});
