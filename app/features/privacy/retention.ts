import type { Permission } from "#app/utils/permissions";

/**
 * The retention schedule: how long each kind of personal data is kept, and who can see it.
 * The scheduler applies it (retention.server.ts) and the privacy notice (/privacy) is
 * written from it, so the notice says what the software does. Periods marked adjustable
 * can be changed by an administrator (stored in RetentionSetting); the rest are fixed.
 */
export type RetentionRule = {
  /** What the notice calls this kind of data. */
  data: string;
  /** Days kept, counted from `from`; null means kept (no automatic deletion). */
  defaultDays: number | null;
  from: string;
  /** What happens when the time is up, in plain words. */
  then: string;
  adjustable: boolean;
  /** Bounds an administrator may choose between. */
  minDays: number;
  maxDays: number;
};

export const RETENTION_RULES = {
  accessNeeds: {
    data: "Access needs you give when you register for a meeting",
    defaultDays: 30,
    from: "after the meeting",
    then: "the details are erased; only anonymous totals are kept",
    adjustable: true,
    minDays: 1,
    maxDays: 365,
  },
  guestRegistrations: {
    data: "The name and email address of someone who registers for a meeting without an account",
    defaultDays: 90,
    from: "after the meeting",
    then: "the name and email address are erased, from the registration and from our record of the emails about it; the registration is still counted",
    adjustable: true,
    minDays: 1,
    maxDays: 730,
  },
  emailText: {
    data: "The text of emails we send you",
    // Emails carry one-time links and personal details; a week is enough to look into
    // "I never got it", after which the delivery record alone is kept.
    defaultDays: 7,
    from: "after the email is delivered, or after we stop trying to deliver it",
    then: "the text is deleted; a record of who it went to, the subject and when stays",
    adjustable: true,
    minDays: 1,
    maxDays: 365,
  },
  unconfirmedAccounts: {
    data: "Accounts whose email address was never confirmed",
    defaultDays: 30,
    from: "after sign-up",
    then: "the account is deleted",
    adjustable: true,
    minDays: 7,
    maxDays: 365,
  },
  dataExports: {
    data: "Copies of your data that you (or an administrator, for a subject access request) asked for",
    defaultDays: 7,
    from: "after the copy is ready",
    then: "the copy is deleted and its download link stops working",
    adjustable: true,
    minDays: 1,
    maxDays: 30,
  },
  sessions: {
    data: "Sign-in sessions",
    defaultDays: 30,
    from: "without use",
    then: "the session ends and is deleted",
    adjustable: false,
    minDays: 30,
    maxDays: 30,
  },
  emailedLinks: {
    data: "Links we emailed you (to confirm your address, reset your password or stop emails), kept only as a fingerprint",
    defaultDays: 7,
    from: "after the link expires (48 hours, 1 hour, or a year for stopping emails)",
    then: "the record is deleted",
    adjustable: false,
    minDays: 7,
    maxDays: 7,
  },
  realtimeEvents: {
    data: "Records of live page updates (which comment or message changed)",
    defaultDays: 7,
    from: "after the update",
    then: "the record is deleted",
    adjustable: true,
    minDays: 1,
    maxDays: 30,
  },
  auditLog: {
    data: "The audit log of what staff and administrators did (for example, granting a role or answering a request)",
    defaultDays: null,
    from: "",
    then: "kept, so that decisions can be checked later; it holds no comment text",
    adjustable: false,
    minDays: 0,
    maxDays: 0,
  },
} as const satisfies Record<string, RetentionRule>;

export type RetentionRuleName = keyof typeof RETENTION_RULES;
export const RETENTION_RULE_NAMES = Object.keys(RETENTION_RULES) as RetentionRuleName[];
export const ADJUSTABLE_RULES = RETENTION_RULE_NAMES.filter((name) => RETENTION_RULES[name].adjustable);

/** The periods in force: defaults, overridden by an administrator's settings. */
export type RetentionPeriods = Record<RetentionRuleName, number | null>;

export function periodsFrom(settings: { rule: string; days: number }[]): RetentionPeriods {
  const periods = Object.fromEntries(RETENTION_RULE_NAMES.map((name) => [name, RETENTION_RULES[name].defaultDays])) as RetentionPeriods;
  for (const { rule, days } of settings) {
    if (rule in RETENTION_RULES && RETENTION_RULES[rule as RetentionRuleName].adjustable) periods[rule as RetentionRuleName] = days;
  }
  return periods;
}

export const DAY_MS = 86_400_000;

/** Everyone (not signed in) can see it. */
export const EVERYONE = "everyone" as const;

/**
 * Each kind of personal data, who can see it (the person always can; besides them, whoever
 * holds one of these permissions, or everyone), and the retention rule that ends it. The
 * roles named in the notice are worked out from app/utils/permissions.ts.
 */
export type DataKind = {
  data: string;
  seenBy: readonly (Permission | typeof EVERYONE)[];
  /** Others, described in words where no permission says it (a seat's secretary, say). */
  alsoSeenBy?: string;
  /** Roles that see it only in some cases, named from a permission: "<roles>, <when>". */
  seenWhen?: { permission: Permission; when: string };
  kept: RetentionRuleName | "until-deleted";
};

export const DATA_KINDS: readonly DataKind[] = [
  {
    data: "Your email address",
    seenBy: ["read:users:any"],
    seenWhen: { permission: "organise:meeting:any", when: "for the meetings you register for" },
    kept: "until-deleted",
  },
  { data: "Your display name, how you take part (for example service user or carer) and your published comments", seenBy: [EVERYONE], kept: "until-deleted" },
  {
    data: "Your organisation, if you give one",
    seenBy: ["read:users:any", "analyse:feedback:any"],
    alsoSeenBy: "everyone, beside a comment you post on its behalf",
    kept: "until-deleted",
  },
  { data: "Comments held for moderation or hidden by a moderator, and reports of comments", seenBy: ["moderate:comment:any"], kept: "until-deleted" },
  { data: "The meetings you register for with your account", seenBy: ["organise:meeting:any"], kept: "until-deleted" },
  { data: "Your name and email address when you register for a meeting without an account", seenBy: ["organise:meeting:any"], kept: "guestRegistrations" },
  { data: "Access needs you give for a meeting", seenBy: ["organise:meeting:any"], kept: "accessNeeds" },
  { data: "Your Forum membership, category, postcode and residency", seenBy: ["verify:forum-membership:any"], kept: "until-deleted" },
  { data: "Your Forum messages and reactions", seenBy: ["read:forum-room:member"], kept: "until-deleted" },
  { data: "That you voted in a Forum election (never how: ballots carry no voter)", seenBy: ["run:election:any"], kept: "until-deleted" },
  { data: "Seats you hold on a board or group", seenBy: [EVERYONE], alsoSeenBy: "the body's secretaries keep the record", kept: "until-deleted" },
  { data: "Emails we send you", seenBy: ["read:outbox:any"], kept: "emailText" },
  { data: "A copy of all your data (a download or a subject access request)", seenBy: ["export:personal-data:any"], kept: "dataExports" },
];
