import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import type { Ack, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "#app/utils/realtime";

/** The socket.io server, typed by the events the realtime registry derives (ADR 026). */
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The answer a client event's ack carries, as its ClientToServerEvents entry declares it. */
type AnswerOf<E extends keyof ClientToServerEvents> = Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0];

/** Every client event is parsed with zod; bad input gets an error ack and does nothing. */
export function on<E extends keyof ClientToServerEvents, S extends z.ZodType>(
  socket: RealtimeSocket,
  event: E,
  schema: S,
  handler: (input: z.output<S>, ack: (answer: AnswerOf<E>) => void) => Promise<void>,
) {
  // The listener takes what the wire brings (anything at all) and parses it before use.
  const listener = async (payload: unknown, maybeAck: unknown) => {
    const ack = typeof maybeAck === "function" ? (maybeAck as (answer: AnswerOf<E> | Ack) => void) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") });
    try {
      await handler(parsed.data, ack);
    } catch {
      ack({ ok: false, error: "Something went wrong" });
    }
  };
  (socket as Socket).on(event as string, listener);
}
