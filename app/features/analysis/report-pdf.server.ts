import { createPdf } from "#app/utils/pdf.server";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { formatDate } from "#app/utils/dates";
import { THEME_RESPONSE_LABELS } from "./analysis.schema";
import type { Report } from "./outcome.server";
import { CHANNEL_REPORT_LABELS } from "#app/features/consultations/respondents";

type ReportForPdf = Report & { proposal: { title: string; discussionOpensAt: Date | null; discussionClosesAt: Date | null }; publishedAt: Date | null };

/** The consultation report as a PDF, in the same order as the printable page. */
export function renderReportPdf(report: ReportForPdf): Promise<Buffer> {
  const pdf = createPdf(`Consultation report: ${report.proposal.title}`);
  const { heading, para } = pdf;
  pdf.title("Consultation report", report.proposal.title);
  const { discussionOpensAt: opens, discussionClosesAt: closes } = report.proposal;
  if (opens && closes) para(`Discussion period: ${formatDate(opens)} to ${formatDate(closes)}.`);
  para(report.publishedAt ? `Outcome published ${formatDate(report.publishedAt)}.` : "Draft: the outcome has not been published.");

  heading("Who took part");
  for (const row of report.participation)
    para(`${STAKEHOLDER_TYPE_LABELS[row.stakeholder]}: ${row.people} ${row.people === 1 ? "person" : "people"}, ${row.comments} comments`);
  para(
    `Responses by how they were received: ${report.byChannel.map((row) => `${CHANNEL_REPORT_LABELS[row.channel].toLowerCase()} ${row.comments}`).join(", ")}.`,
  );
  if (report.organisations.length) para(`Organisations that responded: ${report.organisations.join(", ")}.`);
  for (const meeting of report.meetings)
    para(`${meeting.title} (${formatDate(meeting.startsAt)}): ${meeting.registered} registered, ${meeting.attended} attended.`);

  if (report.outcome.overview) {
    heading("Overview");
    for (const paragraph of report.outcome.overview.split(/\n{2,}/)) para(paragraph);
  }

  heading("Themes");
  for (const theme of report.themes) {
    heading(`${theme.name} (${theme.counts.total} comments)`, 13);
    const who = Object.entries(theme.counts.byStakeholder).map(([type, n]) => `${STAKEHOLDER_TYPE_LABELS[type as keyof typeof STAKEHOLDER_TYPE_LABELS]} ${n}`);
    if (who.length) para(`By stakeholder type: ${who.join(", ")}.`);
    if (theme.summary) para(`You said: ${theme.summary}`);
    if (theme.response) para(`We did (${THEME_RESPONSE_LABELS[theme.response]}): ${theme.responseNote}`);
    for (const section of theme.changedSections) para(`Changed: version ${section.version}, section ${section.number} ${section.heading}.`);
    for (const quote of theme.quotes) pdf.quote(`“${quote.body}”`);
  }

  heading("Feedback by section");
  for (const section of report.sections) {
    if (section.counts.total === 0 && !section.summary) continue;
    heading(section.number === "general" ? section.heading : `Section ${section.number}: ${section.heading} (${section.counts.total} comments)`, 13);
    if (section.summary) para(section.summary);
  }

  if (report.versions.length) {
    heading("Changes made");
    for (const version of report.versions) para(`Version ${version.number} (${formatDate(version.publishedAt)}): ${version.changeNote ?? ""}`);
  }
  return pdf.finish();
}
