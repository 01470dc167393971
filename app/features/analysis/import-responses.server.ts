import { parse } from "csv-parse/sync";
import type { SessionUser } from "#app/utils/auth.server";
import { addDays, londonTime } from "#app/utils/dates";
import { db } from "#app/utils/db.server";
import type { Publisher } from "#app/utils/realtime";
import { fail, type Failure, type Success } from "#app/utils/results";
import { raiseConcern } from "#app/features/safeguarding/raise-concern.server";
import { inTransaction } from "#app/utils/outbox.server";
import { analysisRoom } from "./analysis.events";
import { canAnalyseFeedback } from "./analysis.policy";
import {
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  IMPORT_REQUIRED_COLUMNS,
  ImportedResponseRowSchema,
  type ImportedResponseRow,
} from "./analysis.schema";
import type { AnalysedProposal } from "./workspace.server";

// Responses received by email, by post and at meetings join the analysis as comments with
// their channel and no author account (ADR 023). A file is all or nothing: every row is
// checked first, each bad row is reported with its line, and only a wholly valid file is
// written, in one transaction.

export type RowProblem = { line: number; problems: string[] };
/** A refused import says which rows are wrong, so the page can list them. */
export type ImportRefusal = Failure & { rows?: RowProblem[] };
export type ImportResult = Success<{ imported: number; byChannel: Record<string, number> }> | ImportRefusal;

type ParsedRow = ImportedResponseRow & { line: number; sectionId: string | null };

export async function importResponses(
  actor: SessionUser,
  proposal: AnalysedProposal,
  file: File | null,
  publisher: Publisher,
  today = new Date(),
): Promise<ImportResult> {
  if (!canAnalyseFeedback(actor)) return fail(403, "form", "Only commissioners can import responses");
  if (!file || file.size === 0) return fail(400, "file", "Choose a CSV file of responses to import");
  if (file.size > IMPORT_MAX_BYTES) return fail(400, "file", "The file must be 2 MB or smaller");

  const read = readRows(Buffer.from(await file.arrayBuffer()).toString("utf8"));
  if ("error" in read) return fail(400, "file", read.error);
  if (read.records.length === 0) return fail(400, "file", "The file has no responses in it");
  if (read.records.length > IMPORT_MAX_ROWS)
    return fail(
      400,
      "file",
      `The file has ${read.records.length.toLocaleString("en-GB")} responses; import at most ${IMPORT_MAX_ROWS.toLocaleString("en-GB")} at a time`,
    );

  const latest = proposal.versions[proposal.versions.length - 1];
  const sections = new Map(latest.sections.map((s) => [s.number, s.id]));
  const tomorrow = addDays(today.toISOString().slice(0, 10), 1);
  const rows: ParsedRow[] = [];
  const bad: RowProblem[] = [];
  for (const { line, record } of read.records) {
    const parsed = ImportedResponseRowSchema.safeParse(record);
    const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
    if (parsed.success) {
      const { section, date } = parsed.data;
      if (section && !sections.has(section)) problems.push(`Section ${section} is not a section of this proposal (leave it blank for the whole proposal)`);
      if (date >= tomorrow) problems.push("Date cannot be in the future");
    }
    if (problems.length) bad.push({ line, problems });
    else if (parsed.success) rows.push({ ...parsed.data, line, sectionId: parsed.data.section ? sections.get(parsed.data.section)! : null });
  }
  if (bad.length) {
    const failure = fail(
      400,
      "file",
      `${bad.length} ${bad.length === 1 ? "row" : "rows"} cannot be imported, so nothing was imported. Correct ${bad.length === 1 ? "it" : "them"} and upload the file again.`,
    );
    return { ...failure, rows: bad };
  }

  await inTransaction(
    publisher,
    async (tx, outbox) => {
      for (const row of rows) {
        const created = await tx.comment.create({
          data: {
            proposalId: proposal.id,
            versionId: latest.id,
            sectionId: row.sectionId,
            authorId: null,
            channel: row.channel,
            respondentName: row.name,
            respondentOrganisation: row.organisation,
            respondentType: row["stakeholder type"],
            onBehalfOf: row.organisation,
            publicConsent: row.consent,
            importedById: actor.id,
            body: row.text,
            // Midday London time: the day it was received, whatever the clocks are doing.
            createdAt: londonTime(row.date, "12:00"),
          },
          select: { id: true },
        });
        // Someone in crisis may write a letter too: it reaches the moderation queue like any comment.
        await raiseConcern(outbox, row.text, { kind: "comment", id: created.id, where: `on ${proposal.title} (imported)`, link: "/manage/moderation" });
      }
      await tx.auditEvent.create({ data: { actorId: actor.id, action: "responses.imported", subject: `proposal:${proposal.id}` } });
      // Only the commissioners' room hears of it; the public thread is not told (ADR 023).
      await outbox.event(analysisRoom(proposal.id), "analysis:changed", { by: actor.id, what: "responses" });
    },
    { timeout: 60_000 },
  );
  const byChannel: Record<string, number> = {};
  for (const row of rows) byChannel[row.channel] = (byChannel[row.channel] ?? 0) + 1;
  return { ok: true, imported: rows.length, byChannel };
}

type ReadRows = { records: { line: number; record: Record<string, string> }[] } | { error: string };

/** The CSV's rows by their header names, each with the line of the file it starts on. */
function readRows(text: string): ReadRows {
  let parsed: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  try {
    parsed = parse(text, {
      bom: true,
      columns: (names: string[]) => (header = names.map((name) => name.trim().toLowerCase())),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { error: `The file could not be read as CSV${line ? ` (near line ${line})` : ""}. Save it from your spreadsheet as "CSV UTF-8" and try again.` };
  }
  const missing = IMPORT_REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length)
    return { error: `The file's first line must name its columns; it is missing: ${missing.join(", ")}. The columns are: ${IMPORT_COLUMNS.join(", ")}.` };
  const unknown = header.filter((column) => column && !(IMPORT_COLUMNS as readonly string[]).includes(column));
  if (unknown.length) return { error: `The file has columns Touchstone does not know: ${unknown.join(", ")}. The columns are: ${IMPORT_COLUMNS.join(", ")}.` };
  return {
    records: parsed.map(({ record, info }) => {
      const complete = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, record[column] ?? ""]));
      // info.lines is where the row ends; a quoted text over several lines started earlier.
      const inner = Object.values(record).reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
      return { line: info.lines - inner, record: complete };
    }),
  };
}

/** How many responses of each outside channel the proposal has, for the import page. */
export async function importedCounts(proposalId: string) {
  const rows = await db.comment.groupBy({
    by: ["channel"],
    where: { proposalId, deletedAt: null, channel: { not: "PLATFORM" } },
    orderBy: { channel: "asc" },
    _count: { _all: true },
  });
  return rows.map((row) => ({ channel: row.channel, responses: row._count._all }));
}
