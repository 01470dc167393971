import crypto from "node:crypto";
import { declare } from "#app/features/elections/elections.server";
import { db } from "#app/utils/db.server";
import { createProposal, recordingPublisher } from "./consultations";
import { createUser, postForm, secretaryOf, signedInUser } from "./factories";
import { createMeeting } from "./meetings";

const DAY = 86_400_000;

/**
 * A Forum member who has done a bit of everything, through the app where the app would
 * copy their name elsewhere (a reply notifies the parent's author by name; a declared
 * election names its winners), and the strings that identify them, each unique to this call.
 */
export async function personWithEverything(serverUrl: string) {
  const tag = crypto.randomUUID().slice(0, 8);
  const strings = {
    displayName: `Wilhelmina Quark ${tag}`,
    organisation: `Quarkworks Collective ${tag}`,
    comment: `I worry about my care plan ${tag}`,
    reply: `Replying with my own story ${tag}`,
    message: `Forum thoughts from me ${tag}`,
    question: `Will the crisis line stay open ${tag}`,
    statement: `I will speak up for carers ${tag}`,
    accessOther: `A quiet room please ${tag}`,
    reportReason: `This comment is unkind ${tag}`,
    postcode: `M${tag}`,
  };
  const person = await signedInUser({ displayName: strings.displayName, stakeholderType: "SERVICE_USER", roles: ["FORUM_MEMBER"] });
  const userId = person.user.id;
  await db.user.update({ where: { id: userId }, data: { organisation: strings.organisation } });
  const other = await signedInUser({ displayName: `Other ${tag}` });

  // Comments: theirs, a reply from someone else, their reply to someone else, an agree, a report.
  const { proposal, sections } = await createProposal();
  const post = (cookie: string, fields: Record<string, string>) => postForm(`${serverUrl}/proposals/${proposal.slug}`, fields, cookie);
  await post(person.cookie, { intent: "comment", sectionId: sections[0].id, body: strings.comment, stance: "CONCERN", onBehalf: "on" });
  const theirs = await db.comment.findFirstOrThrow({ where: { authorId: userId, parentId: null } });
  await post(other.cookie, { intent: "comment", body: `A comment by someone else ${tag}` });
  const others = await db.comment.findFirstOrThrow({ where: { authorId: other.user.id, parentId: null } });
  await post(other.cookie, { intent: "comment", parentId: theirs.id, body: `A reply from someone else ${tag}` });
  await post(person.cookie, { intent: "comment", parentId: others.id, body: strings.reply });
  await post(person.cookie, { intent: "agree", commentId: others.id });
  await post(person.cookie, { intent: "report", commentId: others.id, reason: strings.reportReason });

  // A meeting with one place: they hold it, someone waits.
  const meeting = await createMeeting({ capacity: 1 });
  await db.registration.create({
    data: {
      meetingId: meeting.id,
      userId,
      name: strings.displayName,
      email: person.email,
      code: `Q${tag.slice(0, 5)}`.toUpperCase(),
      cancelTokenHash: crypto.randomUUID(),
      status: "CONFIRMED",
      accessNeeds: ["bsl"],
      accessOther: strings.accessOther,
    },
  });
  const waiting = await db.registration.create({
    data: {
      meetingId: meeting.id,
      name: "Waiting Walter",
      email: `walter-${tag}@example.test`,
      code: `W${tag.slice(0, 5)}`.toUpperCase(),
      cancelTokenHash: crypto.randomUUID(),
      status: "WAITING",
      createdAt: new Date(Date.now() + 1000),
    },
  });
  await db.question.create({ data: { meetingId: meeting.id, authorId: userId, text: strings.question } });

  // The Forum: membership, a message in a room (through the app), a reaction.
  await db.forumMembership.create({ data: { userId, category: "SERVICE_USER", postcode: strings.postcode, status: "VERIFIED", residentVerified: true } });
  const room = await db.forumRoom.create({ data: { slug: `room-${tag}`, name: `Room ${tag}`, description: "For testing" } });
  await postForm(`${serverUrl}/forum/rooms/${room.slug}`, { intent: "post", body: strings.message }, person.cookie);
  const message = await db.forumMessage.findFirstOrThrow({ where: { authorId: userId } });
  await db.forumReaction.create({ data: { messageId: message.id, userId, emoji: "👍" } });

  // A board seat won in a declared election, with a secretary who keeps the body.
  const officer = await createUser({ roles: ["FORUM_OFFICER"] });
  const body = await db.body.create({ data: { slug: `body-${tag}`, name: `Board ${tag}`, kind: "PARTNERSHIP_BOARD", description: "A board" } });
  const seat = await db.seatDefinition.create({
    data: {
      bodyId: body.id,
      position: 1,
      name: `Service user seat ${tag}`,
      places: 3,
      voting: true,
      fillMethod: "ELECTED",
      eligibleCategories: ["SERVICE_USER"],
    },
  });
  const secretary = await secretaryOf(body.id);
  const past = (days: number) => new Date(Date.now() - days * DAY);
  const held = await db.election.create({
    data: {
      slug: `held-${tag}`,
      title: `Held election ${tag}`,
      seatId: seat.id,
      places: 1,
      constituency: ["SERVICE_USER"],
      nominationsOpenAt: past(30),
      nominationsCloseAt: past(20),
      votingOpenAt: past(10),
      votingCloseAt: past(1),
      salt: tag,
      lotSeed: tag,
      createdById: officer.user.id,
      method: "FPTP",
    },
  });
  const won = await db.nomination.create({
    data: { electionId: held.id, candidateId: userId, nominatedById: userId, statement: strings.statement, acceptedAt: past(25), confirmedAt: past(22) },
  });
  // They voted (for themselves) and so did one other member: turnout 2.
  await db.voterRecord.createMany({
    data: [
      { electionId: held.id, userId },
      { electionId: held.id, userId: other.user.id },
    ],
  });
  // Readable ballots from before sealing (an election with no key is counted without a passphrase; ADR 014).
  await db.ballot.createMany({
    data: [
      { id: crypto.randomUUID(), electionId: held.id, ranking: [won.id] },
      { id: crypto.randomUUID(), electionId: held.id, ranking: [won.id] },
    ],
  });
  const declared = await declare({ ...officer.user, emailVerified: true, roles: ["FORUM_OFFICER"] }, held.slug, "", recordingPublisher());
  if (!declared.ok) throw new Error(`could not declare: ${JSON.stringify(declared)}`);
  // And they stand in an election still to come.
  const upcoming = await db.election.create({
    data: {
      slug: `next-${tag}`,
      title: `Next election ${tag}`,
      seatId: seat.id,
      places: 1,
      constituency: ["SERVICE_USER"],
      nominationsOpenAt: past(1),
      nominationsCloseAt: new Date(Date.now() + 5 * DAY),
      votingOpenAt: new Date(Date.now() + 6 * DAY),
      votingCloseAt: new Date(Date.now() + 9 * DAY),
      salt: `n${tag}`,
      lotSeed: `n${tag}`,
      createdById: officer.user.id,
    },
  });
  await db.nomination.create({
    data: { electionId: upcoming.id, candidateId: userId, nominatedById: userId, statement: strings.statement, acceptedAt: new Date() },
  });

  // Settings and follows.
  await db.notificationPreference.create({ data: { userId, kind: "reply", frequency: "WEEKLY" } });
  await db.bodyFollow.create({ data: { bodyId: body.id, userId } });

  return { ...person, strings, other, proposal, theirs, others, meeting, waiting, room, message, body, seat, secretary, held, upcoming };
}

/** Every text, JSON and text-array column of every table, as information_schema lists them. */
export async function textColumns() {
  return db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema()
      AND (data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar')))
    ORDER BY table_name, column_name`;
}

/** Where any of the strings still appears, as "Table.column: string". */
export async function tablesHolding(strings: string[]): Promise<string[]> {
  const hits: string[] = [];
  const patterns = strings.map((s) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  for (const { table_name, column_name } of await textColumns()) {
    const rows = await db.$queryRawUnsafe<{ value: string }[]>(
      `SELECT "${column_name}"::text AS value FROM "${table_name}" WHERE "${column_name}"::text ILIKE ANY($1::text[]) LIMIT 5`,
      patterns,
    );
    for (const row of rows) {
      for (const s of strings) if (row.value.toLowerCase().includes(s.toLowerCase())) hits.push(`${table_name}.${column_name}: ${s}`);
    }
  }
  return [...new Set(hits)];
}
