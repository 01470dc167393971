import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "./realtime";

/** The tab's socket, typed by the realtime registry's events (ADR 026). */
export type RealtimeClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket per tab, same origin; the session cookie authenticates the handshake. */
export function createSocket(): RealtimeClientSocket {
  return io({ path: "/socket.io", withCredentials: true, transports: ["websocket", "polling"] });
}
