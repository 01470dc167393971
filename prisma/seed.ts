// Demo data for the Salford-style mental-health partnership, told in our own words from
// the seed documents. Dates are shifted so the demo is live on the day it is created:
// the discussion period is open now and the approval meetings follow it.
import crypto from "node:crypto";
import type { Db } from "#app/utils/db.server";
import { addDays, formatDate, londonTime, londonToday } from "#app/utils/dates";
import { hashPassword } from "#app/utils/password.server";
import { createElectionKeys } from "#app/features/elections/ballot-box.server";
import type { ForumCategory, RoleName, SeatFillMethod, StakeholderType } from "#app/generated/prisma/enums";

export const DEMO_PASSWORD = "touchstone-demo";
// The returning officer's count passphrase for the demo by-election (ADR 014): it unlocks the
// key that opens the sealed ballots at the count. Demo data only.
export const DEMO_COUNT_PASSPHRASE = "hemsley-house-count";

export const DEMO_ACCOUNTS: {
  email: string;
  displayName: string;
  stakeholderType: StakeholderType;
  organisation?: string;
  roles: RoleName[];
}[] = [
  {
    email: "admin@example.org",
    displayName: "Sam Okafor (site administrator)",
    stakeholderType: "STAFF",
    organisation: "City Council digital team",
    roles: ["ADMIN"],
  },
  {
    email: "commissioner@example.org",
    displayName: "Priya Shah",
    stakeholderType: "STATUTORY_PARTNER",
    organisation: "Joint mental health commissioning team",
    roles: ["COMMISSIONER"],
  },
  {
    email: "officer@example.org",
    displayName: "Dee Marsh (Forum support worker)",
    stakeholderType: "STAFF",
    organisation: "Mental Health Forum",
    roles: ["FORUM_OFFICER", "FORUM_MEMBER"],
  },
  {
    email: "secretary@example.org",
    displayName: "Tom Reilly (board secretary)",
    stakeholderType: "STAFF",
    organisation: "Partnership Board secretariat",
    roles: ["BOARD_SECRETARY"],
  },
  { email: "member@example.org", displayName: "Jo", stakeholderType: "SERVICE_USER", roles: ["FORUM_MEMBER"] },
  { email: "carer@example.org", displayName: "Marcus (carer)", stakeholderType: "CARER", roles: ["FORUM_MEMBER"] },
  {
    email: "voluntary@example.org",
    displayName: "Amina Begum",
    stakeholderType: "VOLUNTARY_ORGANISATION",
    organisation: "Eccles Wellbeing Network",
    roles: ["FORUM_MEMBER"],
  },
  { email: "resident@example.org", displayName: "Chris", stakeholderType: "PUBLIC", roles: [] },
  { email: "leigh@example.org", displayName: "Leigh Ward", stakeholderType: "SERVICE_USER", roles: ["FORUM_MEMBER"] },
  { email: "sam@example.org", displayName: "Sam Rivers", stakeholderType: "SERVICE_USER", roles: ["FORUM_MEMBER"] },
];

type Seat = {
  name: string;
  organisation?: string;
  places: number;
  voting: boolean;
  fillMethod: SeatFillMethod;
  termMonths?: number;
  eligibleCategories?: ForumCategory[];
  residencyRequired?: boolean;
};

const exOfficio = (name: string, organisation: string): Seat => ({ name, organisation, places: 1, voting: true, fillMethod: "EX_OFFICIO" });
const adviser = (name: string, organisation: string): Seat => ({ name, organisation, places: 1, voting: false, fillMethod: "ADVISORY" });
const jcgMember = (name: string, organisation: string, places = 1): Seat => ({ name, organisation, places, voting: true, fillMethod: "APPOINTED" });

const BOARD_SEATS: Seat[] = [
  {
    name: "Forum service-user representative",
    organisation: "Mental Health Forum",
    places: 3,
    voting: true,
    fillMethod: "ELECTED",
    termMonths: 24,
    eligibleCategories: ["SERVICE_USER"],
    residencyRequired: true,
  },
  {
    name: "Service-user supporter (one is the Forum support worker)",
    organisation: "Mental Health Forum",
    places: 3,
    voting: false,
    fillMethod: "APPOINTED",
    termMonths: 24,
  },
  {
    name: "Forum voluntary-sector representative",
    organisation: "Mental Health Forum",
    places: 1,
    voting: true,
    fillMethod: "ELECTED",
    termMonths: 24,
    eligibleCategories: ["VOLUNTARY_SECTOR"],
    residencyRequired: true,
  },
  {
    name: "Forum carer representative",
    organisation: "Mental Health Forum",
    places: 1,
    voting: true,
    fillMethod: "ELECTED",
    termMonths: 24,
    eligibleCategories: ["CARER"],
    residencyRequired: true,
  },
  { name: "Carer supporter", organisation: "Mental Health Forum", places: 1, voting: false, fillMethod: "APPOINTED", termMonths: 24 },
  exOfficio("Elected member of the City Council", "City Council"),
  exOfficio("Non-executive director", "Primary Care Trust"),
  exOfficio("Chief executive (lead on service modernisation)", "Primary Care Trust"),
  exOfficio("Director of finance", "Primary Care Trust"),
  exOfficio("Director of community and social services", "City Council"),
  exOfficio("Joint head of mental health commissioning", "Primary Care Trust and City Council"),
  exOfficio("Professional executive committee representative", "Primary Care Trust"),
  exOfficio("Director of commissioning", "Primary Care Trust"),
  exOfficio("Assistant director, adult commissioning", "City Council"),
  adviser("Consultant psychiatrist", "Mental Health NHS Trust"),
  adviser("Joint director of mental health services", "Mental Health NHS Trust"),
  adviser("Assistant director, community services", "Mental Health NHS Trust"),
  adviser("Service manager, substance misuse services", "Mental Health NHS Trust"),
  adviser("Business manager", "Mental Health NHS Trust"),
  adviser("Head of operational services", "Primary Care Trust"),
  { name: "Co-opted member (as the subject requires)", places: 2, voting: false, fillMethod: "CO_OPTED" },
];

