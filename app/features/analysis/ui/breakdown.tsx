import { BarChart } from "#app/components/bar-chart";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { STANCE_LABELS } from "#app/features/consultations/consultations.schema";
import type { StakeholderType, Stance } from "#app/generated/prisma/enums";
import type { Breakdown as Counts } from "#app/features/analysis/summary.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

const stanceLabel = (key: string) => (key === "NONE" ? "No stance given" : STANCE_LABELS[key as Stance]);

/** Counts by stakeholder type and by stance, as a table (and a chart of the first). */
export function Breakdown({ counts, caption, chart }: { counts: Counts; caption: string; chart?: boolean }) {
  const stakeholders = Object.entries(counts.byStakeholder) as [StakeholderType, number][];
  const stances = Object.entries(counts.byStance);
  if (counts.total === 0) return <p>No comments.</p>;
  return (
    <>
      <ResponsiveTable
        captionClassName="nhsuk-table__caption--s"
        caption={
          <>
            {caption}: {counts.total}
          </>
        }
        head={["Who", "Comments"]}
      >
        {stakeholders.map(([type, n]) => (
          <Row key={type}>
            <Cell heading="Who">{STAKEHOLDER_TYPE_LABELS[type]}</Cell>
            <Cell heading="Comments">{n}</Cell>
          </Row>
        ))}
        {stances.map(([stance, n]) => (
          <Row key={stance}>
            <Cell heading="Who">Stance: {stanceLabel(stance)}</Cell>
            <Cell heading="Comments">{n}</Cell>
          </Row>
        ))}
      </ResponsiveTable>
      {chart ? (
        <BarChart label={`${caption} by stakeholder type`} rows={stakeholders.map(([type, n]) => ({ label: STAKEHOLDER_TYPE_LABELS[type], value: n }))} />
      ) : null}
    </>
  );
}

type Quote = {
  id: string;
  body: string;
  moderation: string;
  onBehalfOf: string | null;
  published?: boolean;
  author: { displayName: string; stakeholderType: StakeholderType };
};

/** Key quotes, attributed by stakeholder type (and organisation), not by name. */
export function KeyQuotes({ quotes, showModeration = true }: { quotes: Quote[]; showModeration?: boolean }) {
  if (quotes.length === 0) return null;
  return (
    <>
      <h4>Key quotes</h4>
      {quotes.map((q) => (
        <blockquote className="app-quote" key={q.id}>
          <p>“{q.body}”</p>
          <footer className="nhsuk-body-s">
            {q.onBehalfOf ?? STAKEHOLDER_TYPE_LABELS[q.author.stakeholderType]}
            {showModeration && q.moderation !== "VISIBLE" ? " (hidden from the public)" : ""}
            {showModeration && q.published === false ? " (received outside Touchstone, not published: no consent)" : ""}
          </footer>
        </blockquote>
      ))}
    </>
  );
}
