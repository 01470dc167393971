import { PDFDocument } from "pdf-lib";
import { db } from "#app/utils/db.server";
import { formatDate, formatTime } from "#app/utils/dates";
import { createPdf } from "#app/utils/pdf.server";
import { REPORT_SECTIONS, VOTE_LABELS } from "./meeting-business.schema";
import { readPaper } from "./papers.server";
import type { loadMeetingRecord } from "./meeting-record.server";

type Record = NonNullable<Awaited<ReturnType<typeof loadMeetingRecord>>>;

/**
 * The agenda pack: the agenda, then each paper (a proposal version's text, a report in full),
 * then the uploaded PDF papers' own pages. Word documents stay separate downloads.
 */
export async function agendaPackPdf({ meeting, carried }: Record): Promise<Buffer> {
  const appended: Buffer[] = [];
  const pdf = createPdf(`Agenda: ${meeting.body.name}, ${formatDate(meeting.startsAt)}`);
  pdf.title(
    meeting.body.name,
    `${meeting.title}, ${formatDate(meeting.startsAt)}, ${formatTime(meeting.startsAt)}${meeting.venue ? `, ${meeting.venue}` : ""}`,
  );
  pdf.heading("Agenda");
  for (const item of meeting.agendaItems) {
    pdf.para(`${item.position}. ${item.title}${item.papers.length ? ` (papers: ${item.papers.map((p) => p.title).join("; ")})` : ""}`);
  }
  pdf.para(`${meeting.agendaItems.length + 1}. Open actions from earlier meetings (${carried.length})`);
  const words = meeting.agendaItems.flatMap((item) =>
    item.papers.filter((p) => p.kind === "DOCUMENT" && p.contentType !== "application/pdf").map((p) => `${item.position}: ${p.title}`),
  );
  if (words.length) pdf.para(`Word documents are separate downloads on the meeting page (item ${words.join("; item ")}).`);
  for (const a of carried) pdf.para(`   - ${a.description} (${a.owner?.displayName ?? a.ownerPost}, due ${formatDate(a.dueOn)})`);

  for (const item of meeting.agendaItems) {
    for (const paper of item.papers) {
      if (paper.kind === "PROPOSAL_VERSION" && paper.proposalVersionId) {
        const version = await db.proposalVersion.findUnique({
          where: { id: paper.proposalVersionId },
          select: {
            number: true,
            proposal: { select: { title: true } },
            sections: { orderBy: { position: "asc" }, select: { number: true, heading: true, body: true } },
          },
        });
        if (!version) continue;
        pdf.doc.addPage();
        pdf.title(`Item ${item.position}: ${version.proposal.title}`, `Version ${version.number}`);
        for (const section of version.sections) {
          pdf.heading(`${section.number}. ${section.heading}`, 13);
          pdf.para(section.body);
        }
      } else if (paper.kind === "REPORT" && paper.reportId) {
        const report = await db.cabinetReport.findUnique({ where: { id: paper.reportId }, include: { recommendations: { orderBy: { number: "asc" } } } });
        if (!report) continue;
        pdf.doc.addPage();
        pdf.title(`Item ${item.position}: ${report.title}`, `Portfolio: ${report.portfolio}. Service: ${report.service}. Wards: ${report.wards}.`);
        pdf.para(`Key decision: ${report.keyDecision ? "yes" : "no"}. Forward plan: ${report.forwardPlan ? "yes" : "no"}.`);
        pdf.heading("Summary", 13);
        pdf.para(report.summary);
        pdf.heading("Recommendations", 13);
        for (const r of report.recommendations) pdf.para(`${r.number}. ${r.text}`);
        for (const [key, label] of REPORT_SECTIONS) {
          if (!report[key]) continue;
          pdf.heading(label, 13);
          pdf.para(report[key]);
        }
        pdf.para(
          `Contact officer: ${report.contactOfficer}. Signed off by ${report.officerSignOff}${report.officerSignedOn ? ` on ${formatDate(report.officerSignedOn)}` : ""} and ${report.portfolioHolderSignOff}${report.holderSignedOn ? ` on ${formatDate(report.holderSignedOn)}` : ""}.`,
        );
      } else if (paper.kind === "DOCUMENT" && paper.storageKey && paper.contentType === "application/pdf") {
        appended.push(await readPaper(paper.storageKey));
      }
    }
  }
  return appendPdfs(await pdf.finish(), appended);
}

/** The uploaded PDFs' pages after the pack's own. One that cannot be read is left out (it stays a download). */
async function appendPdfs(pack: Buffer, papers: Buffer[]): Promise<Buffer> {
  if (papers.length === 0) return pack;
  const merged = await PDFDocument.load(pack);
  for (const bytes of papers) {
    try {
      const paper = await PDFDocument.load(bytes);
      for (const page of await merged.copyPages(paper, paper.getPageIndices())) merged.addPage(page);
    } catch {
      // Damaged or encrypted: readers download it from the meeting page instead.
    }
  }
  return Buffer.from(await merged.save());
}

/** The minutes: attendance and quorum, each item's minutes and decisions (with votes), actions. */
export async function minutesPdf({ meeting, quorum }: Record): Promise<Buffer> {
  const status = meeting.minutesApprovedAt ? "Approved as a correct record" : "Draft minutes, to be approved at the next meeting";
  const pdf = createPdf(`Minutes: ${meeting.body.name}, ${formatDate(meeting.startsAt)}`);
  pdf.title(`Minutes: ${meeting.body.name}`, `${meeting.title}, ${formatDate(meeting.startsAt)}. ${status}.`);
  pdf.heading("Attendance");
  for (const [kind, label] of [
    ["PRESENT", "Present"],
    ["APOLOGIES", "Apologies"],
    ["IN_ATTENDANCE", "In attendance"],
  ] as const) {
    const people = meeting.attendance.filter((a) => a.kind === kind).map((a) => `${a.name}${a.role ? ` (${a.role})` : ""}`);
    pdf.para(`${label}: ${people.join("; ") || "none"}`);
  }
  if (quorum)
    pdf.para(
      quorum.met
        ? `The meeting was quorate (${quorum.present} of ${quorum.votingPlaces} voting places).`
        : `The meeting was not quorate: ${quorum.shortfalls.join("; ")}.`,
    );
  const decisions = (ds: Record["meeting"]["decisions"]) => {
    for (const d of ds) {
      pdf.para(`Decision ${d.ref}: ${d.text}`);
      if (d.voteTaken)
        pdf.para(
          `Vote: ${(["FOR", "AGAINST", "ABSTAIN"] as const).map((v) => `${VOTE_LABELS[v].toLowerCase()} ${d.votes.filter((x) => x.vote === v).length}`).join(", ")}.`,
        );
    }
  };
  for (const item of meeting.agendaItems) {
    pdf.heading(`${item.position}. ${item.title}`, 13);
    if (item.minutes) pdf.para(item.minutes);
    decisions(item.decisions);
  }
  if (meeting.decisions.length) {
    pdf.heading("Other decisions", 13);
    decisions(meeting.decisions);
  }
  if (meeting.actionsRaised.length) {
    pdf.heading("Actions");
    for (const a of meeting.actionsRaised) pdf.para(`${a.description}. Owner: ${a.owner?.displayName ?? a.ownerPost}. Due ${formatDate(a.dueOn)}.`);
  }
  return pdf.finish();
}