const JCG_SEATS: Seat[] = [
  jcgMember("Director of strategic commissioning", "Primary Care Trust"),
  jcgMember("Assistant director of finance, commissioning", "Primary Care Trust"),
  jcgMember("Joint head of mental health commissioning", "Primary Care Trust and City Council"),
  jcgMember("Joint head of learning disability services", "Primary Care Trust and City Council"),
  jcgMember("Professional executive committee link", "Primary Care Trust"),
  jcgMember("Deputy director of modernisation and primary care commissioning", "Primary Care Trust"),
  jcgMember("Assistant director of commissioning, adult services", "City Council"),
  jcgMember("Representative of the director of finance", "City Council"),
  jcgMember("Principal manager, commissioning and contracts", "City Council"),
  jcgMember("Supporting People budget representative", "City Council housing"),
  jcgMember("Development directorate (estates and service redesign)", "Primary Care Trust"),
  jcgMember("Trust representative", "Mental Health NHS Trust", 2),
  jcgMember("Independent and voluntary sector representative", "Voluntary sector"),
];

const PROPOSAL_SECTIONS: { number: string; heading: string; body: string }[] = [
  {
    number: "1",
    heading: "Introduction",
    body: `For more than four years the Mental Health Local Implementation Team has turned the National Service Framework into real improvements in local services, through a period of constant change in the NHS, the council and housing.

Those changes, and the national guidance on what a capable implementation team looks like, make this the right time to review how mental-health services are commissioned in the city.

We propose to re-form the Local Implementation Team as a **Partnership Board for Mental Health**, supported by a **Joint Commissioning Group** and by the **Mental Health Forum**, so that commissioning stays focused on modernising services and on the needs of people with mental-health problems and their carers.`,
  },
  {
    number: "2",
    heading: "Fundamental values",
    body: `Our approach starts from the individuality of each person: people should be in control of their own lives and seen as experts in them.

Support should be tailored to the person, offer real choice, and intrude as little as possible.`,
  },
  {
    number: "2.1",
    heading: "Key principles",
    body: `Services should be developed so that they:

- offer diversity and choice, responding to what people need and prefer
- make information and advice easy to get, for citizens and professionals alike
- are flexible and of high quality
- join up council and health services at a local level

When someone needs help, they should find a service that is there when it is needed: coherent, responsive, seamless and accessible, good to use and satisfying to work in.

Commissioning means understanding the needs of local people and then specifying, planning, organising and monitoring services to meet them. It should be done with local communities, not only for them.`,
  },
  {
    number: "3",
    heading: "Role of the Partnership Board for Mental Health",
    body: `The Board will oversee the joint commissioning of mental-health services for the city and use the executive powers delegated to it by the statutory partners.

It will make sure every partner agency and stakeholder group is represented, set the strategic direction of services, pursue integration where it helps people, and oversee the local delivery plan and the national frameworks.`,
  },
  {
    number: "3a",
    heading: "Terms of reference",
    body: `The Board will take a whole-system approach to promoting mental health, work with the bodies commissioning related services (such as drug and alcohol services, prison health and long-term conditions), and use the flexibilities of the Health Act 1999 imaginatively.

It will agree how pooled budgets are arranged and oversee them for the trust and the council, oversee the governance of the services it commissions, and accept the Joint Commissioning Group's recommendations on priorities for development and redesign.

It will receive reports on community services (housing, learning, leisure and transport among them), primary care for mental health, and investment in specialist services.`,
  },
  {
    number: "3b",
    heading: "Membership of the Board",
    body: `The Board brings together the commissioning agencies, service users and carers. Each member consults their own constituency and represents it in the Board's decisions.

| Places | Membership | Vote |
| --- | --- | --- |
| 3 | Forum service-user representatives, plus 3 supporters (one the Forum support worker) | Representatives vote; supporters do not |
| 1 | Forum voluntary-sector representative | Votes |
| 1 | Forum carer representative, plus 1 supporter | Representative votes; supporter does not |
| 9 | Senior officers and members of the council and the primary care trust, sitting by virtue of their posts | Vote |

Clinicians and managers from the mental-health trust and the primary care trust attend as advisers without a vote, and others can be co-opted when a subject calls for it.`,
  },
  {
    number: "3c",
    heading: "Reporting, accountability and how the Board works",
    body: `The Board reports to the primary care trust board and to the City Council.

Every meeting will be minuted accurately, with clear records of the decisions made and the actions to be taken.

The Board will meet monthly, and at least three times a year it will meet jointly with the Mental Health Forum. The joint head of mental-health commissioning will support it.`,
  },
  {
    number: "4",
    heading: "Role of the Joint Commissioning Group",
    body: `The Joint Commissioning Group will carry out the strategic, multi-agency commissioning of services on the Board's behalf, making sure that the right level of service is bought and that equality and quality run through the process.

It will be able to recommend spending from the pooled budget, develop a service commissioning strategy once the Board approves it, monitor every service agreement with statutory and independent providers, judge services by their outcomes, and recommend changes in investment, including decommissioning.`,
  },
  {
    number: "4a",
    heading: "Terms of reference of the Joint Commissioning Group",
    body: `The Group will make sure users, carers and patients are genuinely involved in the services commissioned, understand and monitor performance across both agencies, and provide one place for decisions on all funded initiatives, including short-term funding.

It will make sure every agency identifies and responds to the needs of people from minority ethnic communities, and that resources are used well.`,
  },
  {
    number: "4b",
    heading: "Membership of the Joint Commissioning Group",
    body: `Members come from the primary care trust, the council (including housing and finance), the mental-health trust and the independent and voluntary sector, with enough authority to commit their agency's resources.

Membership will be reviewed regularly so the Group stays effective as things change, and service managers can be co-opted when needed.`,
  },
  {
    number: "4c",
    heading: "Reporting and accountability",
    body: `The Group is accountable to the Board and commits resources on its behalf. Its meetings will be minuted with clear records of decisions and actions.`,
  },
  {
    number: "4d",
    heading: "Frequency of meetings",
    body: `The Group will meet often enough to drive and monitor commissioning and to serve the Board's agenda.`,
  },
  {
    number: "5",
    heading: "The Mental Health Forum",
    body: `The Forum already plays an important part in commissioning, and this proposal keeps that role. The Forum elects the service-user, carer and voluntary-sector members of the Board, as it does today for the Local Implementation Team.

Forum representatives live in the city. They act for the wider community, reflect its cultural diversity, speak for disabled people and carers, bring their own experience to decisions, and hold services to account: a touchstone for reality.`,
  },
  {
    number: "6",
    heading: "Timetable",
    body: `This proposal is circulated to key stakeholders for comment during the discussion period, with an open meeting before it closes. It will then be revised and taken through the approval meetings shown on the timeline, towards a start date in the autumn.`,
  },
];

