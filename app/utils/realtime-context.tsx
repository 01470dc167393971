import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { Socket } from "socket.io-client";
import type { RealtimeMessage } from "./realtime";

const SocketContext = createContext<Socket | null>(null);

export function SocketProvider({ children }: { children: ReactNode }) {
  const [socket, setSocket] = useState<Socket | null>(null);
  useEffect(() => {
    let current: Socket | null = null;
    let cancelled = false;
    void import("./socket.client").then(({ createSocket }) => {
      if (cancelled) return;
      current = createSocket();
      setSocket(current);
    });
    return () => {
      cancelled = true;
      current?.close();
    };
  }, []);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

type Ack<T> = { ok: true } & T | { ok: false; error: string };

/**
 * Joins a room and calls onEvent for each event, in order, exactly once. After a
 * reconnect it asks the server for the events it missed since the last one it saw.
 */
export function useRoomEvents(room: string | null, onEvent: (event: RealtimeMessage) => void) {
  const socket = useContext(SocketContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!socket || !room) return;
    let lastId: bigint | null = null;
    const deliver = (event: RealtimeMessage) => {
      if (event.room !== room) return;
      const id = BigInt(event.id);
      if (lastId !== null && id <= lastId) return;
      lastId = id;
      handler.current(event);
    };
    const join = () => {
      const afterId = lastId?.toString();
      socket.emit("room:join", { room, afterId }, (ack: Ack<{ missed: RealtimeMessage[]; lastId: string | null }>) => {
        if (!ack.ok) return;
        if (lastId === null && ack.lastId) lastId = BigInt(ack.lastId);
        ack.missed.forEach(deliver);
      });
    };
    socket.on("event", deliver);
    socket.on("connect", join);
    if (socket.connected) join();
    return () => {
      socket.off("event", deliver);
      socket.off("connect", join);
      socket.emit("room:leave", { room });
    };
  }, [socket, room]);
}
