import { io, type Socket } from "socket.io-client";

/** One socket per tab, same origin; the session cookie authenticates the handshake. */
export function createSocket(): Socket {
  return io({ path: "/socket.io", withCredentials: true, transports: ["websocket", "polling"] });
}
