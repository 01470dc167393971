import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { issueToken } from "#app/features/accounts/account-tokens.server";
import { readSessionId, startSession } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../test/helpers/app-server";
import { postForm, signedInUser } from "../../test/helpers/factories";
import { joinRoom, socketClients } from "../../test/helpers/socket-client";
import { sessionRoom, signedInRoom } from "./live-connections";

// A page left open must not stay authorised after its session ends: its socket is closed.

let server: TestServer;
const sockets = socketClients(() => server.url);
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(() => server.close());

/** A signed-in socket in the person's own room, noting when the server ends it. */
async function liveSocket(cookie: string, userId: string) {
  const socket: Socket = await sockets.connect(cookie);
  const state = { ended: null as string | null, disconnected: false };
  socket.on("session:ended", (m: { reason: string }) => (state.ended = m.reason));
  socket.on("disconnect", () => (state.disconnected = true));
  expect((await joinRoom(socket, `user:${userId}`)).ok).toBe(true);
  return { socket, state };
}

const leaveRoom = (socket: Socket, room: string) => new Promise<unknown>((resolve) => socket.emit("room:leave", { room }, resolve));

async function secondSession(userId: string) {
  return (await startSession(userId)).split(";")[0];
}

describe("live connections and sessions", () => {
  it("signing out closes that session's sockets, and only that session's", async () => {
    const person = await signedInUser();
    const here = await liveSocket(person.cookie, person.user.id);
    const elsewhere = await liveSocket(await secondSession(person.user.id), person.user.id);
    expect((await postForm(`${server.url}/auth/sign-out`, {}, person.cookie)).status).toBe(302);
    await expect.poll(() => here.state.disconnected).toBe(true);
    expect(here.state.ended).toBe("You have been signed out");
    await new Promise((r) => setTimeout(r, 200));
    expect(elsewhere.state.disconnected).toBe(false);
    expect(elsewhere.socket.connected).toBe(true);
  });

  it("a password reset closes every socket of the person, and the old cookie cannot reconnect", async () => {
    const person = await signedInUser();
    const other = await signedInUser();
    const phone = await liveSocket(person.cookie, person.user.id);
    const laptop = await liveSocket(await secondSession(person.user.id), person.user.id);
    const bystander = await liveSocket(other.cookie, other.user.id);
    const token = await issueToken(person.user.id, "PASSWORD_RESET");
    const reset = await postForm(`${server.url}/auth/reset-password?token=${token}`, {
      token,
      password: "lantern-orchard-seven",
      confirmPassword: "lantern-orchard-seven",
    });
    expect(reset.status).toBe(200);
    await expect.poll(() => phone.state.disconnected && laptop.state.disconnected).toBe(true);
    await expect(sockets.connect(person.cookie)).rejects.toThrow("Session expired");
    expect(bystander.socket.connected).toBe(true);
  });

  it("a socket cannot leave its session's or its person's room to outlive sign-out or a password reset", async () => {
    // Someone holding a copied cookie can name both rooms: the session room's hash is of the cookie.
    const person = await signedInUser();
    const otherCookie = await secondSession(person.user.id);
    const signedOut = await liveSocket(person.cookie, person.user.id);
    const reset = await liveSocket(otherCookie, person.user.id);
    for (const [{ socket }, cookie] of [
      [signedOut, person.cookie],
      [reset, otherCookie],
    ] as const) {
      for (const room of [sessionRoom(readSessionId(cookie)!), signedInRoom(person.user.id)]) {
        expect(await leaveRoom(socket, room), room).toEqual({ ok: false, error: "Unknown room" });
      }
    }
    expect((await postForm(`${server.url}/auth/sign-out`, {}, person.cookie)).status).toBe(302);
    await expect.poll(() => signedOut.state.disconnected).toBe(true);
    expect(signedOut.state.ended).toBe("You have been signed out");
    expect(reset.socket.connected).toBe(true);

    const token = await issueToken(person.user.id, "PASSWORD_RESET");
    const fields = { token, password: "lantern-orchard-seven", confirmPassword: "lantern-orchard-seven" };
    expect((await postForm(`${server.url}/auth/reset-password?token=${token}`, fields)).status).toBe(200);
    await expect.poll(() => reset.state.disconnected).toBe(true);
  });

  it("checks sessions on a timer: a socket whose session expired or was removed is closed", async () => {
    const expiring = await signedInUser();
    const removed = await signedInUser();
    const staying = await signedInUser();
    const [a, b, c] = [
      await liveSocket(expiring.cookie, expiring.user.id),
      await liveSocket(removed.cookie, removed.user.id),
      await liveSocket(staying.cookie, staying.user.id),
    ];
    const anonymous = await sockets.connect();
    await db.session.updateMany({ where: { userId: expiring.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db.session.deleteMany({ where: { userId: removed.user.id } });
    expect(await server.sessionRecheck.check()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => a.state.disconnected && b.state.disconnected).toBe(true);
    expect(a.state.ended).toBe("Your session has ended");
    expect(c.socket.connected).toBe(true);
    expect(anonymous.connected).toBe(true);
  });

  it("keeps its own rooms when a role change makes the socket leave others", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const person = await signedInUser({ roles: ["COMMISSIONER"] });
    const { state } = await liveSocket(person.cookie, person.user.id);
    expect((await postForm(`${server.url}/admin/users`, { intent: "revoke", userId: person.user.id, role: "COMMISSIONER" }, admin.cookie)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect((await postForm(`${server.url}/auth/sign-out`, {}, person.cookie)).status).toBe(302);
    await expect.poll(() => state.disconnected).toBe(true);
  });
});
