import { db } from "~/utils/db.server";

export function listPartnershipBodies() {
  return db.body.findMany({
    where: { kind: { in: ["PARTNERSHIP_BOARD", "COMMISSIONING_GROUP", "FORUM"] } },
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true, description: true, _count: { select: { seats: true } } },
  });
}
