import { useRevalidator } from "@remix-run/react";
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
export function useRoomEvents(room: string | null, onEvent: (event: RealtimeMessage) => void, options: { watchOnly?: boolean } = {}) {
  // A page that only watches a room (a list's live counts) is not one of the people "here".
  const watchOnly = !!options.watchOnly;
  const socket = useContext(SocketContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const { revalidate: reload } = useRevalidator();
  const revalidate = useRef(reload);
  revalidate.current = reload;
  useEffect(() => {
    if (!socket || !room) return;
    let lastId: bigint | null = null;
    // Live events that arrive while a join is in flight wait here, so that they and the
    // missed events from the join answer are delivered together, in id order, once each.
    let buffered: RealtimeMessage[] | null = null;
    const deliver = (events: RealtimeMessage[]) => {
      const sorted = [...events].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      for (const event of sorted) {
        const id = BigInt(event.id);
        if (lastId !== null && id <= lastId) continue;
        lastId = id;
        handler.current(event);
      }
    };
    const onEvent = (event: RealtimeMessage) => {
      if (event.room !== room) return;
      if (buffered) buffered.push(event);
      else deliver([event]);
    };
    const join = () => {
      buffered = [];
      socket.emit("room:join", { room, afterId: lastId?.toString(), ...(watchOnly ? { watchOnly } : {}) }, (ack: Ack<{ missed: RealtimeMessage[]; lastId: string | null; stale?: boolean }>) => {
        const waiting = buffered ?? [];
        buffered = null;
        if (!ack.ok) return;
        // Away so long that old events were pruned: reload the page's data instead of resuming.
        if (ack.stale) revalidate.current();
        if (lastId === null && ack.lastId) lastId = BigInt(ack.lastId);
        deliver([...ack.missed, ...waiting]);
      });
    };
    socket.on("event", onEvent);
    socket.on("connect", join);
    if (socket.connected) join();
    return () => {
      socket.off("event", onEvent);
      socket.off("connect", join);
      socket.emit("room:leave", { room });
    };
  }, [socket, room, watchOnly]);
}

/** "N people viewing now" for a room that counts its viewers. */
export function usePresence(room: string | null): number | null {
  const socket = useContext(SocketContext);
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!socket || !room) return;
    const onPresence = (message: { room: string; count: number }) => {
      if (message.room === room) setCount(message.count);
    };
    socket.on("presence", onPresence);
    return () => {
      socket.off("presence", onPresence);
    };
  }, [socket, room]);
  return count;
}

/** The tab's socket (null until connected, and during server rendering). */
export function useSocket(): Socket | null {
  return useContext(SocketContext);
}
