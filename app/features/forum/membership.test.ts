import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

describe("Forum membership", () => {
  it("refuses an application without a category or with a postcode that is not one, writing nothing", async () => {
    const person = await signedInUser();
    const response = await postForm(`${server.url}/forum/membership`, { category: "WIZARD", postcode: "not a postcode" }, person.cookie);
    expect(response.status).toBe(400);
    const html = await text(response);
    expect(html).toContain("Select how you would take part in the Forum");
    expect(html).toContain("Enter a real postcode, like M6 5JA");
    expect(await db.forumMembership.count({ where: { userId: person.user.id } })).toBe(0);
  });

  it("takes an application, which an officer verifies with residency, making them a member", async () => {
    const person = await signedInUser({ displayName: "Applicant Alex" });
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    expect((await postForm(`${server.url}/forum/membership`, { category: "CARER", postcode: "m6 5ja" }, person.cookie)).status).toBe(302);
    expect(await text(await getPage(`${server.url}/forum/membership`, person.cookie))).toContain("Your application is waiting for a Forum officer");
    const again = await postForm(`${server.url}/forum/membership`, { category: "CARER", postcode: "M6 5JA" }, person.cookie);
    expect(again.status).toBe(409);

    const membership = await db.forumMembership.findUniqueOrThrow({ where: { userId: person.user.id } });
    expect(membership.postcode).toBe("M6 5JA");
    expect(await text(await getPage(`${server.url}/forum/members`, officer.cookie))).toContain("Applicant Alex");
    const verify = await postForm(`${server.url}/forum/members`, { intent: "verify", membershipId: membership.id, residentVerified: "on" }, officer.cookie);
    expect(verify.status).toBe(302);
    expect(await db.forumMembership.findUniqueOrThrow({ where: { id: membership.id } })).toMatchObject({
      status: "VERIFIED",
      residentVerified: true,
      decidedById: officer.user.id,
    });
    expect(await db.userRole.count({ where: { userId: person.user.id, role: "FORUM_MEMBER" } })).toBe(1);
  });

  it("needs a reason to decline or end, and ending takes the member role away", async () => {
    const person = await signedInUser();
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    await postForm(`${server.url}/forum/membership`, { category: "SERVICE_USER", postcode: "M7 4QR" }, person.cookie);
    const membership = await db.forumMembership.findUniqueOrThrow({ where: { userId: person.user.id } });
    const noReason = await postForm(`${server.url}/forum/members`, { intent: "decline", membershipId: membership.id, reason: "" }, officer.cookie);
    expect(noReason.status).toBe(400);
    expect(await text(noReason)).toContain("Give a reason; the person will see it");
    expect((await db.forumMembership.findUniqueOrThrow({ where: { id: membership.id } })).status).toBe("PENDING");

    await postForm(`${server.url}/forum/members`, { intent: "verify", membershipId: membership.id }, officer.cookie);
    expect(
      (await postForm(`${server.url}/forum/members`, { intent: "end", membershipId: membership.id, reason: "Moved away from the city" }, officer.cookie))
        .status,
    ).toBe(302);
    expect(await db.userRole.count({ where: { userId: person.user.id, role: "FORUM_MEMBER" } })).toBe(0);
    const status = await text(await getPage(`${server.url}/forum/membership`, person.cookie));
    expect(status).toContain("Your membership has ended.");
    expect(status).toContain("Moved away from the city");
    // They may apply again.
    expect((await postForm(`${server.url}/forum/membership`, { category: "SERVICE_USER", postcode: "M7 4QR" }, person.cookie)).status).toBe(302);
  });

  it("keeps the member list and decisions to Forum officers", async () => {
    const member = await signedInUser({ roles: ["FORUM_MEMBER", "COMMISSIONER"] });
    const applicant = await signedInUser();
    await postForm(`${server.url}/forum/membership`, { category: "CARER", postcode: "M5 4WT" }, applicant.cookie);
    const membership = await db.forumMembership.findUniqueOrThrow({ where: { userId: applicant.user.id } });
    expect((await getPage(`${server.url}/forum/members`, member.cookie)).status).toBe(403);
    expect((await postForm(`${server.url}/forum/members`, { intent: "verify", membershipId: membership.id }, member.cookie)).status).toBe(403);
    expect((await db.forumMembership.findUniqueOrThrow({ where: { id: membership.id } })).status).toBe("PENDING");
    expect((await getPage(`${server.url}/forum/membership`)).status).toBe(302);
  });
});
