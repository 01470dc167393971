import type { Prisma } from "#app/generated/prisma/client";
import type { ResponseChannel, StakeholderType } from "#app/generated/prisma/enums";

// Who a comment is from. Most comments are written on the platform by an account; some are
// responses received by email, by post or at a meeting and imported by a commissioner
// (ADR 023): those have no author account, and are shown publicly only when the respondent
// agreed. Every public read of comments goes through `publishableResponse`.

export const CHANNEL_LABELS: Record<ResponseChannel, string> = {
  PLATFORM: "Touchstone",
  EMAIL: "Email",
  POST: "Post",
  MEETING: "Meeting",
  OTHER: "Other",
};

/** How the report names each channel. */
export const CHANNEL_REPORT_LABELS: Record<ResponseChannel, string> = {
  PLATFORM: "Comments on Touchstone",
  EMAIL: "By email",
  POST: "By post",
  MEETING: "At meetings",
  OTHER: "Other ways",
};

/** Platform comments, and imported responses whose respondent agreed to publication. */
export const publishableResponse = { OR: [{ channel: "PLATFORM" }, { publicConsent: true }] } satisfies Prisma.CommentWhereInput;

export const respondentSelect = {
  channel: true,
  respondentName: true,
  respondentOrganisation: true,
  respondentType: true,
  author: { select: { displayName: true, stakeholderType: true, erasedAt: true } },
} satisfies Prisma.CommentSelect;

type RespondentRow = Prisma.CommentGetPayload<{ select: typeof respondentSelect }>;

export type Respondent = { displayName: string; stakeholderType: StakeholderType; channel: ResponseChannel };

/**
 * The name to show. Commissioners see who sent an imported response; the public sees at most
 * the organisation (people's names never appear on public pages for imported responses).
 */
export function respondentOf(row: RespondentRow, audience: "public" | "commissioners"): Respondent {
  if (row.author) return { displayName: row.author.displayName, stakeholderType: row.author.stakeholderType, channel: row.channel };
  const named = audience === "commissioners" ? (row.respondentName ?? row.respondentOrganisation) : row.respondentOrganisation;
  return {
    displayName: named ?? `A respondent (${CHANNEL_LABELS[row.channel].toLowerCase()})`,
    stakeholderType: row.respondentType ?? "PUBLIC",
    channel: row.channel,
  };
}
