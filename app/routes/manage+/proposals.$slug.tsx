import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { editorRedrawIntents, typedEditor } from "#app/features/consultations/editor-form.server";
import { changeStatus, getProposalForEditing, inviteStakeholders, listParticipants, saveProposal } from "#app/features/consultations/manage-proposals.server";
import { InviteSchema, ProposalFormSchema, StatusChangeSchema, type StatusIntent } from "#app/features/consultations/manage.schema";

const STATUS_DONE: Record<StatusIntent, string> = {
  publish: "Published",
  "open-early": "Opened for comment",
  "close-early": "Closed for comment",
  review: "Marked as under review",
  decide: "Decision recorded",
};
import { ProposalEditor, type EditorValues } from "#app/features/consultations/ui/proposal-editor";
import { formatDate, formatDateTime, londonToday } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

function toLondonParts(date: Date | null): { date: string; time: string } {
  if (!date) return { date: "", time: "" };
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  return { date: londonToday(date), time: parts };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "create:proposal:any");
  const proposal = await getProposalForEditing(params.slug ?? "");
  if (!proposal) throw new Response("Not found", { status: 404 });
  const opens = toLondonParts(proposal.discussionOpensAt);
  const closes = toLondonParts(proposal.discussionClosesAt);
  const values: EditorValues = {
    title: proposal.title,
    summary: proposal.summary,
    audience: proposal.audience,
    premoderation: proposal.premoderation,
    reportThreshold: String(proposal.reportThreshold),
    opensDate: opens.date,
    opensTime: opens.time || "09:00",
    closesDate: closes.date,
    closesTime: closes.time || "17:00",
    sections: proposal.versions[0].sections,
  };
  return json({ proposal, values, participants: await listParticipants(proposal.id) });
}

/** The status and invitation forms are short: what was typed is not drawn again. */
const nothingKept = () => null;

// Pure: the browser build drops the action (its .server imports are empty there; see ADR 027).
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => {
    const slug = params.slug ?? "";
    return {
      actor: requirePermission(context, request, "create:proposal:any"),
      slug,
      publisher: context.publisher,
      back: (done: string) => redirect(`/manage/proposals/${slug}?done=${encodeURIComponent(done)}`),
    };
  },
  (intent) => {
    // Publishing, opening, closing, reviewing and deciding: one form, one command.
    const changeOfStatus = intent({
      schema: StatusChangeSchema,
      form: "status",
      keep: nothingKept,
      run: (input, { actor, slug, publisher }) => changeStatus(actor, slug, input.intent, input.reason, publisher),
      success: (_changed, input, { back }) => back(STATUS_DONE[input.intent]),
    });
    return {
      publish: changeOfStatus,
      "open-early": changeOfStatus,
      "close-early": changeOfStatus,
      review: changeOfStatus,
      decide: changeOfStatus,
      invite: intent({
        schema: InviteSchema,
        form: "invite",
        keep: nothingKept,
        run: (input, { actor, slug }) => inviteStakeholders(actor, slug, input.emails),
        success: ({ invited }, _input, { back }) => back(`Invited ${invited} ${invited === 1 ? "person" : "people"}`),
      }),
      save: intent({
        schema: ProposalFormSchema,
        form: "editor",
        keep: typedEditor,
        run: (input, { actor, slug, publisher }) => saveProposal(actor, slug, input, publisher),
        success: ({ version }, _input, { back }) => back(version === null ? "Draft saved" : `Version ${version} published`),
      }),
      // "Preview" and "Add another section" draw the editor again; nothing is saved.
      ...editorRedrawIntents(intent),
    };
  },
  // A post too large to read is almost certainly the editor's: its error summary says so.
  { form: "editor" },
);

