import crypto from "node:crypto";

// Every secret a link or a cookie carries (sessions, emailed links, invitations, registration
// links, data copies) is drawn and stored through here: the database keeps only a token's
// SHA-256, so a copy of it or of a backup opens no link and signs nobody in.

/** A new secret for a link or a cookie: 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** What the database keeps of a token, and looks it up by. */
export function secretTokenHash(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}
