// What the app side knows of realtime: the shape of an event and the publisher that
// server/ hands to Remix through getLoadContext. Commands publish only after commit.
export type RealtimeMessage = {
  id: string; // monotonic (a bigint as a string): resume from the last one seen
  room: string;
  name: string;
  payload: Record<string, unknown>;
};

export interface Publisher {
  publish(room: string, name: string, payload: Record<string, unknown>): Promise<RealtimeMessage>;
}
