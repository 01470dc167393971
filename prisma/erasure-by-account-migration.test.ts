import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrate, readMigrations } from "../server/database/migrate";

// Rows written before erasure found names by account id (migration 20261202090000) are
// attributed from what the app wrote: the record a notification links to, the name where the
// template put it, the moment. This runs the migrations before it on a fresh database, writes
// such rows as the app then did, and runs it.

const MIGRATION = "20261202090000_erasure_by_account";
const templateUrl = inject("templateUrl");
const name = `touchstone_backfill_${crypto.randomUUID().slice(0, 8)}`;
const urlFor = (database: string) => {
  const url = new URL(templateUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

async function onAdmin(sql: string) {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  await client.query(sql);
  await client.end();
}

const client = new pg.Client({ connectionString: urlFor(name) });
const id = () => crypto.randomUUID();

describe(`migration ${MIGRATION}`, () => {
  beforeAll(async () => {
    await onAdmin(`CREATE DATABASE "${name}"`);
    const all = readMigrations();
    const at = all.findIndex((m) => m.name === MIGRATION);
    expect(at).toBeGreaterThan(0);
    await migrate(urlFor(name), all.slice(0, at));
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await onAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("attributes the names and recipients of rows written before it where the app's own text identifies them, and only those", async () => {
    const q = (sql: string, values: unknown[] = []) => client.query(sql, values);
    const user = async (displayName: string, email = `${id()}@example.test`) => {
      const userId = id();
      await q(`INSERT INTO "User" (id, email, "passwordHash", "displayName", "stakeholderType") VALUES ($1, $2, 'x', $3, 'PUBLIC')`, [
        userId,
        email,
        displayName,
      ]);
      return { id: userId, email };
    };
    // Two people with one name: only the one who wrote the reply is named by its notification.
    const [ann, namesake, carol, ivy, zed, yan] = [
      await user("Ann Replier"),
      await user("Ann Replier"),
      await user("Carol"),
      await user("Ivy Inviter"),
      await user("Zed Candidate"),
      await user("Yan Candidate"),
    ];
    const owner = `owner-${id()}@example.test`;
    const unconfirmed = await user("Not the owner", owner);

    const proposal = id();
    const version = id();
    await q(`INSERT INTO "Proposal" (id, slug, title, summary, "createdById") VALUES ($1, $2, 'Plan', 'A plan', $3)`, [proposal, `plan-${proposal}`, ivy.id]);
    await q(`INSERT INTO "ProposalVersion" (id, "proposalId", number) VALUES ($1, $2, 1)`, [version, proposal]);
    const [root, reply] = [id(), id()];
    await q(`INSERT INTO "Comment" (id, "proposalId", "versionId", "authorId", body) VALUES ($1, $2, $3, $4, 'Root')`, [root, proposal, version, carol.id]);
    await q(`INSERT INTO "Comment" (id, "proposalId", "versionId", "authorId", "parentId", body) VALUES ($1, $2, $3, $4, $5, 'Reply')`, [
      reply,
      proposal,
      version,
      ann.id,
      root,
    ]);
    const at = new Date("2026-11-20T10:00:00Z");
    const notice = async (kind: string, title: string, link: string, createdAt: Date) => {
      const noticeId = id();
      await q(`INSERT INTO "Notification" (id, "userId", kind, title, link, "createdAt", "emailedAt") VALUES ($1, $2, $3, $4, $5, $6, $6)`, [
        noticeId,
        carol.id,
        kind,
        title,
        link,
        createdAt,
      ]);
      return noticeId;
    };
    const email = async (to: string, subject: string, text: string, createdAt = at) => {
      const emailId = id();
      await q(`INSERT INTO "OutboxEmail" (id, "to", subject, text, message, "createdAt") VALUES ($1, $2, $3, $4, $5, $6)`, [
        emailId,
        to,
        subject,
        text,
        JSON.stringify({ to, subject, text }),
        createdAt,
      ]);
      return emailId;
    };
    const commentReply = await notice("reply", "Ann Replier replied to your comment on Plan", `/proposals/plan/comments/${reply}`, at);
    const commentReplyEmail = await email(carol.email, "Ann Replier replied to your comment on Plan", "Ann Replier replied to your comment on Plan\n\nlink");

    const room = id();
    const [message, forumReply] = [id(), id()];
    const later = new Date("2026-11-21T10:00:00Z");
    await q(`INSERT INTO "ForumRoom" (id, slug, name, description) VALUES ($1, $2, 'Carers', 'Room')`, [room, `carers-${room}`]);
    await q(`INSERT INTO "ForumMessage" (id, "roomId", "authorId", body, "createdAt") VALUES ($1, $2, $3, 'Hello', $4)`, [message, room, carol.id, at]);
    await q(`INSERT INTO "ForumMessage" (id, "roomId", "authorId", "parentId", body, "createdAt") VALUES ($1, $2, $3, $4, 'Hi', $5)`, [
      forumReply,
      room,
      namesake.id,
      message,
      later,
    ]);
    const forumNotice = await notice("reply", "Ann Replier replied to you in Carers", `/forum/rooms/carers#message-${message}`, later);
    // A title that no longer matches anyone (the template or the name changed): left alone.
    const unknown = await notice("reply", "Someone replied to your comment on Plan", `/proposals/plan/comments/${reply}`, at);

    await q(`INSERT INTO "ProposalInvitation" (id, "proposalId", email, "tokenHash", "invitedById") VALUES ($1, $2, 'guest@example.test', $3, $4)`, [
      id(),
      proposal,
      id(),
      ivy.id,
    ]);
    const invitation = await email(
      "guest@example.test",
      "You are invited to comment on: Plan",
      "Ivy Inviter has invited you to read and comment on a proposal",
    );

    const body = id();
    const seat = id();
    const election = id();
    const declaredAt = new Date("2026-11-22T10:00:00Z");
    await q(`INSERT INTO "Body" (id, slug, name, kind, description) VALUES ($1, $2, 'Board', 'PARTNERSHIP_BOARD', 'A board')`, [body, `board-${body}`]);
    await q(`INSERT INTO "SeatDefinition" (id, "bodyId", position, name, places, voting, "fillMethod") VALUES ($1, $2, 1, 'Seat', 1, true, 'ELECTED')`, [
      seat,
      body,
    ]);
    await q(
      `INSERT INTO "Election" (id, slug, title, "seatId", places, "nominationsOpenAt", "nominationsCloseAt", "votingOpenAt", "votingCloseAt", salt, "lotSeed", "createdById", "declaredAt", result)
       VALUES ($1, $2, 'Carers seat', $3, 1, $4, $4, $4, $4, 's', 's', $5, $6, $7)`,
      [election, `e-${election}`, seat, at, ivy.id, declaredAt, JSON.stringify({ candidates: ["Yan Candidate", "Zed Candidate"], elected: ["Zed Candidate"] })],
    );
    for (const candidate of [yan, zed])
      await q(
        `INSERT INTO "Nomination" (id, "electionId", "candidateId", "nominatedById", statement, "acceptedAt", "confirmedAt") VALUES ($1, $2, $3, $3, '', $4, $4)`,
        [id(), election, candidate.id, at],
      );
    const resultEmail = await email(carol.email, "Result declared: Carers seat", "Elected: Zed Candidate.\n\nlink", declaredAt);

    const verification = await email(owner, "Confirm your email address for Touchstone", "Hello Not the owner,");
    const ownersOwn = await email(owner, "Your place at the open meeting", "Hello Owen,");

    await migrate(
      urlFor(name),
      readMigrations().filter((m) => m.name === MIGRATION),
    );

    const named = async (table: string, rowId: string) => (await q(`SELECT "namedUserIds" FROM "${table}" WHERE id = $1`, [rowId])).rows[0].namedUserIds;
    const recipient = async (rowId: string) => (await q(`SELECT "recipientId" FROM "OutboxEmail" WHERE id = $1`, [rowId])).rows[0].recipientId;
    expect(await named("Notification", commentReply)).toEqual([ann.id]);
    expect(await named("Notification", forumNotice)).toEqual([namesake.id]);
    expect(await named("Notification", unknown)).toEqual([]);
    expect(await named("OutboxEmail", commentReplyEmail)).toEqual([ann.id]);
    expect(await recipient(commentReplyEmail)).toBe(carol.id);
    expect(await named("OutboxEmail", invitation)).toEqual([ivy.id]);
    expect(await recipient(invitation)).toBeNull();
    expect((await q(`SELECT "resultCandidateIds" FROM "Election" WHERE id = $1`, [election])).rows[0].resultCandidateIds).toEqual([yan.id, zed.id]);
    expect(await named("OutboxEmail", resultEmail)).toEqual([zed.id]);
    // The account made with someone else's address gets its own email, not the owner's.
    expect(await recipient(verification)).toBe(unconfirmed.id);
    expect(await recipient(ownersOwn)).toBeNull();
  });
});
