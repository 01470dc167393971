import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, secretaryOf, signedInUser } from "../../../test/helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function createBody() {
  const slug = `board-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug,
      name: `Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "A test board.",
      seats: {
        create: [
          {
            position: 1,
            name: "Forum service-user representative",
            places: 3,
            voting: true,
            fillMethod: "ELECTED",
            eligibleCategories: ["SERVICE_USER"],
            residencyRequired: true,
            termMonths: 24,
          },
          { position: 2, name: "Director of finance", places: 1, voting: true, fillMethod: "EX_OFFICIO" },
          { position: 3, name: "Co-opted member", places: 2, voting: false, fillMethod: "CO_OPTED" },
        ],
      },
    },
    include: { seats: { orderBy: { position: "asc" } } },
  });
  return { slug, seats: body.seats, body };
}

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

describe("a body's composition", () => {
  it("shows every seat, whether it votes, who holds it and which places are vacant", async () => {
    const { slug, seats } = await createBody();
    await db.appointment.create({
      data: { seatId: seats[0].id, holderName: "Pat Okonjo", method: "ELECTION", startsOn: new Date("2026-01-01"), endsOn: new Date("2027-12-31") },
    });
    // A term that has run out leaves the place vacant.
    await db.appointment.create({
      data: { seatId: seats[1].id, holderName: "Former Director", method: "EX_OFFICIO", startsOn: new Date("2020-01-01"), endsOn: new Date("2021-01-01") },
    });
    const page = await text(await getPage(`${server.url}/bodies/${slug}`));
    expect(page).toContain("6 places, 4 with a vote. 5 places are vacant.");
    expect(page).toContain("Pat Okonjo");
    expect(page).toContain("Elected by the Forum: service user, living in the city, 24-month term");
    expect(page).not.toContain("Former Director");
    expect(page.match(/>Vacant</g)).toHaveLength(5);
  });

  it("lets a board secretary fill and end places, but never an elected one, and nobody else at all", async () => {
    const { slug, seats, body } = await createBody();
    const secretary = await secretaryOf(body.id);
    const otherBodysSecretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const appoint = (seatId: string, holderName: string, cookie: string, extra: Record<string, string> = {}) =>
      postForm(`${server.url}/bodies/${slug}`, { intent: "appoint", seatId, holderName, startsOn: "2026-11-01", endsOn: "", ...extra }, cookie);

    expect((await appoint(seats[1].id, "Helen Brooks", commissioner.cookie)).status).toBe(403);
    expect((await appoint(seats[1].id, "Helen Brooks", otherBodysSecretary.cookie)).status).toBe(403);
    const elected = await appoint(seats[0].id, "Not by hand", secretary.cookie);
    expect(elected.status).toBe(409);
    expect(await text(elected)).toContain("Elected places are filled by Forum elections");
    const backwards = await appoint(seats[1].id, "Helen Brooks", secretary.cookie, { endsOn: "2026-01-01" });
    expect(backwards.status).toBe(400);
    expect(await text(backwards)).toContain("The term must end after it starts");
    expect(await db.appointment.count({ where: { seatId: { in: seats.map((s) => s.id) } } })).toBe(0);

    expect((await appoint(seats[1].id, "Helen Brooks", secretary.cookie)).status).toBe(302);
    const full = await appoint(seats[1].id, "A second director", secretary.cookie);
    expect(full.status).toBe(409);
    expect(await text(full)).toContain("Every place on this seat is filled (1)");

    const appointment = await db.appointment.findFirstOrThrow({ where: { seatId: seats[1].id } });
    expect(
      (await postForm(`${server.url}/bodies/${slug}`, { intent: "end", appointmentId: appointment.id, endReason: "Resigned" }, secretary.cookie)).status,
    ).toBe(302);
    expect(await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({ endReason: "Resigned" });
    expect(await text(await getPage(`${server.url}/bodies/${slug}`))).not.toContain("Helen Brooks");
  });

  it("never fills more places than a seat has, however many secretaries press at once", async () => {
    const { slug, seats, body } = await createBody();
    const secretary = await secretaryOf(body.id);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        postForm(
          `${server.url}/bodies/${slug}`,
          { intent: "appoint", seatId: seats[2].id, holderName: `Co-optee ${i}`, startsOn: "2026-11-01" },
          secretary.cookie,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 302)).toHaveLength(2);
    expect(await db.appointment.count({ where: { seatId: seats[2].id } })).toBe(2);
  });
});
