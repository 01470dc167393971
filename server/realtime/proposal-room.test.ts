import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { addDays, londonToday } from "#app/utils/dates";
import type { RealtimeMessage } from "#app/utils/realtime";
import { startTestServer, type TestServer } from "../../test/helpers/app-server";
import { createProposal } from "../../test/helpers/consultations";
import { postForm, signedInUser } from "../../test/helpers/factories";
import { joinRoom, socketClients } from "../../test/helpers/socket-client";

let server: TestServer;
const sockets = socketClients(() => server.url);
const client = sockets.connect;
const join = joinRoom;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(() => server.close());

describe("a proposal's live room", () => {
  it("is open to anyone for a public proposal, closed for drafts and to the uninvited for invitation-only ones", async () => {
    const { proposal } = await createProposal();
    const { proposal: draft } = await createProposal({ status: "DRAFT" });
    const { proposal: invited } = await createProposal({ audience: "INVITED" });
    const stranger = await signedInUser();
    const guest = await signedInUser();
    await db.proposalInvitation.create({
      data: {
        proposalId: invited.id,
        email: guest.email,
        tokenHash: `hash-${invited.id}`,
        invitedById: invited.createdById,
        userId: guest.user.id,
        acceptedAt: new Date(),
      },
    });
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });

    expect((await join(await client(), `proposal:${proposal.id}`)).ok).toBe(true);
    expect((await join(await client(stranger.cookie), `proposal:${draft.id}`)).ok).toBe(false);
    expect((await join(await client(commissioner.cookie), `proposal:${draft.id}`)).ok).toBe(true);
    expect((await join(await client(), `proposal:${invited.id}`)).ok).toBe(false);
    expect((await join(await client(stranger.cookie), `proposal:${invited.id}`)).ok).toBe(false);
    expect((await join(await client(guest.cookie), `proposal:${invited.id}`)).ok).toBe(true);
    expect((await join(await client(), "proposal:does-not-exist")).ok).toBe(false);
  });

  it("counts the people viewing", async () => {
    const { proposal } = await createProposal();
    const room = `proposal:${proposal.id}`;
    const first = await client();
    const counts: number[] = [];
    first.on("presence", (m: { room: string; count: number }) => m.room === room && counts.push(m.count));
    await join(first, room);
    const others = await Promise.all([client(), client()]);
    await Promise.all(others.map((s) => join(s, room)));
    await expect.poll(() => counts.at(-1), { timeout: 5000 }).toBe(3);
    others[0].close();
    await expect.poll(() => counts.at(-1), { timeout: 5000 }).toBe(2);
  });

  it("gives a dropped reader exactly the comments posted while away, from the real form", async () => {
    const { proposal } = await createProposal();
    const room = `proposal:${proposal.id}`;
    const reader = await client();
    const seen: RealtimeMessage[] = [];
    reader.on("event", (e: RealtimeMessage) => seen.push(e));
    const joined = await join(reader, room);
    const writer = await signedInUser();
    const post = (body: string) => postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body }, writer.cookie);
    expect((await post("before the drop")).status).toBe(302);
    await expect.poll(() => seen.length).toBe(1);
    reader.close();

    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => post(`while away ${i}`)));
    expect(responses.every((r) => r.status === 302)).toBe(true);

    const back = await client();
    const live: RealtimeMessage[] = [];
    back.on("event", (e: RealtimeMessage) => live.push(e));
    const resumed = await join(back, room, seen.at(-1)!.id);
    expect(joined.ok && resumed.ok).toBe(true);
    const missed = resumed.missed!;
    expect(missed).toHaveLength(200);
    expect(new Set(missed.map((e) => e.id)).size).toBe(200);
    const ids = missed.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    const created = new Set(missed.map((e) => (e.payload as { commentId: string }).commentId));
    expect(created.size).toBe(200);
    expect(await db.comment.count({ where: { proposalId: proposal.id, id: { in: [...created] } } })).toBe(200);
    expect(live).toEqual([]);
  });
});

describe("a proposal that becomes invitation-only", () => {
  it("sends everyone no longer allowed out of its room at once: they hear no more comments, and cannot join again", async () => {
    const { proposal } = await createProposal();
    const room = `proposal:${proposal.id}`;
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const stranger = await signedInUser();
    const guest = await signedInUser();
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: guest.email,
        tokenHash: `hash-${proposal.id}`,
        invitedById: proposal.createdById,
        userId: guest.user.id,
        acceptedAt: new Date(),
      },
    });
    const listen = async (inRoom: string, cookie?: string) => {
      const socket = await client(cookie);
      const events: RealtimeMessage[] = [];
      const left: string[] = [];
      socket.on("event", (e: RealtimeMessage) => events.push(e));
      socket.on("room:left", (m: { room: string }) => left.push(m.room));
      expect((await join(socket, inRoom)).ok).toBe(true);
      return { socket, events, left };
    };
    const anonymous = await listen(room);
    const outsider = await listen(room, stranger.cookie);
    const invited = await listen(room, guest.cookie);
    const organiser = await listen(room, commissioner.cookie);
    const analysing = await listen(`analysis:${proposal.id}`, commissioner.cookie);

    // The commissioners' editor publishes version 2, for invited people only.
    const today = londonToday();
    const revised = await postForm(
      `${server.url}/manage/proposals/${proposal.slug}`,
      {
        intent: "save",
        title: proposal.title,
        summary: proposal.summary,
        audience: "INVITED",
        opensDate: addDays(today, -1),
        closesDate: addDays(today, 7),
        number: ["1"],
        heading: ["Introduction"],
        body: ["Now for invited people only."],
        changeNote: "Limited to invited stakeholders.",
      },
      commissioner.cookie,
    );
    expect(revised.status).toBe(302);
    await expect.poll(() => anonymous.left).toEqual([room]);
    await expect.poll(() => outsider.left).toEqual([room]);

    // The invited guest's comment reaches those who may read it, and nobody else.
    expect((await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "For invitees only" }, guest.cookie)).status).toBe(302);
    const heard = (listener: { events: RealtimeMessage[] }) => listener.events.filter((e) => e.name === "comment:created");
    await expect.poll(() => heard(organiser).length).toBe(1);
    await expect.poll(() => heard(invited).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard(anonymous)).toEqual([]);
    expect(heard(outsider)).toEqual([]);
    expect([invited.left, organiser.left, analysing.left]).toEqual([[], [], []]);
    expect((await join(anonymous.socket, room)).ok).toBe(false);
    expect((await join(outsider.socket, room)).ok).toBe(false);
  });
});
