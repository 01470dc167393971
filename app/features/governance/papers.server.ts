import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { getEnv } from "#app/utils/env.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { publicProposals, viewProposal } from "#app/features/consultations/consultations.policy";
import { readPapers } from "./governance.policy";
import { managesBody } from "./secretaries.server";
import { PAPER_MAX_BYTES } from "./meeting-business.schema";

// Papers on agenda items. Uploaded documents are kept outside the web root under a random
// name, accepted only as PDF or Word (.docx) by their first bytes as well as their name, and
// only ever served as downloads with their own type, so a browser never runs or sniffs them.

const TYPES = {
  pdf: { contentType: "application/pdf", magic: Buffer.from("%PDF-") },
  docx: { contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", magic: Buffer.from([0x50, 0x4b, 0x03, 0x04]) },
} as const;

const papersDir = () => path.resolve(getEnv().DATA_DIR, "papers");

/** A safe download name: letters, digits, spaces, dots, dashes and underscores only. */
export function safeFileName(name: string): string {
  const base = path
    .basename(name)
    .normalize("NFKD")
    .replace(/[^\w .-]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return base.slice(-120) || "paper";
}

export function identifyDocument(fileName: string, bytes: Buffer): keyof typeof TYPES | null {
  const extension = path.extname(fileName).toLowerCase().slice(1);
  if (extension !== "pdf" && extension !== "docx") return null;
  return bytes.subarray(0, TYPES[extension].magic.length).equals(TYPES[extension].magic) ? extension : null;
}

async function findItem(bodySlug: string, itemId: string) {
  return db.agendaItem.findFirst({ where: { id: itemId, meeting: { body: { slug: bodySlug } } }, select: { id: true, meetingId: true } });
}

export async function uploadPaper(actor: SessionUser, bodySlug: string, input: { itemId: string; title: string; file: File | null }): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return fail(403, "form", "Only this body's secretaries can add papers");
  const item = await findItem(bodySlug, input.itemId);
  if (!item) return fail(400, "itemId", "Choose an item on this body's agenda");
  if (!input.file || input.file.size === 0) return fail(400, "file", "Choose a PDF or Word document to upload");
  if (input.file.size > PAPER_MAX_BYTES) return fail(400, "file", "The file must be 10 MB or smaller");
  const bytes = Buffer.from(await input.file.arrayBuffer());
  const kind = identifyDocument(input.file.name, bytes);
  if (!kind) return fail(400, "file", "The file must be a PDF or a Word document (.docx)");
  const storageKey = crypto.randomBytes(16).toString("hex");
  await fs.mkdir(papersDir(), { recursive: true });
  await fs.writeFile(path.join(papersDir(), storageKey), bytes, { mode: 0o600 });
  await db.agendaPaper.create({
    data: {
      itemId: item.id,
      kind: "DOCUMENT",
      title: input.title || safeFileName(input.file.name),
      fileName: safeFileName(input.file.name),
      contentType: TYPES[kind].contentType,
      size: bytes.length,
      storageKey,
    },
  });
  return ok();
}

export async function attachProposalVersion(
  actor: SessionUser,
  bodySlug: string,
  input: { itemId: string; proposalSlug: string; versionNumber: number },
): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return fail(403, "form", "Only this body's secretaries can add papers");
  const item = await findItem(bodySlug, input.itemId);
  if (!item) return fail(400, "itemId", "Choose an item on this body's agenda");
  // Papers are published to everyone, so only a proposal everyone can read can be one. A draft, an
  // invitation-only proposal and a slug that names nothing get the same answer, so the form does
  // not tell a secretary which private slugs exist.
  const proposal = await db.proposal.findFirst({ where: { AND: [{ slug: input.proposalSlug }, publicProposals()] }, select: { id: true } });
  if (!proposal) return fail(400, "proposalSlug", "Only proposals open to everyone can be papers: choose one from the list");
  const version = await db.proposalVersion.findFirst({
    where: { number: input.versionNumber, proposalId: proposal.id },
    select: { id: true, number: true, proposal: { select: { title: true } } },
  });
  if (!version) return fail(400, "versionNumber", "This proposal has no version with that number");
  await db.agendaPaper.create({
    data: { itemId: item.id, kind: "PROPOSAL_VERSION", title: `${version.proposal.title}, version ${version.number}`, proposalVersionId: version.id },
  });
  return ok();
}

/**
 * A paper for a reader: the public once the meeting's papers are published, secretaries always;
 * a paper that is a proposal's version only for people who may read that proposal (with where
 * it lives: its slug and version number).
 */
export async function findPaper(viewer: SessionUser | null, bodySlug: string, paperId: string) {
  const paper = await db.agendaPaper.findFirst({
    where: { id: paperId, item: { meeting: { body: { slug: bodySlug } } } },
    select: {
      id: true,
      kind: true,
      title: true,
      fileName: true,
      contentType: true,
      storageKey: true,
      reportId: true,
      proposalVersionId: true,
      item: { select: { meeting: { select: { papersPublishedAt: true } } } },
    },
  });
  if (!paper || !readPapers.allows({ keepsRecord: await managesBody(viewer, { slug: bodySlug }) }, paper.item.meeting)) return null;
  if (!paper.proposalVersionId) return { ...paper, version: null };
  const version = await db.proposalVersion.findFirst({
    where: { id: paper.proposalVersionId, proposal: viewProposal.where(viewer) },
    select: { number: true, proposal: { select: { slug: true } } },
  });
  return version ? { ...paper, version } : null;
}

export async function readPaper(storageKey: string): Promise<Buffer> {
  if (!/^[0-9a-f]{32}$/.test(storageKey)) throw new Error("bad storage key");
  return fs.readFile(path.join(papersDir(), storageKey));
}
