import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createElectionKeys, openBallot, receiptOf, sealBallot, shuffled, unlockCountKey, type ElectionKeys } from "./ballot-box.server";

const PASSPHRASE = "four unrelated words here";
let keys: ElectionKeys;
let other: ElectionKeys;
beforeAll(async () => {
  [keys, other] = await Promise.all([createElectionKeys(PASSPHRASE), createElectionKeys("another election's passphrase")]);
});

describe("the sealed ballot box", () => {
  it("opens a sealed ballot only with the key unlocked by the right passphrase", async () => {
    const sealed = sealBallot(["nomination-b", "nomination-a"], keys.publicKey, "election-1");
    const key = await unlockCountKey(PASSPHRASE, keys.countKey, keys.publicKey);
    expect(key).not.toBeNull();
    expect(openBallot(sealed, key!, keys.publicKey, "election-1")).toEqual(["nomination-b", "nomination-a"]);
    expect(await unlockCountKey("four unrelated words hear", keys.countKey, keys.publicKey)).toBeNull();
    // A wrapped key cannot be passed off as another election's.
    expect(await unlockCountKey(PASSPHRASE, keys.countKey, other.publicKey)).toBeNull();
  });

  it("refuses a ballot sealed for another election, or altered, or opened with another key", async () => {
    const key = (await unlockCountKey(PASSPHRASE, keys.countKey, keys.publicKey))!;
    const sealed = sealBallot(["nomination-a"], keys.publicKey, "election-1");
    expect(openBallot(sealed, key, keys.publicKey, "election-2")).toBeNull();
    const altered = new Uint8Array(sealed);
    altered[altered.length - 1] ^= 1;
    expect(openBallot(altered, key, keys.publicKey, "election-1")).toBeNull();
    const otherKey = (await unlockCountKey("another election's passphrase", other.countKey, other.publicKey))!;
    expect(openBallot(sealed, otherKey, other.publicKey, "election-1")).toBeNull();
  });

  it("gives ballots of one and of many preferences the same length, and a fresh ciphertext each time", () => {
    const short = sealBallot(["c1"], keys.publicKey, "e");
    const long = sealBallot(
      Array.from({ length: 20 }, (_, i) => `cm4x7q2p90000abcd${String(i).padStart(8, "0")}`),
      keys.publicKey,
      "e",
    );
    expect(short.length).toBe(long.length);
    const again = sealBallot(["c1"], keys.publicKey, "e");
    expect(receiptOf(again)).not.toBe(receiptOf(short));
    expect(receiptOf(short)).toBe(crypto.createHash("sha256").update(short).digest("hex"));
  });

  it("never keeps the passphrase or the private key in what it stores", () => {
    const stored = JSON.stringify(keys.countKey);
    expect(stored).not.toContain(PASSPHRASE);
    expect(keys.countKey).toMatchObject({ version: 1, kdf: "argon2id", memoryCost: 65536, timeCost: 3, parallelism: 1 });
    expect(Buffer.from(keys.countKey.wrapped, "base64")).toHaveLength(32 + 16);
  });

  it("shuffles into a permutation of the same ballots, each order about equally likely", () => {
    const items = [1, 2, 3];
    const seen = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const order = shuffled(items);
      expect([...order].sort()).toEqual(items);
      seen.set(order.join(), (seen.get(order.join()) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    // Each of the 6 orders expected 1,000 times; 800..1,200 is more than 6 standard deviations.
    for (const count of seen.values()) expect(count).toBeGreaterThan(800);
    for (const count of seen.values()) expect(count).toBeLessThan(1200);
    expect(items).toEqual([1, 2, 3]);
  });
});
