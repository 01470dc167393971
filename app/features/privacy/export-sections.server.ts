import { ROLE_LABELS, STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { ACTION_STATUS_LABELS, VOTE_LABELS } from "#app/features/governance/meeting-business.schema";
import { db } from "#app/utils/db.server";

/**
 * One part of a person's copy of their data.
 *
 * `from` names the columns that point at the person ("Model.field") whose rows this part
 * gives; export-coverage.test.ts fails when a column that points at a person is in no part's
 * `from` and not in NOT_EXPORTED, so a new kind of data cannot be left out of the copy unnoticed.
 * A part found through another row (what was done to their comments, say) has an empty `from`.
 */
export type Section = { key: string; title: string; about?: string; from: readonly string[]; collect: (userId: string) => Promise<unknown> };

/**
 * Columns that point at a person and are deliberately not given as a part of their copy, each
 * with the reason. (How anyone voted is not here because it cannot be: `Ballot` and
 * `SealedBallot` hold no voter, by design (ADR 014), and the coverage test fails if either ever
 * gains a column pointing at a person.)
 */
export const NOT_EXPORTED: Record<string, string> = {
  // Each is an administrator's or officer's act on someone else's record, and each is written to
  // the audit log with them as its actor, so it is in "What you did (from the audit log)". The
  // row itself is the other person's: whose role, whose application, which settings.
  "UserRole.grantedById": "giving someone a role is in the audit log as your action (role.grant); the role is the other person's",
  "ForumMembership.decidedById":
    "deciding a Forum application is in the audit log as your action (membership.verify/decline/end); the application is the applicant's",
  "ConsultationOutcome.publishedById": "publishing an outcome is in the audit log as your action (outcome.published)",
  "RetentionSetting.updatedById": "changing a retention period is in the audit log as your action (retention.change)",
  // Working records that say nothing about the person beyond what other parts give, and go by
  // themselves within days.
  "IdempotentRequest.owner": "a form's resubmission key and the answer already given, so a form sent twice is done once; deleted after 7 days",
  "ActionCounter.key": "how many times you did something in the current few minutes, to stop floods; deleted when the window ends",
};

const MODERATION_LABELS = {
  HIDE: "Hidden by a moderator",
  RESTORE: "Shown again by a moderator",
  APPROVE: "Approved by a moderator",
  AUTO_HIDE: "Hidden automatically after reports",
};
const LINK_LABELS = { EMAIL_VERIFICATION: "Confirm your email address", PASSWORD_RESET: "Reset your password", UNSUBSCRIBE: "Stop or change emails" };
const ATTENDANCE_LABELS = { PRESENT: "Present", APOLOGIES: "Sent apologies", IN_ATTENDANCE: "In attendance" };
const AUDIT_LABELS: Record<string, string> = {
  "role.grant": "A role was given",
  "role.revoke": "A role was taken away",
  "membership.verify": "A Forum application was accepted",
  "membership.decline": "A Forum application was declined",
  "membership.end": "A Forum membership was ended",
  "personal-data.export": "A copy of personal data was made for a subject access request",
  "account.create-administrator": "An administrator account was created",
  "seat.appoint": "Someone was appointed to a seat",
  "seat.end": "An appointment to a seat ended",
  "retention.change": "A retention period was changed",
  "responses.imported": "Responses were imported",
  "outcome.published": "A consultation outcome was published",
  "outcome.republished": "A consultation outcome was published again",
  "election.declare": "An election result was declared",
  "election.void": "An election's votes were declared void",
  "election.box-mismatch": "An election's ballot box did not match its voters",
};
const auditLabel = (action: string) => AUDIT_LABELS[action] ?? action;

/** What a moderation action or a safeguarding alert was about, in the person's own terms. */
function writing(row: { commentId: string | null; messageId: string | null; questionId?: string | null }) {
  if (row.commentId) return `your comment ${row.commentId}`;
  if (row.messageId) return `your Forum message ${row.messageId}`;
  return `your question ${row.questionId}`;
}

/** Every row held about someone, through their account id only (never their address: ADR 017). */
export const SECTIONS: Section[] = [
  {
    key: "account",
    title: "Your account",
    from: ["User.id", "UserRole.userId"],
    collect: async (userId) => {
      const user = await db.user.findUniqueOrThrow({
        where: { id: userId },
        select: {
          email: true,
          displayName: true,
          stakeholderType: true,
          organisation: true,
          createdAt: true,
          emailVerifiedAt: true,
          privacyNoticeVersion: true,
          roles: { select: { role: true, grantedAt: true } },
        },
      });
      return {
        email: user.email,
        displayName: user.displayName,
        howYouTakePart: STAKEHOLDER_TYPE_LABELS[user.stakeholderType],
        organisation: user.organisation,
        createdAt: user.createdAt,
        emailConfirmedAt: user.emailVerifiedAt,
        privacyNoticeVersionAccepted: user.privacyNoticeVersion,
        roles: user.roles.map((r) => ({ role: ROLE_LABELS[r.role], grantedAt: r.grantedAt })),
      };
    },
  },
  {
    key: "sessions",
    title: "Where you are signed in",
    about: "One row for each browser or device signed in to your account, with when it ends if it is not used. We keep only a fingerprint of each sign-in.",
    from: ["Session.userId"],
    collect: (userId) =>
      db.session
        .findMany({ where: { userId }, orderBy: { expiresAt: "asc" }, select: { expiresAt: true } })
        .then((rows) => rows.map((s) => ({ endsIfNotUsedBy: s.expiresAt }))),
  },
  {
    key: "emailedLinks",
    title: "Links we emailed you",
    about: "We keep only a fingerprint of each link, never the link itself.",
    from: ["AccountToken.userId"],
    collect: (userId) =>
      db.accountToken
        .findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { purpose: true, createdAt: true, expiresAt: true, usedAt: true } })
        .then((rows) => rows.map((t) => ({ link: LINK_LABELS[t.purpose], sent: t.createdAt, expires: t.expiresAt, used: t.usedAt }))),
  },
  {
    key: "comments",
    title: "Comments and replies",
    from: ["Comment.authorId"],
    collect: (userId) =>
      db.comment
        .findMany({
          where: { authorId: userId },
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            body: true,
            stance: true,
            onBehalfOf: true,
            quote: true,
            createdAt: true,
            editedAt: true,
            deletedAt: true,
            moderation: true,
            moderationReason: true,
            reportCount: true,
            parentId: true,
            proposal: { select: { title: true, slug: true } },
            section: { select: { number: true, heading: true } },
          },
        })
        .then((rows) =>
          rows.map(({ proposal, section, reportCount, ...c }) => ({
            ...c,
            timesReported: reportCount,
            proposal: proposal.title,
            link: `/proposals/${proposal.slug}/comments/${c.id}`,
            section: section ? `${section.number} ${section.heading}` : "Whole proposal",
            isReply: c.parentId !== null,
          })),
        ),
  },
  {
    key: "moderationOfYourWriting",
    title: "Moderation of what you wrote",
    about: "What moderators (or the report threshold) did to your comments and Forum messages, and the reason given. Who the moderator was is not included.",
    from: [],
    collect: (userId) =>
      db.moderationAction
        .findMany({
          where: { OR: [{ comment: { authorId: userId } }, { message: { authorId: userId } }] },
          orderBy: { createdAt: "asc" },
          select: { commentId: true, messageId: true, action: true, reason: true, createdAt: true },
        })
        .then((rows) => rows.map((m) => ({ about: writing(m), what: MODERATION_LABELS[m.action], reason: m.reason, at: m.createdAt }))),
  },
  {
    key: "safeguardingAlerts",
    title: "Safeguarding alerts about what you wrote",
    // The fact, the date and the words of theirs that raised it are theirs; so is whether staff
    // looked at it. Which member of staff did is left out: it tells them nothing about
    // themselves, and responders should not become the subject of someone's copy.
    about:
      "Some words can be a sign that someone is in crisis. When what you wrote contained them, a member of staff was asked to look at it and make sure you were offered help. These are those alerts: what they were about, the words that raised them, and when staff looked. Who looked is not included.",
    from: [],
    collect: (userId) =>
      db.safeguardingAlert
        .findMany({
          where: { OR: [{ comment: { authorId: userId } }, { message: { authorId: userId } }, { question: { authorId: userId } }] },
          orderBy: { createdAt: "asc" },
          select: { commentId: true, messageId: true, questionId: true, phrases: true, createdAt: true, handledAt: true },
        })
        .then((rows) => rows.map((a) => ({ about: writing(a), wordsThatRaisedIt: a.phrases, raised: a.createdAt, staffLookedAt: a.handledAt }))),
  },
  {
    key: "agrees",
    title: "Comments you agreed with",
    from: ["CommentAgree.userId"],
    collect: (userId) =>
      db.commentAgree
        .findMany({ where: { userId }, select: { createdAt: true, comment: { select: { id: true, proposal: { select: { title: true } } } } } })
        .then((rows) => rows.map((r) => ({ commentId: r.comment.id, proposal: r.comment.proposal.title, at: r.createdAt }))),
  },
  {
    key: "reports",
    title: "Reports you made",
    from: ["CommentReport.reporterId"],
    collect: (userId) =>
      db.commentReport
        .findMany({ where: { reporterId: userId }, select: { reason: true, createdAt: true, commentId: true, messageId: true } })
        .then((rows) =>
          rows.map((r) => ({ about: r.commentId ? `comment ${r.commentId}` : `Forum message ${r.messageId}`, reason: r.reason, at: r.createdAt })),
        ),
  },
  {
    key: "moderationsYouMade",
    title: "Moderation you did",
    from: ["ModerationAction.actorId"],
    collect: (userId) =>
      db.moderationAction
        .findMany({
          where: { actorId: userId },
          orderBy: { createdAt: "asc" },
          select: { commentId: true, messageId: true, action: true, reason: true, createdAt: true },
        })
        .then((rows) =>
          rows.map((m) => ({
            about: m.commentId ? `comment ${m.commentId}` : `Forum message ${m.messageId}`,
            what: MODERATION_LABELS[m.action],
            reason: m.reason,
            at: m.createdAt,
          })),
        ),
  },
  {
    key: "proposals",
    title: "Proposals you created",
    from: ["Proposal.createdById"],
    collect: (userId) =>
      db.proposal
        .findMany({ where: { createdById: userId }, orderBy: { createdAt: "asc" }, select: { title: true, slug: true, status: true, createdAt: true } })
        .then((rows) => rows.map((p) => ({ title: p.title, status: p.status, created: p.createdAt, link: `/proposals/${p.slug}` }))),
  },
  {
    key: "importedResponses",
    title: "Responses you imported",
    about: "Responses received by email, post or at a meeting that you added. What the respondents said, and who they are, is theirs and is not included.",
    from: ["Comment.importedById"],
    collect: async (userId) => {
      const rows = await db.comment.findMany({
        where: { importedById: userId },
        orderBy: { createdAt: "asc" },
        select: { channel: true, createdAt: true, proposal: { select: { title: true } } },
      });
      const groups = new Map<string, { proposal: string; channel: string; responses: number; firstImported: Date }>();
      for (const r of rows) {
        const key = `${r.proposal.title}\n${r.channel}`;
        const group =
          groups.get(key) ?? groups.set(key, { proposal: r.proposal.title, channel: r.channel, responses: 0, firstImported: r.createdAt }).get(key)!;
        group.responses++;
      }
      return [...groups.values()];
    },
  },
  {
    key: "invitations",
    title: "Invitations to comment that you accepted",
    from: ["ProposalInvitation.userId"],
    collect: (userId) =>
      db.proposalInvitation
        .findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { createdAt: true, acceptedAt: true, proposal: { select: { title: true } } } })
        .then((rows) => rows.map((i) => ({ proposal: i.proposal.title, invited: i.createdAt, accepted: i.acceptedAt }))),
  },
  {
    key: "invitationsSent",
    title: "Invitations to comment that you sent",
    about: "The addresses you invited belong to the people invited and are not included.",
    from: ["ProposalInvitation.invitedById"],
    collect: (userId) =>
      db.proposalInvitation
        .findMany({
          where: { invitedById: userId },
          orderBy: { createdAt: "asc" },
          select: { createdAt: true, acceptedAt: true, proposal: { select: { title: true } } },
        })
        .then((rows) => rows.map((i) => ({ proposal: i.proposal.title, sent: i.createdAt, accepted: i.acceptedAt !== null }))),
  },
  {
    key: "registrations",
    title: "Meeting registrations",
    about: "Registrations made with your account (or joined to it once you confirmed your email address).",
    from: ["Registration.userId"],
    collect: async (userId) => {
      // By account only (ADR 017): matching the address would hand over the registrations of
      // anyone who used it, such as a guest whose address someone else signed up with.
      const rows = await db.registration.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: {
          name: true,
          email: true,
          code: true,
          status: true,
          places: true,
          accessNeeds: true,
          accessOther: true,
          createdAt: true,
          confirmedAt: true,
          emailConfirmedAt: true,
          remindedAt: true,
          cancelledAt: true,
          attendedAt: true,
          anonymisedAt: true,
          meeting: { select: { title: true, startsAt: true, accessNeedsErasedAt: true } },
        },
      });
      return rows.map(({ meeting, remindedAt, confirmedAt, ...r }) => ({
        meeting: meeting.title,
        meetingStarts: meeting.startsAt,
        ...r,
        placeConfirmedAt: confirmedAt,
        reminderSentAt: remindedAt,
        accessNeeds: meeting.accessNeedsErasedAt ? "erased after the meeting" : r.accessNeeds,
      }));
    },
  },
  {
    key: "questions",
    title: "Questions you asked at meetings",
    from: ["Question.authorId"],
    collect: (userId) =>
      db.question
        .findMany({
          where: { authorId: userId },
          select: { text: true, anonymous: true, status: true, votes: true, createdAt: true, meeting: { select: { title: true } } },
        })
        .then((rows) => rows.map(({ meeting, ...q }) => ({ meeting: meeting.title, ...q }))),
  },
  {
    key: "questionVotes",
    title: "Questions you voted for at meetings",
    from: ["QuestionVote.userId"],
    collect: (userId) =>
      db.questionVote
        .findMany({ where: { userId }, select: { question: { select: { text: true, status: true, meeting: { select: { title: true } } } } } })
        .then((rows) =>
          rows.map(({ question }) => ({
            meeting: question.meeting.title,
            question: question.status === "HIDDEN" ? "(a question the organisers have hidden)" : question.text,
          })),
        ),
  },
  {
    key: "forumMembership",
    title: "Forum membership",
    from: ["ForumMembership.userId"],
    collect: (userId) =>
      db.forumMembership.findUnique({
        where: { userId },
        select: { category: true, postcode: true, residentVerified: true, status: true, appliedAt: true, decidedAt: true, reason: true },
      }),
  },
  {
    key: "forumMessages",
    title: "Forum messages",
    from: ["ForumMessage.authorId"],
    collect: (userId) =>
      db.forumMessage
        .findMany({
          where: { authorId: userId },
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            body: true,
            createdAt: true,
            editedAt: true,
            deletedAt: true,
            pinnedAt: true,
            moderation: true,
            moderationReason: true,
            parentId: true,
            room: { select: { name: true } },
          },
        })
        .then((rows) => rows.map(({ room, ...m }) => ({ room: room.name, ...m }))),
  },
  {
    key: "forumReactions",
    title: "Forum reactions",
    from: ["ForumReaction.userId"],
    collect: (userId) =>
      db.forumReaction
        .findMany({ where: { userId }, select: { emoji: true, createdAt: true, message: { select: { id: true, room: { select: { name: true } } } } } })
        .then((rows) => rows.map((r) => ({ emoji: r.emoji, messageId: r.message.id, room: r.message.room.name, at: r.createdAt }))),
  },
  {
    key: "forumReads",
    title: "How far you have read in Forum rooms",
    from: ["ForumRoomRead.userId"],
    collect: (userId) =>
      db.forumRoomRead
        .findMany({ where: { userId }, select: { lastReadAt: true, room: { select: { name: true } } } })
        .then((rows) => rows.map((r) => ({ room: r.room.name, readUpTo: r.lastReadAt }))),
  },
  {
    key: "nominations",
    title: "Nominations and statements",
    from: ["Nomination.candidateId", "Nomination.nominatedById"],
    collect: (userId) =>
      db.nomination
        .findMany({
          where: { OR: [{ candidateId: userId }, { nominatedById: userId }] },
          select: {
            candidateId: true,
            statement: true,
            createdAt: true,
            acceptedAt: true,
            confirmedAt: true,
            withdrawnAt: true,
            election: { select: { title: true } },
          },
        })
        .then((rows) => rows.map(({ election, candidateId, ...n }) => ({ election: election.title, youWereTheCandidate: candidateId === userId, ...n }))),
  },
  {
    key: "elections",
    title: "Elections you voted in",
    about: "We record that you voted, so that nobody votes twice. How you voted is never linked to you, so it cannot be given.",
    from: ["VoterRecord.userId"],
    collect: (userId) =>
      db.voterRecord
        .findMany({ where: { userId }, select: { election: { select: { title: true } } } })
        .then((rows) => rows.map((r) => ({ election: r.election.title, howYouVoted: "not recorded against you (secret ballot)" }))),
  },
  {
    key: "seats",
    title: "Seats you hold or held",
    from: ["Appointment.userId"],
    collect: (userId) =>
      db.appointment
        .findMany({
          where: { userId },
          select: {
            holderName: true,
            method: true,
            startsOn: true,
            endsOn: true,
            endedOn: true,
            endReason: true,
            seat: { select: { name: true, body: { select: { name: true } } } },
          },
        })
        .then((rows) => rows.map(({ seat, ...a }) => ({ body: seat.body.name, seat: seat.name, ...a }))),
  },
  {
    key: "attendance",
    title: "Board and group meetings you attended or sent apologies to",
    from: [],
    collect: (userId) =>
      db.attendance
        .findMany({
          where: { appointment: { userId } },
          select: { kind: true, role: true, meeting: { select: { title: true, startsAt: true, body: { select: { name: true } } } } },
        })
        .then((rows) =>
          rows.map((a) => ({
            body: a.meeting.body.name,
            meeting: a.meeting.title,
            date: a.meeting.startsAt,
            attendance: ATTENDANCE_LABELS[a.kind],
            role: a.role,
          })),
        ),
  },
  {
    key: "boardVotes",
    title: "Your votes on board and group decisions",
    about: "Votes taken in a meeting, by the holders of voting seats, as the minutes record them.",
    from: [],
    collect: (userId) =>
      db.decisionVote
        .findMany({
          where: { appointment: { userId } },
          select: { vote: true, decision: { select: { year: true, number: true, text: true, body: { select: { name: true } } } } },
        })
        .then((rows) =>
          rows.map((v) => ({
            body: v.decision.body.name,
            decision: `${v.decision.year}/${v.decision.number}`,
            text: v.decision.text,
            vote: VOTE_LABELS[v.vote],
          })),
        ),
  },
  {
    key: "reportBacks",
    title: "Report-backs you wrote",
    from: ["ReportBack.authorId"],
    collect: (userId) => db.reportBack.findMany({ where: { authorId: userId }, select: { discussed: true, decided: true, questions: true, createdAt: true } }),
  },
  {
    key: "boardActions",
    title: "Actions from meetings that you own",
    from: ["BoardAction.ownerId"],
    collect: (userId) =>
      db.boardAction
        .findMany({
          where: { ownerId: userId },
          orderBy: { createdAt: "asc" },
          select: { description: true, dueOn: true, status: true, remindedAt: true, createdAt: true, body: { select: { name: true } } },
        })
        .then((rows) =>
          rows.map((a) => ({
            body: a.body.name,
            action: a.description,
            due: a.dueOn,
            status: ACTION_STATUS_LABELS[a.status],
            reminded: a.remindedAt,
            raised: a.createdAt,
          })),
        ),
  },
  {
    key: "actionUpdates",
    title: "Updates you wrote on actions",
    from: ["ActionUpdate.authorId"],
    collect: (userId) =>
      db.actionUpdate
        .findMany({
          where: { authorId: userId },
          orderBy: { createdAt: "asc" },
          select: { text: true, status: true, createdAt: true, action: { select: { description: true } } },
        })
        .then((rows) =>
          rows.map((u) => ({ action: u.action.description, update: u.text, status: u.status ? ACTION_STATUS_LABELS[u.status] : null, at: u.createdAt })),
        ),
  },
  {
    key: "secretaryOf",
    title: "Boards and groups whose record you keep (as their secretary)",
    from: ["BodySecretary.userId"],
    collect: (userId) =>
      db.bodySecretary.findMany({ where: { userId }, select: { body: { select: { name: true } } } }).then((rows) => rows.map((r) => ({ body: r.body.name }))),
  },
  {
    key: "follows",
    title: "Bodies you follow",
    from: ["BodyFollow.userId"],
    collect: (userId) =>
      db.bodyFollow
        .findMany({ where: { userId }, select: { createdAt: true, body: { select: { name: true } } } })
        .then((rows) => rows.map((r) => ({ body: r.body.name, since: r.createdAt }))),
  },
  {
    key: "notifications",
    title: "Notifications",
    from: ["Notification.userId"],
    collect: (userId) =>
      db.notification.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { kind: true, title: true, link: true, createdAt: true, readAt: true, emailedAt: true },
      }),
  },
  {
    key: "notificationSettings",
    title: "Your email settings",
    from: ["NotificationPreference.userId"],
    collect: (userId) => db.notificationPreference.findMany({ where: { userId }, select: { kind: true, frequency: true } }),
  },
  {
    key: "emails",
    title: "Emails sent to you",
    from: ["OutboxEmail.recipientId"],
    collect: async (userId) => {
      const { email, emailVerifiedAt } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
      // Emails record the account they were sent for; those sent to the address without one (a
      // guest's place, an invitation) are this person's only once the address is proven theirs:
      // anyone can sign up with an address that is not theirs.
      const emails = await db.outboxEmail.findMany({
        where: { OR: [{ recipientId: userId }, ...(emailVerifiedAt ? [{ to: { equals: email, mode: "insensitive" as const } }] : [])] },
        orderBy: { createdAt: "asc" },
        select: { subject: true, createdAt: true, sentAt: true, attempts: true },
      });
      if (emailVerifiedAt) return emails;
      return {
        sentForYourAccount: emails,
        notIncluded:
          "You have not confirmed your email address yet, so we cannot be sure the other emails sent to it were meant for you. Confirm it, then ask for a new copy.",
      };
    },
  },
  {
    key: "dataCopies",
    title: "Copies of your data",
    from: ["DataExport.subjectId", "DataExport.requestedById"],
    collect: (userId) =>
      db.dataExport
        .findMany({
          where: { subjectId: userId },
          orderBy: { createdAt: "asc" },
          select: { requestedById: true, status: true, createdAt: true, completedAt: true, expiresAt: true },
        })
        .then((rows) =>
          rows.map((c) => ({
            askedBy: c.requestedById === userId ? "you" : "an administrator (a subject access request)",
            asked: c.createdAt,
            status: c.status,
            ready: c.completedAt,
            linkExpires: c.expiresAt,
          })),
        ),
  },
  {
    key: "auditAboutYou",
    title: "Records about you in the audit log",
    about:
      "The audit log records what staff and administrators did, so that decisions can be checked. These entries are about you or your seats. Which member of staff acted is not included.",
    from: ["AuditEvent.subject"],
    collect: async (userId) => {
      const appointments = await db.appointment.findMany({ where: { userId }, select: { id: true } });
      const rows = await db.auditEvent.findMany({
        where: { subject: { in: [`user:${userId}`, ...appointments.map((a) => `appointment:${a.id}`)] } },
        orderBy: { createdAt: "asc" },
        select: { action: true, details: true, createdAt: true, actorId: true },
      });
      return rows.map((e) => ({
        what: auditLabel(e.action),
        by: e.actorId === userId ? "you" : e.actorId ? "a member of staff" : "Touchstone, automatically",
        details: e.details,
        at: e.createdAt,
      }));
    },
  },
  {
    key: "auditByYou",
    title: "What you did (from the audit log)",
    about: "What you did as a member of staff or an administrator. Who or what it concerned is not included: that is other people's data.",
    from: ["AuditEvent.actorId"],
    collect: (userId) =>
      db.auditEvent
        .findMany({ where: { actorId: userId }, orderBy: { createdAt: "asc" }, select: { action: true, subject: true, createdAt: true } })
        .then((rows) => rows.map((e) => ({ what: auditLabel(e.action), concerning: e.subject.split(":")[0], at: e.createdAt }))),
  },
  {
    key: "staffWork",
    title: "Other work you did for the partnership",
    about: "Work recorded with your name that is not in the audit log. The people and words it concerned are not included.",
    from: ["Election.createdById", "Nomination.confirmedById", "SafeguardingAlert.handledById", "BodyMeeting.minutesApprovedById", "CommentTheme.taggedById"],
    collect: async (userId) => {
      const [elections, confirmed, alerts, minutes, tags] = await Promise.all([
        db.election.findMany({ where: { createdById: userId }, select: { title: true, createdAt: true } }),
        db.nomination.findMany({ where: { confirmedById: userId }, select: { confirmedAt: true, election: { select: { title: true } } } }),
        db.safeguardingAlert.findMany({ where: { handledById: userId }, select: { handledAt: true } }),
        db.bodyMeeting.findMany({ where: { minutesApprovedById: userId }, select: { title: true, minutesApprovedAt: true, body: { select: { name: true } } } }),
        db.commentTheme.findMany({ where: { taggedById: userId }, select: { createdAt: true, theme: { select: { proposal: { select: { title: true } } } } } }),
      ]);
      const tagged = new Map<string, { count: number; at: Date }>();
      for (const t of tags) {
        const title = t.theme.proposal.title;
        const entry = tagged.get(title) ?? tagged.set(title, { count: 0, at: t.createdAt }).get(title)!;
        entry.count++;
        if (t.createdAt > entry.at) entry.at = t.createdAt;
      }
      return [
        ...elections.map((e) => ({ what: "Set up an election", about: e.title, at: e.createdAt })),
        ...confirmed.map((n) => ({ what: "Confirmed a nomination", about: n.election.title, at: n.confirmedAt })),
        ...alerts.map((a) => ({ what: "Looked at a safeguarding alert", about: "", at: a.handledAt })),
        ...minutes.map((m) => ({ what: "Approved the minutes of a meeting", about: `${m.body.name}: ${m.title}`, at: m.minutesApprovedAt })),
        ...[...tagged].map(([title, t]) => ({ what: `Tagged ${t.count} ${t.count === 1 ? "comment" : "comments"} with themes`, about: title, at: t.at })),
      ];
    },
  },
];
