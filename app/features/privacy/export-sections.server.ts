import { ROLE_LABELS, STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { db } from "#app/utils/db.server";

/** One part of a person's copy of their data. */
export type Section = { key: string; title: string; about?: string; collect: (userId: string) => Promise<unknown> };

/** Every row held about someone, through their account id only (never their address: ADR 017). */
export const SECTIONS: Section[] = [
  {
    key: "account",
    title: "Your account",
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
    key: "comments",
    title: "Comments and replies",
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
            parentId: true,
            proposal: { select: { title: true, slug: true } },
            section: { select: { number: true, heading: true } },
          },
        })
        .then((rows) =>
          rows.map(({ proposal, section, ...c }) => ({
            ...c,
            proposal: proposal.title,
            link: `/proposals/${proposal.slug}/comments/${c.id}`,
            section: section ? `${section.number} ${section.heading}` : "Whole proposal",
            isReply: c.parentId !== null,
          })),
        ),
  },
  {
    key: "agrees",
    title: "Comments you agreed with",
    collect: (userId) =>
      db.commentAgree
        .findMany({ where: { userId }, select: { createdAt: true, comment: { select: { id: true, proposal: { select: { title: true } } } } } })
        .then((rows) => rows.map((r) => ({ commentId: r.comment.id, proposal: r.comment.proposal.title, at: r.createdAt }))),
  },
  {
    key: "reports",
    title: "Reports you made",
    collect: (userId) =>
      db.commentReport
        .findMany({ where: { reporterId: userId }, select: { reason: true, createdAt: true, commentId: true, messageId: true } })
        .then((rows) =>
          rows.map((r) => ({ about: r.commentId ? `comment ${r.commentId}` : `Forum message ${r.messageId}`, reason: r.reason, at: r.createdAt })),
        ),
  },
  {
    key: "registrations",
    title: "Meeting registrations",
    about: "Registrations made with your account (or joined to it once you confirmed your email address).",
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
          cancelledAt: true,
          attendedAt: true,
          meeting: { select: { title: true, startsAt: true, accessNeedsErasedAt: true } },
        },
      });
      return rows.map(({ meeting, ...r }) => ({
        meeting: meeting.title,
        meetingStarts: meeting.startsAt,
        ...r,
        accessNeeds: meeting.accessNeedsErasedAt ? "erased after the meeting" : r.accessNeeds,
      }));
    },
  },
  {
    key: "questions",
    title: "Questions you asked at meetings",
    collect: (userId) =>
      db.question
        .findMany({
          where: { authorId: userId },
          select: { text: true, anonymous: true, status: true, createdAt: true, meeting: { select: { title: true } } },
        })
        .then((rows) => rows.map(({ meeting, ...q }) => ({ meeting: meeting.title, ...q }))),
  },
  {
    key: "forumMembership",
    title: "Forum membership",
    collect: (userId) =>
      db.forumMembership.findUnique({
        where: { userId },
        select: { category: true, postcode: true, residentVerified: true, status: true, appliedAt: true, decidedAt: true, reason: true },
      }),
  },
  {
    key: "forumMessages",
    title: "Forum messages",
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
            moderation: true,
            parentId: true,
            room: { select: { name: true } },
          },
        })
        .then((rows) => rows.map(({ room, ...m }) => ({ room: room.name, ...m }))),
  },
  {
    key: "forumReactions",
    title: "Forum reactions",
    collect: (userId) =>
      db.forumReaction
        .findMany({ where: { userId }, select: { emoji: true, createdAt: true, message: { select: { id: true, room: { select: { name: true } } } } } })
        .then((rows) => rows.map((r) => ({ emoji: r.emoji, messageId: r.message.id, room: r.message.room.name, at: r.createdAt }))),
  },
  {
    key: "nominations",
    title: "Nominations and statements",
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
    collect: (userId) =>
      db.voterRecord
        .findMany({ where: { userId }, select: { election: { select: { title: true } } } })
        .then((rows) => rows.map((r) => ({ election: r.election.title, howYouVoted: "not recorded against you (secret ballot)" }))),
  },
  {
    key: "seats",
    title: "Seats you hold or held",
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
            seat: { select: { name: true, body: { select: { name: true } } } },
          },
        })
        .then((rows) => rows.map(({ seat, ...a }) => ({ body: seat.body.name, seat: seat.name, ...a }))),
  },
  {
    key: "reportBacks",
    title: "Report-backs you wrote",
    collect: (userId) => db.reportBack.findMany({ where: { authorId: userId }, select: { discussed: true, decided: true, questions: true, createdAt: true } }),
  },
  {
    key: "notifications",
    title: "Notifications",
    collect: (userId) =>
      db.notification.findMany({
        where: { userId },
        orderBy: { createdAt: "asc" },
        select: { kind: true, title: true, link: true, createdAt: true, readAt: true, emailedAt: true },
      }),
  },
  {
    key: "emails",
    title: "Emails sent to you",
    collect: async (userId) => {
      const { email, emailVerifiedAt } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
      // Emails are kept by address, not by account. Anyone can sign up with an address that is
      // not theirs, and until the link we sent proves it, the emails to that address may be
      // someone else's (a guest's place at a meeting, an invitation). Once it is proven, every
      // email to the address went to this person's inbox.
      if (!emailVerifiedAt) {
        return {
          notIncluded:
            "You have not confirmed your email address yet, so we cannot be sure the emails sent to it were meant for you. Confirm it, then ask for a new copy.",
        };
      }
      return db.outboxEmail.findMany({
        where: { to: { equals: email, mode: "insensitive" } },
        orderBy: { createdAt: "asc" },
        select: { subject: true, createdAt: true, sentAt: true, attempts: true },
      });
    },
  },
  {
    key: "notificationSettings",
    title: "Your email settings",
    collect: (userId) => db.notificationPreference.findMany({ where: { userId }, select: { kind: true, frequency: true } }),
  },
  {
    key: "follows",
    title: "Bodies you follow",
    collect: (userId) =>
      db.bodyFollow
        .findMany({ where: { userId }, select: { createdAt: true, body: { select: { name: true } } } })
        .then((rows) => rows.map((r) => ({ body: r.body.name, since: r.createdAt }))),
  },
];
