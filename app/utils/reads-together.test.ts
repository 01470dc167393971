import { describe, expect, it } from "vitest";
import { Prisma } from "#app/generated/prisma/client";
import { queryRowTogether } from "#app/utils/db.server";
import { createUser } from "../../test/helpers/factories";

// Reads of one statement for different keys made at the same moment share a round trip (ADR
// 037). Each caller must get its own key's row, whatever else was in the batch.

type Read = { displayName: string; statement: string };
/** A user's name, and which statement read it: the backend and the statement's start, to the microsecond. */
const userStatement = (excluding: string) => (key: Prisma.Sql) =>
  Prisma.sql`SELECT u."displayName", pg_backend_pid() || ' ' || statement_timestamp()::text AS statement
             FROM "User" u WHERE u.id = ${key} AND u."displayName" <> ${excluding}`;

describe("reads made together", () => {
  it("give each caller its own key's row, or none, from one statement for everyone who asked meanwhile", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => createUser({ displayName: `Reader ${i}` })));
    const keys = [...users.map(({ user }) => user.id), "no-such-user", users[3].user.id, users[0].user.id];
    const rows = await Promise.all(keys.map((key) => queryRowTogether<Read>(userStatement(""), key)));
    expect(rows.map((row) => row?.displayName)).toEqual([...users.map((_, i) => `Reader ${i}`), undefined, "Reader 3", "Reader 0"]);
    // The first went at once, alone; the other fourteen waited for it and went together.
    const statements = rows.flatMap((row) => (row ? [row.statement] : []));
    expect(new Set(statements).size).toBe(2);
    expect(statements.filter((s) => s === statements[0])).toHaveLength(1);
  });

  it("never put reads with different parameters in one statement", async () => {
    const { user } = await createUser({ displayName: "Kept apart" });
    const [shown, hidden, again] = await Promise.all([
      queryRowTogether<Read>(userStatement(""), user.id),
      queryRowTogether<Read>(userStatement("Kept apart"), user.id),
      queryRowTogether<Read>(userStatement(""), user.id),
    ]);
    expect(shown?.displayName).toBe("Kept apart");
    expect(hidden).toBeUndefined();
    expect(again?.displayName).toBe("Kept apart");
  });
});