export default function ManageProposal() {
  const { proposal, values, participants } = useLoaderData<typeof loader>();
  const statusReply = useFormReply<typeof action>("status");
  const inviteReply = useFormReply<typeof action>("invite");
  const editorReply = useFormReply<typeof action>("editor");
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done") ?? (searchParams.get("created") ? "Draft created" : null);
  const isDraft = proposal.status === "DRAFT";
  const statusErrors = statusReply?.errors ?? null;
  const inviteErrors = inviteReply?.errors ?? null;
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to="/manage/proposals">
          All proposals
        </Link>
      </div>
      <h1>{proposal.title}</h1>
      {done ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{done}.</p>
        </div>
      ) : null}
      <SummaryList>
        <SummaryRow label="Status">
          {isDraft
            ? proposal.publishedAt
              ? "Published: opens by itself at the start of the discussion period"
              : "Draft: only commissioners can see it"
            : proposal.status.replace("_", " ").toLowerCase()}
          {proposal.statusNote ? ` (${proposal.statusNote})` : ""}
        </SummaryRow>
        <SummaryRow label="Discussion period">
          {proposal.discussionOpensAt && proposal.discussionClosesAt
            ? `${formatDateTime(proposal.discussionOpensAt)} to ${formatDateTime(proposal.discussionClosesAt)}`
            : "Not set"}
        </SummaryRow>
        <SummaryRow label="Public page">
          <Link to={`/proposals/${proposal.slug}`}>View as a reader</Link>
        </SummaryRow>
        <SummaryRow label="Comments">
          <Link to={`/manage/proposals/${proposal.slug}/analysis`}>Analyse the feedback</Link> (themes, summary, you said we did, report) ·{" "}
          <a href={`/manage/proposals/${proposal.slug}/comments.csv`} download>
            Download every comment (CSV)
          </a>
        </SummaryRow>
      </SummaryList>

      <h2>Where it stands</h2>
      <Form method="post">
        <ErrorSummary errors={statusErrors} />
        {isDraft && !proposal.publishedAt ? (
          <Button name="intent" value="publish">
            Publish
          </Button>
        ) : null}
        {isDraft || proposal.status === "OPEN" ? (
          <>
            <Textarea
              name="reason"
              label={isDraft ? "Reason for opening early" : "Reason for closing early"}
              hint="Shown to readers on the proposal page."
              rows={2}
              error={statusErrors?.reason}
            />
            {isDraft ? (
              <Button secondary name="intent" value="open-early">
                Open for comment now
              </Button>
            ) : (
              <Button secondary name="intent" value="close-early">
                Close for comment now
              </Button>
            )}
          </>
        ) : null}
        {proposal.status === "CLOSED" ? (
          <>
            <Textarea
              name="reason"
              label="Note for readers (optional)"
              hint="For example, when you expect to publish what you did with the feedback."
              rows={2}
              error={statusErrors?.reason}
            />
            <Button name="intent" value="review">
              Start reviewing the feedback
            </Button>
          </>
        ) : null}
        {proposal.status === "UNDER_REVIEW" || proposal.status === "REVISED" ? (
          <>
            <Textarea
              name="reason"
              label="The decision"
              hint="What was decided, by which body and when. Shown to readers."
              rows={3}
              error={statusErrors?.reason}
            />
            <Button name="intent" value="decide">
              Record the decision
            </Button>
          </>
        ) : null}
        {proposal.status === "DECIDED" ? <p>A decision has been recorded. The proposal is kept for reference.</p> : null}
      </Form>

      <h2>{isDraft ? "Edit the draft" : "Publish a revised version"}</h2>
      {!isDraft ? <p>Readers can still read every earlier version. People who commented are told about the new one.</p> : null}
      <ProposalEditor
        values={editorReply?.result?.values ?? editorReply?.values ?? values}
        errors={editorReply?.errors}
        previews={editorReply?.result?.previews}
        scheduleEditable={isDraft}
        submitLabel={isDraft ? "Save draft" : "Publish revised version"}
        extra={!isDraft ? <Textarea name="changeNote" label="What changed (shown publicly)" rows={3} error={editorReply?.errors?.changeNote} /> : null}
      />

      <h2>Versions</h2>
      <ul>
        {proposal.versions.map((v) => (
          <li key={v.id}>
            Version {v.number}, {formatDate(v.publishedAt)}
            {v.changeNote ? `: ${v.changeNote}` : ""}
          </li>
        ))}
      </ul>

      <h2>Invitations</h2>
      <Form method="post">
        <ErrorSummary errors={inviteErrors} fieldOrder={["emails"]} />
        <input type="hidden" name="intent" value="invite" />
        <Textarea
          name="emails"
          label="Invite people by email"
          hint="One address per line. Each receives a link; an account is created for them when they accept."
          rows={4}
          error={inviteErrors?.emails}
        />
        <Button secondary>Send invitations</Button>
      </Form>
      {proposal.invitations.length ? (
        <ResponsiveTable caption={<>Invited ({proposal.invitations.length})</>} head={["Email", "Accepted"]}>
          {proposal.invitations.map((i) => (
            <Row key={i.email}>
              <Cell heading="Email">{i.email}</Cell>
              <Cell heading="Accepted">{i.acceptedAt ? formatDate(i.acceptedAt) : "Not yet"}</Cell>
            </Row>
          ))}
        </ResponsiveTable>
      ) : (
        <p>No one has been invited.</p>
      )}

      <h2>Who has taken part</h2>
      {participants.length === 0 ? (
        <p>No comments yet.</p>
      ) : (
        <ResponsiveTable
          caption={
            <>
              {participants.length} {participants.length === 1 ? "person" : "people"} have commented
            </>
          }
          head={["Name", "Taking part as", "Comments"]}
        >
          {participants.map((p) => (
            <Row key={p.id}>
              <Cell heading="Name">
                {p.displayName}
                {p.organisation ? ` (${p.organisation})` : ""}
              </Cell>
              <Cell heading="Taking part as">{STAKEHOLDER_TYPE_LABELS[p.stakeholderType]}</Cell>
              <Cell heading="Comments">{p.comments}</Cell>
            </Row>
          ))}
        </ResponsiveTable>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Manage: ${data?.proposal.title ?? "proposal"} - Touchstone` }];
