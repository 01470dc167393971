// What the app side knows of realtime: the shape of an event, the socket protocol, and the
// publisher that server/ hands to Remix through getLoadContext. Commands record their events
// in their own transaction (app/utils/outbox.server.ts) and the publisher releases them after
// commit. Rooms, events and payloads are defined once, in ./realtime-rooms.ts (ADR 026).
import type { z } from "zod";
import type { EventName, EventPayload, FleetingEvents, RoomKind, RoomName, SOCKET_COMMANDS, SocketCommand, SocketCommandAnswers } from "./realtime-rooms";

/** An event as stored and sent: the client reads it as its room kind's typed event (readRoomEvent). */
export type RealtimeMessage = {
  id: string; // monotonic (a bigint as a string): resume from the last one seen
  room: string;
  name: string;
  payload: Record<string, unknown>;
};

/**
 * Ends open sockets when the session they were opened with ends, on every app process (the
 * server's part; handed to Remix in the load context like the publisher).
 */
export interface LiveConnections {
  endSession(sessionId: string): Promise<void>;
  endUser(userId: string): Promise<void>;
}

export interface Publisher {
  /** Records and broadcasts an event that goes with no change of its own (tests, tools). */
  publish<K extends RoomKind, N extends EventName<K>>(room: RoomName<K>, name: N, payload: EventPayload<K, N>): Promise<RealtimeMessage>;
  /**
   * Publishes events recorded by committed transactions: those ids, or (with none) whatever
   * is waiting, such as events a crashed process committed but never published. Each event
   * is published once overall, by whichever process takes it first.
   */
  release(pendingIds?: bigint[]): Promise<RealtimeMessage[]>;
}

/** A socket ack: what worked, or why not. */
export type Ack<T extends object = Record<never, never>> = ({ ok: true } & T) | { ok: false; error: string };

export type JoinInput = { room: string; afterId?: string; watchOnly?: boolean };
/**
 * missed: the events since `afterId`. stale: too much was missed to send (pruned, or more than the
 * server replays): reload instead. lastId: where to resume from after joining afresh or a reload.
 */
export type JoinAnswer = Ack<{ missed: RealtimeMessage[]; lastId: string | null; stale?: boolean }>;

// socket.io's typed event maps (https://socket.io/docs/v4/typescript), derived from the registry:
// the server is `Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>`
// and the browser's socket `Socket<ServerToClientEvents, ClientToServerEvents>`.
export type ClientToServerEvents = {
  "room:join": (input: JoinInput, ack: (answer: JoinAnswer) => void) => void;
  "room:leave": (input: { room: string }, ack?: (answer: Ack) => void) => void;
} & {
  [C in SocketCommand]: (input: z.input<(typeof SOCKET_COMMANDS)[C]>, ack?: (answer: Ack<SocketCommandAnswers[C]>) => void) => void;
};

export type ServerToClientEvents = {
  /** A recorded event of a room the socket is in. */
  event: (message: RealtimeMessage) => void;
  /** How many are in a room that counts presence, and who, where it names people. */
  presence: (message: { room: string; count: number; userIds?: string[] }) => void;
  /** The server took the socket out of a room it may no longer join. */
  "room:left": (message: { room: string; reason: string }) => void;
  /** The session the socket was opened with has ended; it is about to be disconnected. */
  "session:ended": (message: { reason: string }) => void;
} & {
  [N in keyof FleetingEvents]: (message: FleetingEvents[N]) => void;
};

/** Between app processes (through the adapter): a proposal's shared thread renders are out of date. */
export type InterServerEvents = {
  "thread:invalidate": (proposalId: string) => void;
};

// watching: rooms this socket follows without being one of the people present in them.
// sessionId: the lucia session the socket was opened with; it ends with it (live-connections.ts).
export type SocketData = { userId: string | null; sessionId?: string | null; watching?: string[] };
