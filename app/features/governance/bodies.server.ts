import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { londonToday } from "#app/utils/dates";
import { isAppointable } from "./governance.policy";
import { managesBody } from "./secretaries.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { visibleReportBack } from "#app/features/forum/report-backs.server";

export function listPartnershipBodies() {
  return db.body.findMany({
    where: { kind: { in: ["PARTNERSHIP_BOARD", "COMMISSIONING_GROUP", "FORUM"] } },
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true, description: true, _count: { select: { seats: true } } },
  });
}

/** A body's name and address, for pages about one part of its record. */
export function findBody(slug: string) {
  return db.body.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
}

/** Today's holders: not ended, and within their term. A term that has run out leaves a vacancy. */
const currentOn = (today: Date) => ({ endedOn: null, OR: [{ endsOn: null }, { endsOn: { gte: today } }] });

/** A body and its seats with today's holders and vacancies, as in the seed's membership table. */
export async function getBodyComposition(slug: string, today = new Date(`${londonToday()}T00:00:00Z`)) {
  const body = await db.body.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      description: true,
      seats: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          name: true,
          organisation: true,
          places: true,
          voting: true,
          fillMethod: true,
          termMonths: true,
          eligibleCategories: true,
          residencyRequired: true,
          appointments: {
            where: currentOn(today),
            orderBy: { startsOn: "asc" },
            select: { id: true, holderName: true, method: true, startsOn: true, endsOn: true },
          },
          // Forum representatives' report-backs (the text is for Forum members).
          // Only those whose Forum message is still up (hidden or deleted ones are gone everywhere).
          reportBacks: {
            where: visibleReportBack,
            orderBy: { meeting: { startsAt: "desc" } },
            take: 3,
            select: { id: true, author: { select: { displayName: true } }, meeting: { select: { startsAt: true } } },
          },
        },
      },
    },
  });
  if (!body) return null;
  return {
    ...body,
    seats: body.seats.map((seat) => ({ ...seat, vacancies: Math.max(0, seat.places - seat.appointments.length) })),
  };
}

export async function appoint(
  actor: SessionUser,
  slug: string,
  input: { seatId: string; holderName: string; startsOn: string; endsOn: string | null },
): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug }))) return fail(403, "form", "Only this body's secretaries can change who holds a seat");
  const seat = await db.seatDefinition.findFirst({ where: { id: input.seatId, body: { slug } }, select: { id: true, places: true, fillMethod: true } });
  if (!seat) return fail(404, "seatId", "This seat is not on this body");
  if (!isAppointable(seat)) return fail(409, "seatId", "Elected places are filled by Forum elections");
  const method = ({ EX_OFFICIO: "EX_OFFICIO", APPOINTED: "APPOINTMENT", CO_OPTED: "CO_OPTION", ADVISORY: "APPOINTMENT" } as const)[
    seat.fillMethod as "EX_OFFICIO"
  ];
  const today = new Date(`${londonToday()}T00:00:00Z`);
  const appointed = await db.$transaction(async (tx) => {
    // Lock the seat so two secretaries filling the last place at once cannot both succeed.
    await tx.$queryRaw`SELECT id FROM "SeatDefinition" WHERE id = ${seat.id} FOR UPDATE`;
    const held = await tx.appointment.count({ where: { seatId: seat.id, ...currentOn(today) } });
    if (held >= seat.places) return false;
    await tx.appointment.create({
      data: {
        seatId: seat.id,
        holderName: input.holderName,
        method,
        startsOn: new Date(`${input.startsOn}T00:00:00Z`),
        endsOn: input.endsOn ? new Date(`${input.endsOn}T00:00:00Z`) : null,
      },
    });
    await tx.auditEvent.create({ data: { actorId: actor.id, action: "seat.appoint", subject: `seat:${seat.id}`, details: { holderName: input.holderName } } });
    return true;
  });
  return appointed ? ok() : fail(409, "seatId", `Every place on this seat is filled (${seat.places}). End an appointment first.`);
}

export async function endAppointment(actor: SessionUser, slug: string, input: { appointmentId: string; endReason: string }): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug }))) return fail(403, "form", "Only this body's secretaries can change who holds a seat");
  const { count } = await db.appointment.updateMany({
    where: { id: input.appointmentId, endedOn: null, seat: { body: { slug } } },
    data: { endedOn: new Date(`${londonToday()}T00:00:00Z`), endReason: input.endReason },
  });
  if (count === 0) return fail(404, "form", "This appointment has already ended or is not on this body");
  await db.auditEvent.create({
    data: { actorId: actor.id, action: "seat.end", subject: `appointment:${input.appointmentId}`, details: { reason: input.endReason } },
  });
  return ok();
}
