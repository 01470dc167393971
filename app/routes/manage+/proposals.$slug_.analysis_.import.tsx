import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, ErrorMessage } from "#app/components/ui/fields";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "#app/features/analysis/analysis.schema";
import { importedCounts, importResponses } from "#app/features/analysis/import-responses.server";
import { AnalysisNav, LiveAnalysis } from "#app/features/analysis/ui/analysis-nav";
import { requireAnalysis } from "#app/features/analysis/workspace.server";
import { CHANNEL_LABELS } from "#app/features/consultations/respondents";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { readFormWithUpload } from "#app/utils/uploads.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  return json({ proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title }, imported: await importedCounts(proposal.id), userId: actor.id });
}

// An empty file input sends no file: the command says to choose one.
const ImportSchema = z.object({
  file: z
    .instanceof(File, { error: "Choose a CSV file of responses to import" })
    .optional()
    .transform((file) => file ?? null),
});

export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => ({ ...(await requireAnalysis(context, request, params.slug)), publisher: context.publisher }),
  (intent) => ({
    import: intent({
      schema: ImportSchema,
      run: (input, { actor, proposal, publisher }) => importResponses(actor, proposal, input.file, publisher),
      success: (made) => {
        const counts = Object.entries(made.byChannel).map(([channel, n]) => `${n} by ${CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS].toLowerCase()}`);
        return { message: `Imported ${made.imported} ${made.imported === 1 ? "response" : "responses"} (${counts.join(", ")})` };
      },
      // Which rows are wrong, so the page can list them beside the message.
      failed: (refusal) => ({ rows: refusal.rows ?? [] }),
    }),
  }),
  // The file comes as an upload, size-limited while it streams in.
  { readForm: (request) => readFormWithUpload(request, IMPORT_MAX_BYTES) },
);

const COLUMNS: [string, string][] = [
  ["text", "What the respondent said (required)"],
  ["name", "The respondent's name, if given (shown only to commissioners)"],
  ["organisation", "The organisation they responded for, if any"],
  ["stakeholder type", "service user, carer, voluntary organisation, statutory partner, staff, elected member or public (required)"],
  ["section", "The section number the response is about; blank for the whole proposal"],
  ["date", "The day it was received, as YYYY-MM-DD (required)"],
  ["channel", "email, post, meeting or other (required)"],
  ["consent", "yes if the respondent agreed to their response being published; blank or no otherwise"],
];

export default function ImportResponses() {
  const { proposal, imported, userId } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/manage/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <h1>Import responses: {proposal.title}</h1>
      <AnalysisNav slug={proposal.slug} />
      <LiveAnalysis proposalId={proposal.id} userId={userId} />
      <ErrorSummary errors={reply?.errors} />
      {reply?.message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            {reply.message}. <Link to={`/manage/proposals/${proposal.slug}/analysis`}>See them with the other comments</Link>.
          </p>
        </div>
      ) : null}

      <p>
        Responses received by email, by post or at meetings join the analysis as comments marked with how they arrived. They can be tagged and they are counted
        in the report. They appear on public pages only when the respondent agreed, and then without their name.
      </p>
      {imported.length ? (
        <p data-testid="imported-counts">
          Imported so far: {imported.map((row) => `${row.responses} by ${CHANNEL_LABELS[row.channel].toLowerCase()}`).join(", ")}.
        </p>
      ) : null}

      {reply?.result?.rows.length ? (
        <ResponsiveTable testId="import-problems" caption="Rows that cannot be imported" captionClassName="nhsuk-table__caption--m" head={["Line", "Problem"]}>
          {reply.result.rows.map((row) => (
            <Row key={row.line} data-testid="import-problem">
              <Cell heading="Line">{row.line}</Cell>
              <Cell heading="Problem">{row.problems.join(". ")}</Cell>
            </Row>
          ))}
        </ResponsiveTable>
      ) : null}

      <Form method="post" encType="multipart/form-data">
        <div className={`nhsuk-form-group${reply?.errors?.file ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label nhsuk-label--s" htmlFor="file">
            CSV file of responses
          </label>
          <div className="nhsuk-hint" id="file-hint">
            Up to {IMPORT_MAX_ROWS.toLocaleString("en-GB")} responses and {IMPORT_MAX_BYTES / 1024 / 1024} MB. Nothing is imported unless every row is correct.
          </div>
          <ErrorMessage id="file" error={reply?.errors?.file} />
          <input
            className="nhsuk-file-upload"
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`file-hint${reply?.errors?.file ? " file-error" : ""}`}
          />
        </div>
        <Button>Import responses</Button>
      </Form>

      <ResponsiveTable caption="The file's columns (first line: their names)" captionClassName="nhsuk-table__caption--s" head={["Column", "What goes in it"]}>
        {COLUMNS.map(([column, meaning]) => (
          <Row key={column}>
            <Cell heading="Column">
              <code>{column}</code>
            </Cell>
            <Cell heading="What goes in it">{meaning}</Cell>
          </Row>
        ))}
      </ResponsiveTable>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Import responses: ${data?.proposal.title ?? "proposal"} - Touchstone` }];
