import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
const form = (title: string, fields: Record<string, string> = {}) => ({
  intent: "save",
  title,
  description: "An evening session for carers.",
  date: "2027-03-10",
  startTime: "18:00",
  endTime: "19:30",
  venueName: "Hemsley House",
  venueAddress: "Hemsley House, Salford",
  stepFreeAccess: "on",
  hearingLoop: "on",
  onlineUrl: "https://meet.example.org/carers",
  capacity: "40",
  registrationOpensDate: "2027-02-01",
  registrationClosesDate: "2027-03-09",
  ...fields,
});

describe("arranging meetings", () => {
  it("is for commissioners and Forum officers only", async () => {
    const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    expect((await getPage(`${server.url}/meetings/new`, secretary.cookie)).status).toBe(403);
    expect((await postForm(`${server.url}/meetings/new`, form("Not allowed"), secretary.cookie)).status).toBe(403);
    expect(await db.meeting.count({ where: { title: "Not allowed" } })).toBe(0);
  });

  it.each([
    ["an end before the start", { endTime: "17:00" }, "The meeting must end after it starts"],
    ["no venue and no link", { venueName: "", onlineUrl: "" }, "Give a venue, an online link, or both"],
    ["no places", { capacity: "0" }, "A meeting needs at least 1 place"],
    ["registration closing after the day", { registrationClosesDate: "2027-03-11" }, "Registration must close by the day of the meeting"],
    ["an insecure online link", { onlineUrl: "http://meet.example.org" }, "Enter the online link in full, starting https://"],
  ])("refuses %s, saying why, and writes nothing", async (_, fields, message) => {
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const title = `Carers' evening ${Math.random()}`;
    const response = await postForm(`${server.url}/meetings/new`, form(title, fields), officer.cookie);
    expect(response.status).toBe(400);
    expect(await text(response)).toContain(message);
    expect(await db.meeting.count({ where: { title } })).toBe(0);
  });

  it("creates a meeting in UK time that people can then register for, and edits it", async () => {
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const title = `Carers' evening ${Math.random()}`;
    const created = await postForm(`${server.url}/meetings/new`, form(title), officer.cookie);
    expect(created.status).toBe(302);
    const meeting = await db.meeting.findFirstOrThrow({ where: { title } });
    expect(meeting.startsAt.toISOString()).toBe("2027-03-10T18:00:00.000Z"); // GMT in March before the clocks change
    expect(meeting).toMatchObject({ capacity: 40, stepFreeAccess: true, hearingLoop: true, accessibleToilets: false });
    expect(await text(await getPage(`${server.url}/meetings/${meeting.slug}`))).toContain("The venue has step-free access, a hearing loop.");

    const { proposal } = await createProposal();
    const edited = await postForm(
      `${server.url}/meetings/${meeting.slug}/edit`,
      form(title, { venueName: "Salford Civic Centre", capacity: "5", proposalId: proposal.id }),
      officer.cookie,
    );
    expect(edited.status).toBe(302);
    // Places change only through the capacity control, which promotes from the waiting list.
    expect(await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({
      venueName: "Salford Civic Centre",
      capacity: 40,
      proposalId: proposal.id,
    });
    // The edit form shows the linked proposal as chosen.
    expect(await text(await getPage(`${server.url}/meetings/${meeting.slug}/edit`, officer.cookie))).toContain(`<option value="${proposal.id}" selected="">`);
  });

  it("is only ever about a proposal everyone can read: drafts and invitation-only proposals are neither offered nor accepted", async () => {
    // A commissioner organises meetings too, and may read every proposal: still only public ones may be linked.
    for (const roles of [["FORUM_OFFICER"], ["COMMISSIONER"]] as const) {
      const organiser = await signedInUser({ roles: [...roles] });
      const { proposal: draft } = await createProposal({ status: "DRAFT" });
      const { proposal: invited } = await createProposal({ audience: "INVITED" });
      const { proposal: open } = await createProposal();
      const choices = await text(await getPage(`${server.url}/meetings/new`, organiser.cookie));
      expect(choices).toContain(open.title);
      expect(choices).not.toContain(draft.title);
      expect(choices).not.toContain(invited.title);
      for (const restricted of [draft, invited]) {
        const title = `About a restricted proposal ${Math.random()}`;
        const refused = await postForm(`${server.url}/meetings/new`, form(title, { proposalId: restricted.id }), organiser.cookie);
        expect(refused.status).toBe(400);
        expect(await text(refused)).toContain("a meeting can only be about a published proposal open to everyone");
        expect(await db.meeting.count({ where: { title } })).toBe(0);
      }
    }
  });

  it("names the proposal it is about only to people who may read that proposal", async () => {
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const { proposal } = await createProposal();
    const title = `Carers evening ${Math.random()}`;
    await postForm(`${server.url}/meetings/new`, form(title, { proposalId: proposal.id }), officer.cookie);
    const meeting = await db.meeting.findFirstOrThrow({ where: { title } });
    const page = `${server.url}/meetings/${meeting.slug}`;
    expect(await text(await getPage(page))).toContain(proposal.title);
    // The proposal is later made invitation-only: the public meeting page stops naming it.
    await db.proposal.update({ where: { id: proposal.id }, data: { audience: "INVITED" } });
    const member = await signedInUser();
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    for (const cookie of [undefined, member.cookie, officer.cookie]) {
      for (const url of [page, `${page}?_data=${encodeURIComponent("routes/meetings+/$slug")}`]) {
        const body = await text(await getPage(url, cookie));
        expect(body).toContain(meeting.title);
        expect(body).not.toContain(proposal.title);
        expect(body).not.toContain(proposal.slug);
      }
    }
    expect(await text(await getPage(page, commissioner.cookie))).toContain(proposal.title);
    expect(await text(await getPage(`${page}/edit`, officer.cookie))).not.toContain(proposal.title);
  });
});