export async function seedDemoData(db: Db, now = new Date()) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const user = await db.user.create({
      data: {
        id: crypto.randomUUID(),
        email: account.email,
        passwordHash,
        displayName: account.displayName,
        stakeholderType: account.stakeholderType,
        organisation: account.organisation ?? null,
        emailVerifiedAt: now,
        roles: { create: account.roles.map((role) => ({ role })) },
      },
    });
    users[account.email] = user.id;
  }

  const body = (slug: string, name: string, kind: Parameters<typeof db.body.create>[0]["data"]["kind"], description: string, seats: Seat[] = []) =>
    db.body.create({
      data: {
        slug,
        name,
        kind,
        description,
        seats: {
          create: seats.map((seat, index) => ({
            position: index + 1,
            name: seat.name,
            organisation: seat.organisation ?? null,
            places: seat.places,
            voting: seat.voting,
            fillMethod: seat.fillMethod,
            termMonths: seat.termMonths ?? null,
            eligibleCategories: seat.eligibleCategories ?? [],
            residencyRequired: seat.residencyRequired ?? false,
          })),
        },
      },
    });

  await body(
    "partnership-board",
    "Partnership Board for Mental Health",
    "PARTNERSHIP_BOARD",
    "Oversees the joint commissioning of mental-health services by the council and the NHS. Meets monthly, and at least three times a year with the Forum.",
    BOARD_SEATS,
  );
  await body(
    "joint-commissioning-group",
    "Mental Health Joint Commissioning Group",
    "COMMISSIONING_GROUP",
    "Carries out commissioning for the Board: recommends spending from the pooled budget and monitors providers.",
    JCG_SEATS,
  );
  await body(
    "mental-health-forum",
    "Mental Health Forum",
    "FORUM",
    "The user-led forum of service users, carers and voluntary groups. It elects its representatives to the Partnership Board.",
    [{ name: "Forum support worker", organisation: "Mental Health Forum", places: 1, voting: false, fillMethod: "APPOINTED" }],
  );
  const jceg = await body(
    "joint-commissioning-executive-group",
    "Joint Commissioning Executive Group",
    "MANAGEMENT_GROUP",
    "Senior officers of the primary care trust and the council who steer joint commissioning.",
  );
  const lit = await body(
    "local-implementation-team",
    "Mental Health Local Implementation Team",
    "MANAGEMENT_GROUP",
    "Has overseen the local mental-health framework for four years; the proposal re-forms it as the Partnership Board.",
  );
  const socialServices = await body(
    "community-social-services-management-group",
    "Community and Social Services Management Group",
    "MANAGEMENT_GROUP",
    "The council's senior management group for community and social services.",
  );
  const pctManagement = await body(
    "pct-management-group",
    "Primary Care Trust Management Group",
    "MANAGEMENT_GROUP",
    "The primary care trust's senior management group.",
  );
  const cabinet = await body(
    "city-council-cabinet",
    "City Council Cabinet",
    "COUNCIL",
    "The council's executive: takes key decisions on the council's behalf.",
  );
  const pctBoard = await body("pct-board", "Primary Care Trust Board", "NHS_BOARD", "The governing board of the primary care trust.");

  // Who holds the Board's places today: one service-user place is vacant (a by-election is due).
  const termEnd = new Date(`${addDays(londonToday(now), 400)}T00:00:00Z`);
  const termStart = new Date(`${addDays(londonToday(now), -330)}T00:00:00Z`);
  const holders: Record<string, { name: string; userId?: string; method: "ELECTION" | "EX_OFFICIO" | "APPOINTMENT" }[]> = {
    "Forum service-user representative": [
      { name: "Jo", userId: users["member@example.org"], method: "ELECTION" },
      { name: "Pat Okonjo", method: "ELECTION" },
    ],
    "Forum carer representative": [{ name: "Marcus (carer)", userId: users["carer@example.org"], method: "ELECTION" }],
    "Forum voluntary-sector representative": [{ name: "Amina Begum", userId: users["voluntary@example.org"], method: "ELECTION" }],
    "Service-user supporter (one is the Forum support worker)": [
      { name: "Dee Marsh (Forum support worker)", userId: users["officer@example.org"], method: "APPOINTMENT" },
    ],
    "Elected member of the City Council": [{ name: "Councillor Rose Whitfield", method: "EX_OFFICIO" }],
    "Chief executive (lead on service modernisation)": [{ name: "Anil Varma", method: "EX_OFFICIO" }],
    "Director of finance": [{ name: "Helen Brooks", method: "EX_OFFICIO" }],
    "Director of community and social services": [{ name: "Graham Lees", method: "EX_OFFICIO" }],
    "Joint head of mental health commissioning": [{ name: "Priya Shah", userId: users["commissioner@example.org"], method: "EX_OFFICIO" }],
    "Director of commissioning": [{ name: "Martin Doyle", method: "EX_OFFICIO" }],
    "Assistant director, adult commissioning": [{ name: "Susan Kaur", method: "EX_OFFICIO" }],
    "Consultant psychiatrist": [{ name: "Dr Elaine Morris", method: "APPOINTMENT" }],
  };
  const boardSeats = await db.seatDefinition.findMany({ where: { body: { slug: "partnership-board" } }, select: { id: true, name: true } });
  for (const seat of boardSeats) {
    for (const holder of holders[seat.name] ?? []) {
      await db.appointment.create({
        data: {
          seatId: seat.id,
          userId: holder.userId ?? null,
          holderName: holder.name,
          method: holder.method,
          startsOn: termStart,
          endsOn: holder.method === "ELECTION" ? termEnd : null,
        },
      });
    }
  }

  // The Board meets monthly, and at least three times a year jointly with the Forum.
  const board = await db.body.findUniqueOrThrow({ where: { slug: "partnership-board" }, select: { id: true } });
  const boardMeetings: [number, boolean, string[]][] = [
    [-200, true, ["Report-backs from Forum representatives", "Annual review of the Forum's work with the Board"]],
    [-90, false, ["Minutes of the last meeting and matters arising", "Action log", "Pooled budget report", "Any other business"]],
    [-60, true, ["Report-backs from Forum representatives", "Crisis support: what the Forum heard", "Any other business"]],
    [-30, false, ["Minutes and action log", "Commissioning arrangements: the proposal for discussion", "Performance report"]],
    [10, true, ["Consultation on the commissioning arrangements: what people said", "Report-backs from Forum representatives", "Forum election timetable"]],
    [40, false, ["Minutes and action log", "Revised commissioning arrangements", "Any other business"]],
  ];
  for (const [offset, joint, agenda] of boardMeetings) {
    const date = addDays(londonToday(now), offset);
    await db.bodyMeeting.create({
      data: {
        bodyId: board.id,
        title: joint ? "Partnership Board and Mental Health Forum joint meeting" : "Partnership Board meeting",
        startsAt: londonTime(date, "14:00"),
        endsAt: londonTime(date, "16:00"),
        venue: "Salford Civic Centre",
        jointWithForum: joint,
        agendaItems: { create: agenda.map((title, i) => ({ position: i + 1, title })) },
      },
    });
  }

  // The secretariat keeps every body's record in the demo.
  const allBodies = await db.body.findMany({ select: { id: true } });
  await db.bodySecretary.createMany({ data: allBodies.map((b) => ({ bodyId: b.id, userId: users["secretary@example.org"] })) });

  // The Board's quorum: a third of its voting places, with the council, the primary care
  // trust and an elected Forum representative all present.
  await db.body.update({ where: { id: board.id }, data: { quorumPartners: ["City Council", "Primary Care Trust"] } });
  await seedBoardRecord(db, board.id, users, now);

  // The demo's Forum members, verified by the support worker.
  const memberships: [string, "SERVICE_USER" | "CARER" | "VOLUNTARY_SECTOR" | "SUPPORTER", string][] = [
    ["member@example.org", "SERVICE_USER", "M6 5JA"],
    ["carer@example.org", "CARER", "M7 4QR"],
    ["voluntary@example.org", "VOLUNTARY_SECTOR", "M30 0FN"],
    ["officer@example.org", "SUPPORTER", "M5 4WT"],
    ["leigh@example.org", "SERVICE_USER", "M27 6AB"],
    ["sam@example.org", "SERVICE_USER", "M6 8HD"],
  ];
  for (const [email, category, postcode] of memberships) {
    await db.forumMembership.create({
      data: {
        userId: users[email],
        category,
        postcode,
        residentVerified: true,
        status: "VERIFIED",
        decidedAt: termStart,
        decidedById: users["officer@example.org"],
      },
    });
  }

  // The Forum's rooms, with a little conversation and an officer's pinned announcement.
  const rooms = [
    {
      slug: "general",
      name: "General",
      description: "Anything the Forum's members want to talk about.",
      categories: [] as ("SERVICE_USER" | "CARER" | "VOLUNTARY_SECTOR")[],
    },
    {
      slug: "board-report-backs",
      name: "Board report-backs",
      description: "Our representatives on the Partnership Board report back, and members ask them questions.",
      categories: [],
    },
    { slug: "carers", name: "Carers", description: "For carers of people who use mental-health services.", categories: ["CARER" as const] },
    {
      slug: "service-users",
      name: "Service users",
      description: "For people who use, or have used, mental-health services.",
      categories: ["SERVICE_USER" as const],
    },
    {
      slug: "voluntary-sector",
      name: "Voluntary sector",
      description: "For representatives of voluntary and community organisations.",
      categories: ["VOLUNTARY_SECTOR" as const],
    },
  ];
  for (const room of rooms) await db.forumRoom.create({ data: room });
  const general = await db.forumRoom.findUniqueOrThrow({ where: { slug: "general" } });
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const welcome = await db.forumMessage.create({
    data: {
      roomId: general.id,
      authorId: users["officer@example.org"],
      body: "Welcome to the Forum's rooms. Please be kind, keep what members share here private, and tell an officer if anything worries you.",
      pinnedAt: at(600),
      createdAt: at(600),
    },
  });
  const question = await db.forumMessage.create({
    data: {
      roomId: general.id,
      authorId: users["member@example.org"],
      body: "Is anyone going to the open meeting at Hemsley House? It would help to go with someone.",
      createdAt: at(90),
      replyCount: 1,
    },
  });
  await db.forumMessage.create({
    data: {
      roomId: general.id,
      authorId: users["carer@example.org"],
      parentId: question.id,
      body: "I am. Shall we meet at the front entrance ten minutes before?",
      createdAt: at(60),
    },
  });
  await db.forumReaction.create({ data: { messageId: welcome.id, userId: users["member@example.org"], emoji: "👍" } });

  // Jo, elected to the Board, reported back on its last meeting; a member has replied.
  const reportBacksRoom = await db.forumRoom.findUniqueOrThrow({ where: { slug: "board-report-backs" } });
  const lastBoardMeeting = await db.bodyMeeting.findFirstOrThrow({ where: { bodyId: board.id, startsAt: { lt: now } }, orderBy: { startsAt: "desc" } });
  const joSeat = await db.appointment.findFirstOrThrow({
    where: { userId: users["member@example.org"], method: "ELECTION" },
    select: { seatId: true, seat: { select: { name: true } } },
  });
  const reportBack = {
    discussed: "The proposal for the new commissioning arrangements, and the performance report on waiting times.",
    decided: "The Board agreed to hold a joint meeting with the Forum on what people say in the consultation.",
    questions: "What should I ask for at the joint meeting? Is one carer seat enough?",
  };
  const reportMessage = await db.forumMessage.create({
    data: {
      roomId: reportBacksRoom.id,
      authorId: users["member@example.org"],
      body: `Report-back from ${joSeat.seat.name}: Mental Health Partnership Board, ${lastBoardMeeting.title}\n\nWhat was discussed: ${reportBack.discussed}\n\nWhat was decided: ${reportBack.decided}\n\nQuestions for members: ${reportBack.questions}`,
      createdAt: at(24 * 60),
      replyCount: 1,
    },
  });
  await db.forumMessage.create({
    data: {
      roomId: reportBacksRoom.id,
      authorId: users["carer@example.org"],
      parentId: reportMessage.id,
      body: "Thank you, Jo. Please ask for a second carer seat.",
      createdAt: at(20 * 60),
    },
  });
  await db.reportBack.create({
    data: { seatId: joSeat.seatId, authorId: users["member@example.org"], meetingId: lastBoardMeeting.id, messageId: reportMessage.id, ...reportBack },
  });

  // A by-election for the vacant service-user place, in its voting window today.
  const serviceUserSeat = boardSeats.find((seat) => seat.name === "Forum service-user representative")!;
  const today0 = londonToday(now);
  const byElectionKeys = await createElectionKeys(DEMO_COUNT_PASSPHRASE);
  const byElection = await db.election.create({
    data: {
      slug: "service-user-by-election",
      title: "By-election: Forum service-user representative",
      seatId: serviceUserSeat.id,
      places: 1,
      constituency: ["SERVICE_USER"],
      residencyRequired: true,
      method: "SCOTTISH_STV",
      nominationsOpenAt: londonTime(addDays(today0, -20), "09:00"),
      nominationsCloseAt: londonTime(addDays(today0, -6), "17:00"),
      votingOpenAt: londonTime(addDays(today0, -5), "09:00"),
      votingCloseAt: londonTime(addDays(today0, 9), "17:00"),
      salt: crypto.randomBytes(16).toString("hex"),
      lotSeed: crypto.randomBytes(16).toString("hex"),
      ballotPublicKey: byElectionKeys.publicKey,
      countKey: byElectionKeys.countKey,
      createdById: users["officer@example.org"],
    },
  });
  const statements: [string, string][] = [
    [
      "leigh@example.org",
      "I have used community mental-health services in the city for ten years. On the Board I would push for evening support and for peer workers in every team, and I would report back to the Forum after every meeting.",
    ],
    [
      "sam@example.org",
      "I want the Board to hear from people who are new to services, not only those who know the system. I would hold regular drop-ins so members can tell me what to raise.",
    ],
  ];
  for (const [email, statement] of statements) {
    await db.nomination.create({
      data: {
        electionId: byElection.id,
        candidateId: users[email],
        nominatedById: users[email],
        statement,
        acceptedAt: londonTime(addDays(today0, -15), "10:00"),
        confirmedAt: londonTime(addDays(today0, -7), "10:00"),
        confirmedById: users["officer@example.org"],
      },
    });
  }

  // The discussion period runs about four weeks and is open today.
  const today = londonToday(now);
  const opens = addDays(today, -18);
  const closes = addDays(today, 7);
  const commissioner = users["commissioner@example.org"];

  const proposal = await db.proposal.create({
    data: {
      slug: "mental-health-commissioning-arrangements",
      title: "Mental health commissioning arrangements",
      summary:
        "How the council and the NHS will commission mental-health services together: a Partnership Board with elected Forum representatives, a Joint Commissioning Group, and the Forum's continuing role.",
      status: "OPEN",
      audience: "PUBLIC",
      discussionOpensAt: londonTime(opens, "09:00"),
      discussionClosesAt: londonTime(closes, "17:00"),
      startDate: new Date(`${addDays(closes, 82).slice(0, 8)}01T00:00:00Z`),
      createdById: commissioner,
      versions: {
        create: {
          number: 1,
          publishedAt: londonTime(opens, "09:00"),
          sections: { create: PROPOSAL_SECTIONS.map((section, index) => ({ position: index + 1, ...section })) },
        },
      },
    },
  });

  const meetingDay = addDays(closes, -2);
  await db.meeting.create({
    data: {
      slug: "open-meeting-commissioning-arrangements",
      title: "Open meeting: mental health commissioning arrangements",
      description:
        "Come and hear about the proposal, ask questions and tell the commissioners what you think. Everyone is welcome; you do not need to have read the proposal.",
      startsAt: londonTime(meetingDay, "14:00"),
      endsAt: londonTime(meetingDay, "15:30"),
      venueName: "Hemsley House",
      venueAddress: "Hemsley House, Salford",
      stepFreeAccess: true,
      hearingLoop: true,
      accessibleToilets: true,
      parking: "Two accessible bays at the front; more on nearby streets",
      capacity: 60,
      registrationOpensAt: londonTime(opens, "09:00"),
      registrationClosesAt: londonTime(meetingDay, "12:00"),
      proposalId: proposal.id,
    },
  });

  // The approval meetings follow the discussion period in the seed's order, each with
  // agenda papers due about a week before.
  const stages = [
    { body: jceg, title: "Revised proposal considered", meeting: 8, papers: 1 },
    { body: socialServices, title: "Management group consideration", meeting: 12, papers: 5 },
    { body: pctManagement, title: "Management group consideration", meeting: 14, papers: 7 },
    { body: lit, title: "Local Implementation Team endorsement", meeting: 17, papers: 10 },
    { body: cabinet, title: "Cabinet briefing", meeting: 25, papers: 18 },
    { body: pctBoard, title: "Primary Care Trust Board decision", meeting: 27, papers: 17 },
    { body: cabinet, title: "Cabinet decision", meeting: 33, papers: 18 },
  ];
  await db.approvalStage.createMany({
    data: stages.map((stage, index) => ({
      proposalId: proposal.id,
      position: index + 1,
      bodyId: stage.body.id,
      title: stage.title,
      meetingDate: new Date(`${addDays(closes, stage.meeting)}T00:00:00Z`),
      papersDue: new Date(`${addDays(closes, stage.papers)}T00:00:00Z`),
    })),
  });

  // An earlier consultation, closed and under review, for the summary screens.
  const earlierOpens = addDays(today, -120);
  const earlier = await db.proposal.create({
    data: {
      slug: "out-of-hours-crisis-support",
      title: "Out-of-hours crisis support",
      summary: "Options for a crisis café and a single out-of-hours phone line for people in mental-health crisis.",
      status: "UNDER_REVIEW",
      audience: "PUBLIC",
      discussionOpensAt: londonTime(earlierOpens, "09:00"),
      discussionClosesAt: londonTime(addDays(earlierOpens, 28), "17:00"),
      createdById: commissioner,
      versions: {
        create: {
          number: 1,
          publishedAt: londonTime(earlierOpens, "09:00"),
          sections: {
            create: [
              {
                position: 1,
                number: "1",
                heading: "Why change",
                body: "People told us that after 5pm the only option in a crisis is the emergency department, which is loud, slow and not built for them.",
              },
              {
                position: 2,
                number: "2",
                heading: "A crisis café",
                body: "A calm, staffed place open 6pm to midnight every day, run with a voluntary-sector partner, where people can walk in without a referral.",
              },
              {
                position: 3,
                number: "3",
                heading: "One phone line",
                body: "A single number, answered by mental-health staff around the clock, replacing the three numbers people must choose between today.",
              },
            ],
          },
        },
      },
    },
    include: { versions: { include: { sections: { orderBy: { position: "asc" } } } } },
  });

  await seedComments(db, earlier.id, earlier.versions[0].id, earlier.versions[0].sections, users, londonTime(addDays(earlierOpens, 3), "10:00"), [
    {
      by: "member@example.org",
      section: 0,
      stance: "SUPPORT",
      body: "Going to A&E in a crisis made everything worse for me. Anything that gives people another option after 5pm is welcome.",
    },
    {
      by: "carer@example.org",
      section: 1,
      stance: "SUPPORT",
      body: "A café my son could walk into without a referral would have helped us many times. Please make sure carers can come too.",
    },
    {
      by: "voluntary@example.org",
      section: 1,
      stance: "SUGGESTION",
      body: "Our network would like to help run the café. Peer workers with lived experience should be part of every shift.",
    },
    { by: "resident@example.org", section: 1, stance: "QUESTION", body: "Where would the café be? It needs to be on a bus route that runs late." },
    {
      by: "member@example.org",
      section: 2,
      stance: "CONCERN",
      body: "One number is good, but only if it is answered quickly. Today I often wait on hold for a long time.",
    },
    { by: "carer@example.org", section: 2, stance: "SUPPORT", body: "Three numbers is confusing when you are frightened. One number, please." },
    { by: "voluntary@example.org", section: null, stance: "CONCERN", body: "Funding is only described for the first year. What happens after that?" },
  ]);

  // The commissioners have begun coding that feedback: two themes, a few comments tagged.
  const earlierComments = await db.comment.findMany({ where: { proposalId: earlier.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
  const themed = [
    { name: "Somewhere to go after 5pm", comments: [0, 1, 3] },
    { name: "Peer workers and the voluntary sector", comments: [2] },
  ];
  for (const theme of themed) {
    await db.theme.create({
      data: {
        proposalId: earlier.id,
        name: theme.name,
        nameKey: theme.name.toLowerCase(),
        comments: { create: theme.comments.map((i) => ({ commentId: earlierComments[i].id, taggedById: commissioner })) },
      },
    });
  }
  await db.comment.update({ where: { id: earlierComments[1].id }, data: { keyQuote: true } });

  const openVersion = await db.proposalVersion.findFirstOrThrow({
    where: { proposalId: proposal.id },
    include: { sections: { orderBy: { position: "asc" } } },
  });
  await seedComments(db, proposal.id, openVersion.id, openVersion.sections, users, londonTime(addDays(opens, 2), "11:00"), [
    {
      by: "member@example.org",
      section: 12,
      stance: "SUPPORT",
      body: "I am glad the Forum keeps electing its own representatives. That is what makes the Board listen.",
    },
    { by: "carer@example.org", section: 5, stance: "CONCERN", body: "One carer seat is not enough for the number of carers in the city. Could there be two?" },
    {
      by: "voluntary@example.org",
      section: 6,
      stance: "QUESTION",
      body: "Will the joint meetings with the Forum be held somewhere accessible, in the evening as well as the day?",
    },
  ]);
}

async function seedComments(
  db: Db,
  proposalId: string,
  versionId: string,
  sections: { id: string }[],
  users: Record<string, string>,
  start: Date,
  comments: { by: string; section: number | null; stance: "SUPPORT" | "CONCERN" | "QUESTION" | "SUGGESTION"; body: string }[],
) {
  for (const [i, comment] of comments.entries()) {
    await db.comment.create({
      data: {
        proposalId,
        versionId,
        sectionId: comment.section === null ? null : sections[comment.section].id,
        authorId: users[comment.by],
        stance: comment.stance,
        body: comment.body,
        createdAt: new Date(start.getTime() + i * 3_600_000 * 7),
      },
    });
  }
}

/**
 * The Board meeting three months ago, as its secretary recorded it: papers, attendance,
 * minutes approved at the next meeting, numbered decisions (one with a vote), an action now
 * overdue, and a report whose recommendations were decided one by one.
 */
async function seedBoardRecord(db: Db, boardId: string, users: Record<string, string>, now: Date) {
  const meetings = await db.bodyMeeting.findMany({
    where: { bodyId: boardId, startsAt: { lt: now } },
    orderBy: { startsAt: "asc" },
    include: { agendaItems: { orderBy: { position: "asc" } } },
  });
  const earlier = meetings.find((m) => !m.jointWithForum)!;
  const next = meetings.find((m) => m.startsAt > earlier.startsAt)!;
  const holders = await db.appointment.findMany({ where: { seat: { bodyId: boardId } }, include: { seat: true } });
  const named = (name: string) => holders.find((h) => h.holderName === name)!;
  const present = ["Jo", "Marcus (carer)", "Councillor Rose Whitfield", "Helen Brooks", "Priya Shah", "Martin Doyle", "Graham Lees"].map(named);
  await db.attendance.createMany({
    data: [
      ...present.map((h) => ({ meetingId: earlier.id, appointmentId: h.id, name: h.holderName, role: h.seat.name, kind: "PRESENT" as const })),
      { meetingId: earlier.id, appointmentId: named("Anil Varma").id, name: "Anil Varma", role: named("Anil Varma").seat.name, kind: "APOLOGIES" as const },
      { meetingId: earlier.id, name: "Dr Elaine Morris", role: "Consultant psychiatrist (adviser)", kind: "IN_ATTENDANCE" as const },
    ],
  });
  const [minutesItem, actionLogItem, budgetItem] = earlier.agendaItems;
  await db.agendaItem.update({
    where: { id: minutesItem.id },
    data: { minutes: "The minutes of the previous meeting were agreed. There were no matters arising." },
  });
  await db.agendaItem.update({ where: { id: actionLogItem.id }, data: { minutes: "The Board reviewed the open actions; two were closed." } });
  await db.agendaItem.update({
    where: { id: budgetItem.id },
    data: { minutes: "The director of finance presented the pooled budget. Forum representatives asked that the crisis café be funded from it." },
  });
  const report = await db.cabinetReport.create({
    data: {
      meetingId: earlier.id,
      title: "Pooled budget for mental health: the coming year",
      portfolio: "Adult social care and health",
      service: "Joint mental health commissioning",
      wards: "All",
      keyDecision: true,
      forwardPlan: true,
      summary: "How the council and the primary care trust will pool their mental-health budgets next year, and what the pool pays for first.",
      resources: "The pool would hold the two partners' agreed contributions; no new money is needed.",
      legal: "The pooling agreement is made under the partnership arrangements between the NHS and the council.",
      equality: "An equality impact assessment is attached as a background paper.",
      consultation: "The Mental Health Forum was consulted at its joint meeting with the Board.",
      contactOfficer: "Priya Shah, joint head of mental health commissioning",
      officerSignOff: "Director of community and social services",
      officerSignedOn: new Date(earlier.startsAt.getTime() - 14 * 86_400_000),
      portfolioHolderSignOff: "Portfolio holder for adult social care",
      holderSignedOn: new Date(earlier.startsAt.getTime() - 12 * 86_400_000),
      recommendations: {
        create: [
          { number: 1, text: "Pool the two partners' mental-health budgets from April." },
          { number: 2, text: "Fund a crisis café from the pool for two years." },
        ],
      },
    },
    include: { recommendations: { orderBy: { number: "asc" } } },
  });
  await db.agendaPaper.create({ data: { itemId: budgetItem.id, kind: "REPORT", title: report.title, reportId: report.id } });
  const year = Number(londonToday(earlier.startsAt).slice(0, 4));
  const decide = (number: number, text: string, itemId: string | null, meetingId = earlier.id) =>
    db.decision.create({ data: { bodyId: boardId, meetingId, itemId, year, number, text } });
  const first = await decide(1, "Recommendation 1 approved: Pool the two partners' mental-health budgets from April.", null);
  const second = await db.decision.create({
    data: {
      bodyId: boardId,
      meetingId: earlier.id,
      itemId: null,
      year,
      number: 2,
      text: "Recommendation 2 approved as amended: Fund a crisis café from the pool for two years, with a review after the first year.",
      voteTaken: true,
      votes: { create: present.filter((h) => h.seat.voting).map((h, i) => ({ appointmentId: h.id, vote: i === 2 ? ("ABSTAIN" as const) : ("FOR" as const) })) },
    },
  });
  await db.recommendation.update({ where: { id: report.recommendations[0].id }, data: { outcome: "APPROVED", decisionId: first.id } });
  await db.recommendation.update({
    where: { id: report.recommendations[1].id },
    data: { outcome: "AMENDED", amendedText: "Fund a crisis café from the pool for two years, with a review after the first year.", decisionId: second.id },
  });
  await db.boardAction.create({
    data: {
      bodyId: boardId,
      meetingId: earlier.id,
      description: "Bring options for the crisis café's location to the Board.",
      ownerId: users["commissioner@example.org"],
      dueOn: new Date(`${addDays(londonToday(now), -20)}T00:00:00Z`),
    },
  });
  await db.boardAction.create({
    data: {
      bodyId: boardId,
      meetingId: earlier.id,
      description: "Publish the pooled budget on the council's website.",
      ownerPost: "Director of finance",
      dueOn: new Date(`${addDays(londonToday(now), 30)}T00:00:00Z`),
    },
  });
  await db.bodyMeeting.update({
    where: { id: earlier.id },
    data: {
      papersPublishedAt: new Date(earlier.startsAt.getTime() - 7 * 86_400_000),
      minutesPublishedAt: new Date(earlier.endsAt.getTime() + 3 * 86_400_000),
      minutesApprovedAt: next.startsAt,
      minutesApprovedAtMeetingId: next.id,
    },
  });
  await decide(3, `The minutes of the meeting on ${formatDate(earlier.startsAt)} were approved as a correct record.`, null, next.id);
}
