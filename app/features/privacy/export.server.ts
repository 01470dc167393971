import { newSecretToken, secretTokenHash } from "#app/utils/secret-tokens.server";
import { strToU8, zipSync } from "fflate";
import { escapeHtml } from "#app/features/accounts/accounts.server";
import { Prisma } from "#app/generated/prisma/client";
import type { SessionUser } from "#app/utils/auth.server";
import { formatDateTime } from "#app/utils/dates";
import { db } from "#app/utils/db.server";
import { appUrl, sendEmail } from "#app/utils/email.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { canDownloadExport, canExportForOthers } from "./privacy.policy";
import { SECTIONS } from "./export-sections.server";
import { DAY_MS } from "./retention";
import { getRetentionPeriods } from "./retention-periods.server";

/** A copy whose builder died (a restart mid-way) is picked up again after this long. */
const STALE_RUN_MS = 10 * 60_000;

// ------------------------------------------------------------------ asking for a copy

async function queueExport(subjectId: string, requestedById: string): Promise<CommandResult<{ exportId: string }>> {
  // One pending copy per person and asker is a unique index (two requests at once both see none pending).
  const created = await db.dataExport.create({ data: { subjectId, requestedById }, select: { id: true } }).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return null;
    throw error;
  });
  if (!created) return fail(409, "form", "A copy is already being prepared. We will email you when it is ready");
  return { ok: true, exportId: created.id };
}

export async function requestOwnExport(actor: SessionUser) {
  return queueExport(actor.id, actor.id);
}

/** An administrator produces a person's copy to answer a subject access request. */
export async function requestSubjectAccessExport(actor: SessionUser, subjectId: string, reference: string): Promise<CommandResult<{ exportId: string }>> {
  if (!canExportForOthers(actor)) return fail(403, "form", "Only administrators can answer a subject access request");
  const subject = await db.user.findUnique({ where: { id: subjectId }, select: { erasedAt: true } });
  if (!subject || subject.erasedAt) return fail(404, "form", "This account does not exist or has been deleted");
  const queued = await queueExport(subjectId, actor.id);
  if (!queued.ok) return queued;
  await db.auditEvent.create({ data: { actorId: actor.id, action: "personal-data.export", subject: `user:${subjectId}`, details: { reference } } });
  return queued;
}

/** The copies a person asked for (of their own data, or of someone else's), newest first. */
export async function exportsRequestedBy(requestedById: string, subjectId: string) {
  return db.dataExport.findMany({
    where: { requestedById, subjectId },
    orderBy: { createdAt: "desc" },
    take: 5,
    select: { id: true, status: true, progress: true, createdAt: true, completedAt: true, expiresAt: true },
  });
}

// ------------------------------------------------------------------ downloading

/** The link works for the person who asked for the copy, until it expires; for no one else. */
export async function openExport(viewer: SessionUser, token: string, now = new Date()): Promise<CommandResult<{ fileName: string; bytes: Uint8Array }>> {
  const copy = await db.dataExport.findUnique({
    where: { tokenHash: secretTokenHash(token) },
    select: { id: true, subjectId: true, requestedById: true, expiresAt: true, archive: true, createdAt: true },
  });
  if (!copy) return fail(404, "form", "This download link is not valid. Check that you copied all of it, or ask for a new copy");
  if (!canDownloadExport(viewer, copy)) return fail(403, "form", "This download link belongs to another account. Sign in as the person who asked for the copy");
  if (!copy.expiresAt || copy.expiresAt <= now || !copy.archive) return fail(410, "form", "This download link has expired. Ask for a new copy of your data");
  return ok({ fileName: `touchstone-data-${copy.createdAt.toISOString().slice(0, 10)}.zip`, bytes: copy.archive });
}

// ------------------------------------------------------------------ building (in the background)

/**
 * Builds waiting copies one at a time: claims one (so two processes never build the same),
 * gathers each part of the data, updating the progress the person sees, zips it with a
 * readable page and a JSON file, and emails a link that expires. The scheduler calls this,
 * and a request starts it at once.
 */
export async function processDataExports(now = () => new Date()): Promise<number> {
  let built = 0;
  for (;;) {
    const claimed = await db.$queryRaw<{ id: string }[]>`
      UPDATE "DataExport" SET "status" = 'RUNNING', "startedAt" = ${now()}, "progress" = 0
      WHERE "id" = (
        SELECT "id" FROM "DataExport"
        WHERE "status" = 'QUEUED' OR ("status" = 'RUNNING' AND "startedAt" < ${new Date(now().getTime() - STALE_RUN_MS)})
        ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING "id"`;
    if (claimed.length === 0) return built;
    await buildExport(claimed[0].id, now).catch(async (error: unknown) => {
      await db.dataExport.update({ where: { id: claimed[0].id }, data: { status: "FAILED", error: String(error).slice(0, 500) } });
    });
    built++;
  }
}

