// What the app side knows of realtime: the shape of an event and the publisher that
// server/ hands to Remix through getLoadContext. Commands record their events in their own
// transaction (app/utils/outbox.server.ts) and the publisher releases them after commit.
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
  publish(room: string, name: string, payload: Record<string, unknown>): Promise<RealtimeMessage>;
  /**
   * Publishes events recorded by committed transactions: those ids, or (with none) whatever
   * is waiting, such as events a crashed process committed but never published. Each event
   * is published once overall, by whichever process takes it first.
   */
  release(pendingIds?: bigint[]): Promise<RealtimeMessage[]>;
}
