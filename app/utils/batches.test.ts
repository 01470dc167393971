import { describe, expect, it } from "vitest";
import { batcher, type Batched } from "./batches.server";

/** A batcher whose batches stay in flight until the test lets each go, recording what each held. */
function heldBatcher(
  most: number,
  settle: (batch: Batched<string, string>[]) => void = (batch) => batch.forEach((b) => b.resolve(`done ${b.item}`)),
  options: { gatherMs?: number } = {},
) {
  const sent: string[][] = [];
  const releases: (() => void)[] = [];
  const together = batcher<string, string>(
    most,
    async (batch) => {
      sent.push(batch.map((b) => b.item));
      await new Promise<void>((release) => releases.push(release));
      settle(batch);
    },
    options,
  );
  const releaseNext = async () => {
    while (releases.length === 0) await new Promise((r) => setImmediate(r));
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { together, sent, releaseNext };
}

describe("work done in batches", () => {
  it("sends the first caller at once, alone, and everyone who came meanwhile together next", async () => {
    const { together, sent, releaseNext } = heldBatcher(10);
    const first = together("k", "a");
    expect(sent).toEqual([["a"]]);
    const later = ["b", "c", "d"].map((item) => together("k", item));
    expect(sent).toEqual([["a"]]);
    await releaseNext();
    expect(await first).toBe("done a");
    expect(sent).toEqual([["a"], ["b", "c", "d"]]);
    await releaseNext();
    expect(await Promise.all(later)).toEqual(["done b", "done c", "done d"]);
    // Nothing in flight any more: the next caller goes at once again.
    void together("k", "e");
    expect(sent.at(-1)).toEqual(["e"]);
  });

  it("keeps each key's work apart and splits a long queue into batches of at most `most`", async () => {
    const { together, sent, releaseNext } = heldBatcher(2);
    const all = [together("k", "a"), together("other", "x"), ...["b", "c", "d", "e", "f"].map((item) => together("k", item))];
    expect(sent).toEqual([["a"], ["x"]]);
    for (let i = 0; i < 4; i++) await releaseNext();
    expect(sent).toEqual([["a"], ["x"], ["b", "c"], ["d", "e"], ["f"]]);
    await releaseNext();
    expect(await Promise.all(all)).toEqual(["done a", "done x", "done b", "done c", "done d", "done e", "done f"]);
  });

  it("gives a failed batch's error to those it had not answered, and goes on with the next batch", async () => {
    let failing = false;
    const { together, releaseNext } = heldBatcher(10, (batch) => {
      if (!failing) return batch.forEach((b) => b.resolve(`done ${b.item}`));
      batch[0].resolve("answered before the failure");
      throw new Error("connection lost");
    });
    const first = together("k", "a");
    const outcomes = [together("k", "b"), together("k", "c")].map((p) => p.catch((error: Error) => `failed: ${error.message}`));
    await releaseNext();
    expect(await first).toBe("done a");
    const next = together("k", "d");
    failing = true;
    await releaseNext();
    // b was answered before the statement failed; c was not.
    expect(await Promise.all(outcomes)).toEqual(["answered before the failure", "failed: connection lost"]);
    failing = false;
    await releaseNext();
    expect(await next).toBe("done d");
  });

  it("answers a caller the batch left unanswered with an error, rather than leaving it waiting", async () => {
    const { together, releaseNext } = heldBatcher(10, (batch) => batch.filter((b) => b.item !== "lost").forEach((b) => b.resolve(`done ${b.item}`)));
    const first = together("k", "a");
    const lost = together("k", "lost").catch((error: Error) => `failed: ${error.message}`);
    const kept = together("k", "b");
    await releaseNext();
    await releaseNext();
    expect(await first).toBe("done a");
    expect(await kept).toBe("done b");
    expect(await lost).toBe("failed: The batch's statement gave no answer for this caller");
  });

  it("when gathering, waits a moment after a batch others came for, so that those arriving just after join them", async () => {
    const { together, sent, releaseNext } = heldBatcher(10, undefined, { gatherMs: 300 });
    const first = together("k", "a");
    // The first of a burst does not wait.
    expect(sent).toEqual([["a"]]);
    const b = together("k", "b");
    await releaseNext();
    expect(await first).toBe("done a");
    expect(sent).toEqual([["a"]]);
    const c = together("k", "c");
    await expect.poll(() => sent.length, { timeout: 2_000, interval: 5 }).toBe(2);
    expect(sent[1]).toEqual(["b", "c"]);
    await releaseNext();
    expect(await Promise.all([b, c])).toEqual(["done b", "done c"]);
    // Nobody came while that batch was in flight: nothing to gather, and the next caller goes at once.
    void together("k", "d");
    expect(sent.at(-1)).toEqual(["d"]);
  });

  it("stops gathering as soon as a full batch is waiting", async () => {
    const { together, sent, releaseNext } = heldBatcher(3, undefined, { gatherMs: 60_000 });
    void together("k", "a");
    void together("k", "b");
    await releaseNext();
    void together("k", "c");
    expect(sent).toEqual([["a"]]);
    void together("k", "d");
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([["a"], ["b", "c", "d"]]);
    await releaseNext();
  });
});
