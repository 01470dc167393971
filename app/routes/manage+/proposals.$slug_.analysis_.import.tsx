import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button, ErrorMessage } from "~/components/ui/fields";
import { Cell, ResponsiveTable, Row } from "~/components/ui/responsive-table";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "~/features/analysis/analysis.schema";
import { importedCounts, importResponses, type RowProblem } from "~/features/analysis/import-responses.server";
import { AnalysisNav, LiveAnalysis } from "~/features/analysis/ui/analysis-nav";
import { requireAnalysis } from "~/features/analysis/workspace.server";
import { CHANNEL_LABELS } from "~/features/consultations/respondents";
import type { FieldErrors } from "~/utils/forms";
import { readFormWithUpload } from "~/utils/uploads.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  return json({ proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title }, imported: await importedCounts(proposal.id), userId: actor.id });
}

type Reply = { errors?: FieldErrors; rows?: RowProblem[]; done?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const formData = await readFormWithUpload(request, IMPORT_MAX_BYTES);
  if (!formData) return json<Reply>({ errors: { file: ["The file must be 2 MB or smaller"] } }, { status: 400 });
  const file = formData.get("file");
  const result = await importResponses(actor, proposal, file instanceof File ? file : null, context.publisher);
  if (!result.ok) return json<Reply>({ errors: result.errors, rows: result.rows }, { status: result.status });
  const counts = Object.entries(result.byChannel).map(([channel, n]) => `${n} by ${CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS].toLowerCase()}`);
  return json<Reply>({ done: `Imported ${result.imported} ${result.imported === 1 ? "response" : "responses"} (${counts.join(", ")})` });
}

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
  const reply = useActionData<typeof action>();
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/manage/proposals/${proposal.slug}`}>{proposal.title}</Link>
      </div>
      <h1>Import responses: {proposal.title}</h1>
      <AnalysisNav slug={proposal.slug} />
      <LiveAnalysis proposalId={proposal.id} userId={userId} />
      <ErrorSummary errors={reply?.errors} />
      {reply?.done ? <div className="nhsuk-inset-text" role="status"><p>{reply.done}. <Link to={`/manage/proposals/${proposal.slug}/analysis`}>See them with the other comments</Link>.</p></div> : null}

      <p>
        Responses received by email, by post or at meetings join the analysis as comments marked with how they arrived. They can be tagged and they
        are counted in the report. They appear on public pages only when the respondent agreed, and then without their name.
      </p>
      {imported.length ? (
        <p data-testid="imported-counts">
          Imported so far: {imported.map((row) => `${row.responses} by ${CHANNEL_LABELS[row.channel].toLowerCase()}`).join(", ")}.
        </p>
      ) : null}

      {reply?.rows?.length ? (
        <ResponsiveTable testId="import-problems" caption="Rows that cannot be imported" captionClassName="nhsuk-table__caption--m" head={["Line", "Problem"]}>
          {reply.rows.map((row) => (
            <Row key={row.line} data-testid="import-problem">
              <Cell heading="Line">{row.line}</Cell>
              <Cell heading="Problem">{row.problems.join(". ")}</Cell>
            </Row>
          ))}
        </ResponsiveTable>
      ) : null}

      <Form method="post" encType="multipart/form-data">
        <div className={`nhsuk-form-group${reply?.errors?.file ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label nhsuk-label--s" htmlFor="file">CSV file of responses</label>
          <div className="nhsuk-hint" id="file-hint">
            Up to {IMPORT_MAX_ROWS.toLocaleString("en-GB")} responses and {IMPORT_MAX_BYTES / 1024 / 1024} MB. Nothing is imported unless every row is correct.
          </div>
          <ErrorMessage id="file" error={reply?.errors?.file} />
          <input className="nhsuk-file-upload" id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby={`file-hint${reply?.errors?.file ? " file-error" : ""}`} />
        </div>
        <Button>Import responses</Button>
      </Form>

      <ResponsiveTable caption="The file's columns (first line: their names)" captionClassName="nhsuk-table__caption--s" head={["Column", "What goes in it"]}>
        {COLUMNS.map(([column, meaning]) => (
          <Row key={column}>
            <Cell heading="Column"><code>{column}</code></Cell>
            <Cell heading="What goes in it">{meaning}</Cell>
          </Row>
        ))}
      </ResponsiveTable>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Import responses: ${data?.proposal.title ?? "proposal"} - Touchstone` }];
