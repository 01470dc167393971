import crypto from "node:crypto";
import { hashRaw } from "@node-rs/argon2";
import { z } from "zod";

/**
 * The sealed ballot box (ADR 014). Every ballot is sealed to the election's public key
 * (X25519 key agreement with a fresh key per ballot, HKDF-SHA-256, AES-256-GCM: the
 * "sealed box" construction built from Node's own primitives). The election's private key
 * exists only wrapped by a key derived with argon2id from the returning officer's count
 * passphrase; the database never holds it in usable form.
 */

// Argon2id as RFC 9106's second recommended setting (64 MiB, 3 passes), on one thread:
// the wrapped key sits in the database, so guessing the passphrase offline must be slow.
const KDF = { memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;
const ARGON2ID = 2; // Algorithm.Argon2id: a const enum, which isolatedModules cannot import.
const GCM_NONCE = 12;
const GCM_TAG = 16;
const X25519_KEY = 32;
// Every sealed ballot's plaintext is padded to this one size, which holds the longest ranking
// a ballot may carry (100 preferences of 64-character ids), so no ciphertext's length tells
// how many preferences a voter marked.
const PADDED_SIZE = 8192;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
export const CountKeySchema = z.object({
  version: z.literal(1),
  kdf: z.literal("argon2id"),
  // Bounded, so a tampered row cannot make the count exhaust the server's memory.
  memoryCost: z.number().int().positive().max(1_048_576),
  timeCost: z.number().int().positive().max(10),
  parallelism: z.number().int().positive().max(8),
  salt: base64,
  nonce: base64,
  wrapped: base64,
});
/** The election's private key, wrapped by the count passphrase, with what is needed to unwrap it. */
export type CountKey = z.infer<typeof CountKeySchema>;

export type ElectionKeys = { publicKey: Uint8Array<ArrayBuffer>; countKey: CountKey };

const toJwk = (key: Uint8Array) => Buffer.from(key).toString("base64url");

async function passphraseKey(passphrase: string, salt: Buffer, params: Pick<CountKey, "memoryCost" | "timeCost" | "parallelism">) {
  return hashRaw(passphrase.normalize("NFC"), { ...params, algorithm: ARGON2ID, salt, outputLen: 32 });
}

/**
 * Makes an election's key pair. Only the public key and the passphrase-wrapped private key
 * leave this function; the raw private key is zeroed before it returns.
 */
export async function createElectionKeys(passphrase: string): Promise<ElectionKeys> {
  const pair = crypto.generateKeyPairSync("x25519");
  const publicKey = new Uint8Array(Buffer.from(pair.publicKey.export({ format: "jwk" }).x!, "base64url"));
  const privateKey = Buffer.from(pair.privateKey.export({ format: "jwk" }).d!, "base64url");
  const salt = crypto.randomBytes(16);
  const wrappingKey = await passphraseKey(passphrase, salt, KDF);
  try {
    const nonce = crypto.randomBytes(GCM_NONCE);
    const cipher = crypto.createCipheriv("aes-256-gcm", wrappingKey, nonce);
    // The public key is authenticated with it, so a wrapped key cannot be swapped between elections.
    cipher.setAAD(publicKey);
    const wrapped = Buffer.concat([cipher.update(privateKey), cipher.final(), cipher.getAuthTag()]);
    return {
      publicKey,
      countKey: { version: 1, kdf: "argon2id", ...KDF, salt: salt.toString("base64"), nonce: nonce.toString("base64"), wrapped: wrapped.toString("base64") },
    };
  } finally {
    privateKey.fill(0);
    wrappingKey.fill(0);
  }
}

/**
 * Unwraps the election's private key with the count passphrase, or returns null when the
 * passphrase is wrong (AES-GCM refuses to authenticate). The caller drops the key after use.
 */
export async function unlockCountKey(passphrase: string, countKey: CountKey, publicKey: Uint8Array): Promise<crypto.KeyObject | null> {
  const wrappingKey = await passphraseKey(passphrase, Buffer.from(countKey.salt, "base64"), countKey);
  const wrapped = Buffer.from(countKey.wrapped, "base64");
  let privateKey: Buffer | null = null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", wrappingKey, Buffer.from(countKey.nonce, "base64"));
    decipher.setAAD(publicKey);
    decipher.setAuthTag(wrapped.subarray(wrapped.length - GCM_TAG));
    privateKey = Buffer.concat([decipher.update(wrapped.subarray(0, wrapped.length - GCM_TAG)), decipher.final()]);
    return crypto.createPrivateKey({ key: { kty: "OKP", crv: "X25519", d: privateKey.toString("base64url"), x: toJwk(publicKey) }, format: "jwk" });
  } catch {
    return null;
  } finally {
    privateKey?.fill(0);
    wrappingKey.fill(0);
  }
}

