import { useRevalidator } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { JoinAnswer, RealtimeMessage, ServerToClientEvents } from "./realtime";
import type { readEventIn, RoomEvent, RoomKind } from "./realtime-rooms";
import type { RoomName } from "./room-names";
import type { RealtimeClientSocket } from "./socket.client";

// Only the type comes from socket.client: the module itself is loaded in the browser alone.
type Socket = RealtimeClientSocket;

const SocketContext = createContext<Socket | null>(null);

// The registry's schemas (and zod with them) are loaded when a page first joins a room, like the
// socket itself, not carried in every page's bundle.
let registryReader: Promise<typeof readEventIn> | null = null;
const loadReader = () => (registryReader ??= import("./realtime-rooms").then((registry) => registry.readEventIn));

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

/**
 * Joins a room and calls onEvent for each event, in order, exactly once. After a
 * reconnect it asks the server for the events it missed since the last one it saw.
 * Each event is read with the room kind's schemas (app/utils/realtime-rooms.ts), so
 * `onEvent` gets a union discriminated on `name`, each with its own typed payload.
 */
export function useRoomEvents<K extends RoomKind>(room: RoomName<K> | null, onEvent: (event: RoomEvent<K>) => void, options: { watchOnly?: boolean } = {}) {
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
    let stop = () => {};
    let cancelled = false;
    void loadReader().then((readEventIn) => {
      if (cancelled) return;
      stop = follow(socket, room, {
        watchOnly,
        read: (message) => readEventIn(room, message),
        onEvent: (event) => handler.current(event),
        reload: () => revalidate.current(),
      });
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [socket, room, watchOnly]);
}

/**
 * Follows a room until the returned function is called: joins (again after each reconnect,
 * asking for what was missed) and delivers each event once, in id order, read as the room
 * kind's typed event. (Exported for its tests; pages use useRoomEvents.)
 */
export function follow<E>(
  socket: Socket,
  room: string,
  page: { watchOnly: boolean; read: (message: RealtimeMessage) => E | null; onEvent: (event: E) => void; reload: () => void },
) {
  const { watchOnly } = page;
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
      const typed = page.read(event);
      // An event this page's code does not know (the server is a newer deployment than the
      // page): reload the page's data rather than guess at it.
      if (typed) page.onEvent(typed);
      else page.reload();
    }
  };
  const onEvent = (event: RealtimeMessage) => {
    if (event.room !== room) return;
    if (buffered) buffered.push(event);
    else deliver([event]);
  };
  const join = () => {
    buffered = [];
    socket.emit("room:join", { room, afterId: lastId?.toString(), ...(watchOnly ? { watchOnly } : {}) }, (ack: JoinAnswer) => {
      const waiting = buffered ?? [];
      buffered = null;
      if (!ack.ok) return;
      // Away so long that old events were pruned, or that more were missed than the server
      // replays: reload the page's data instead of resuming.
      if (ack.stale) page.reload();
      // Where the page's data stands (joining afresh, or the reload just asked for): events up to
      // this id are in it, so only later ones are delivered, now and after the next reconnect.
      if (ack.lastId && (lastId === null || BigInt(ack.lastId) > lastId)) lastId = BigInt(ack.lastId);
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
}

/** "N people viewing now" for a room that counts its viewers. */
export function usePresence(room: RoomName | null): number | null {
  const socket = useContext(SocketContext);
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!socket || !room) return;
    const onPresence: ServerToClientEvents["presence"] = (message) => {
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
