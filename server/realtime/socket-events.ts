import type { Socket } from "socket.io";
import type { z } from "zod";

export type Ack = (response: { ok: true; [key: string]: unknown } | { ok: false; error: string }) => void;

/** Every client event is parsed with zod; bad input gets an error ack and does nothing. */
export function on<S extends z.ZodType>(socket: Socket, event: string, schema: S, handler: (input: z.output<S>, ack: Ack) => Promise<void>) {
  socket.on(event, async (payload: unknown, maybeAck: unknown) => {
    const ack: Ack = typeof maybeAck === "function" ? (maybeAck as Ack) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") });
    try {
      await handler(parsed.data, ack);
    } catch {
      ack({ ok: false, error: "Something went wrong" });
    }
  });
}