function ballotKey(shared: Buffer, ephemeralPublic: Uint8Array, electionPublic: Uint8Array, electionId: string) {
  return Buffer.from(crypto.hkdfSync("sha256", shared, Buffer.concat([ephemeralPublic, electionPublic]), `touchstone sealed ballot v1|${electionId}`, 32));
}

/**
 * Seals a ranking to the election's public key. Layout: ephemeral public key (32 bytes),
 * nonce (12), tag (16), ciphertext. The election id is authenticated with it, so a sealed
 * ballot cannot be moved into another election's box.
 */
export function sealBallot(ranking: string[], electionPublicKey: Uint8Array, electionId: string): Uint8Array<ArrayBuffer> {
  const ephemeral = crypto.generateKeyPairSync("x25519");
  const ephemeralPublic = Buffer.from(ephemeral.publicKey.export({ format: "jwk" }).x!, "base64url");
  const electionKey = crypto.createPublicKey({ key: { kty: "OKP", crv: "X25519", x: toJwk(electionPublicKey) }, format: "jwk" });
  const shared = crypto.diffieHellman({ privateKey: ephemeral.privateKey, publicKey: electionKey });
  const key = ballotKey(shared, ephemeralPublic, electionPublicKey, electionId);
  const json = Buffer.from(JSON.stringify(ranking), "utf8");
  // JSON ignores trailing spaces, so padding needs no length field.
  if (json.length > PADDED_SIZE) throw new Error("A ranking longer than a sealed ballot holds");
  const plaintext = Buffer.alloc(PADDED_SIZE, 0x20);
  json.copy(plaintext);
  const nonce = crypto.randomBytes(GCM_NONCE);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(electionId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const sealed = new Uint8Array(Buffer.concat([ephemeralPublic, nonce, cipher.getAuthTag(), ciphertext]));
  shared.fill(0);
  key.fill(0);
  plaintext.fill(0);
  return sealed;
}

const RankingSchema = z.array(z.string().min(1).max(64)).min(1).max(100);

/** Opens a sealed ballot with the unlocked private key; null if it is not a valid ballot of this election. */
export function openBallot(sealed: Uint8Array, privateKey: crypto.KeyObject, electionPublicKey: Uint8Array, electionId: string): string[] | null {
  const bytes = Buffer.from(sealed);
  if (bytes.length < X25519_KEY + GCM_NONCE + GCM_TAG + 1) return null;
  const ephemeralPublic = bytes.subarray(0, X25519_KEY);
  const nonce = bytes.subarray(X25519_KEY, X25519_KEY + GCM_NONCE);
  const tag = bytes.subarray(X25519_KEY + GCM_NONCE, X25519_KEY + GCM_NONCE + GCM_TAG);
  try {
    const ephemeralKey = crypto.createPublicKey({ key: { kty: "OKP", crv: "X25519", x: toJwk(ephemeralPublic) }, format: "jwk" });
    const key = ballotKey(crypto.diffieHellman({ privateKey, publicKey: ephemeralKey }), ephemeralPublic, electionPublicKey, electionId);
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAAD(Buffer.from(electionId, "utf8"));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(X25519_KEY + GCM_NONCE + GCM_TAG)), decipher.final()]);
    key.fill(0);
    const ranking = RankingSchema.safeParse(JSON.parse(plaintext.toString("utf8")));
    return ranking.success ? ranking.data : null;
  } catch {
    return null;
  }
}

/** The voter's receipt: SHA-256 of the sealed ballot, so it proves inclusion and reveals nothing. */
export function receiptOf(sealed: Uint8Array): string {
  return crypto.createHash("sha256").update(sealed).digest("hex");
}

/** A uniformly random permutation (Fisher-Yates with the operating system's randomness). */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