let running: Promise<unknown> | null = null;
/** Starts building without holding up the request that asked; the scheduler is the safety net. */
export function buildExportsSoon() {
  running ??= processDataExports()
    .catch(() => undefined)
    .finally(() => {
      running = null;
    });
}

async function buildExport(exportId: string, now: () => Date) {
  const job = await db.dataExport.findUniqueOrThrow({
    where: { id: exportId },
    select: { subjectId: true, requestedById: true, requestedBy: { select: { email: true, displayName: true } } },
  });
  const data: Record<string, unknown> = {};
  for (const [index, section] of SECTIONS.entries()) {
    data[section.key] = await section.collect(job.subjectId);
    await db.dataExport.update({ where: { id: exportId }, data: { progress: Math.round(((index + 1) / (SECTIONS.length + 1)) * 100) } });
  }
  const archive = zipSync({
    "touchstone-data.json": strToU8(JSON.stringify({ exportedAt: now().toISOString(), ...data }, null, 2)),
    "touchstone-data.html": strToU8(renderHtml(data, now())),
  });
  const token = newSecretToken();
  const days = (await getRetentionPeriods()).dataExports ?? 7;
  const expiresAt = new Date(now().getTime() + days * DAY_MS);
  await db.dataExport.update({
    where: { id: exportId },
    data: { status: "READY", progress: 100, archive: Buffer.from(archive), tokenHash: secretTokenHash(token), completedAt: now(), expiresAt },
  });
  const link = appUrl(`/account/data/download?${new URLSearchParams({ token })}`);
  const whose = job.subjectId === job.requestedById ? "your data" : "the data you asked for (subject access request)";
  await sendEmail({
    to: job.requestedBy.email,
    recipientId: job.requestedById,
    subject: "Your copy of your Touchstone data is ready",
    text: `Hello ${job.requestedBy.displayName},\n\nThe copy of ${whose} is ready. Sign in and download it here:\n${link}\n\nThe link works only for your account and expires on ${formatDateTime(expiresAt)}.\n`,
    html: `<p>Hello ${escapeHtml(job.requestedBy.displayName)},</p><p>The copy of ${whose} is ready.</p><p><a href="${link}">Download it</a> (sign in first).</p><p>The link works only for your account and expires on ${formatDateTime(expiresAt)}.</p>`,
  });
}

// ------------------------------------------------------------------ the readable page

/** A value as words: dates in UK time, yes or no, lists (of roles with their dates, say) one after another. */
function plain(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return formatDateTime(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.map(plain).join(", ");
  if (typeof value === "object")
    return Object.entries(value)
      .map(([key, v]) => `${label(key)}: ${plain(v)}`)
      .join("; ");
  return String(value);
}

const cell = (value: unknown) => escapeHtml(plain(value));

const label = (key: string) => key.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

function renderSection(title: string, about: string | undefined, value: unknown): string {
  const heading = `<h2>${escapeHtml(title)}</h2>${about ? `<p>${escapeHtml(about)}</p>` : ""}`;
  if (value === null || (Array.isArray(value) && value.length === 0)) return `${heading}<p>Nothing held.</p>`;
  if (!Array.isArray(value)) {
    const rows = Object.entries(value as Record<string, unknown>).map(
      ([key, v]) => `<tr><th scope="row">${escapeHtml(label(key))}</th><td>${cell(v)}</td></tr>`,
    );
    return `${heading}<table>${rows.join("")}</table>`;
  }
  const keys = [...new Set(value.flatMap((row) => Object.keys(row as object)))];
  const head = keys.map((key) => `<th scope="col">${escapeHtml(label(key))}</th>`).join("");
  const body = value.map((row) => `<tr>${keys.map((key) => `<td>${cell((row as Record<string, unknown>)[key])}</td>`).join("")}</tr>`).join("");
  return `${heading}<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function renderHtml(data: Record<string, unknown>, at: Date): string {
  const sections = SECTIONS.map((s) => renderSection(s.title, s.about, data[s.key])).join("\n");
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Your Touchstone data</title>
<style>body{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;margin-bottom:2rem;width:100%}th,td{border:1px solid #768692;padding:.4rem;text-align:left;vertical-align:top}</style>
</head><body><main>
<h1>Your Touchstone data</h1>
<p>Everything Touchstone held about you on ${escapeHtml(formatDateTime(at))}. The same data is in touchstone-data.json, for other programs.</p>
${sections}
</main></body></html>`;
}
