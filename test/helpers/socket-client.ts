import { io as connect, type Socket } from "socket.io-client";
import type { RealtimeMessage } from "#app/utils/realtime";

export type JoinAck = { ok: boolean; error?: string; missed?: RealtimeMessage[]; lastId?: string | null };

/** Socket.io clients as a browser would open them (cookie and all); close them with closeAll. */
export function socketClients(url: () => string) {
  const open: Socket[] = [];
  return {
    async connect(cookie?: string): Promise<Socket> {
      const socket = connect(url(), { transports: ["websocket"], extraHeaders: cookie ? { Cookie: cookie } : {}, reconnection: false, forceNew: true });
      open.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    closeAll() {
      open.splice(0).forEach((s) => s.close());
    },
  };
}

export const joinRoom = (socket: Socket, room: string, afterId?: string) =>
  new Promise<JoinAck>((resolve) => socket.emit("room:join", { room, afterId }, resolve));
