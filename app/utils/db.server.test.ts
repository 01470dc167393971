import pg from "pg";
import { expect, it, vi } from "vitest";
import { Prisma } from "#app/generated/prisma/client";
import { queryRows } from "./db.server";

it("a connection the database ends while it is idle is reported, and the next request is answered", async () => {
  const [{ pid }] = await queryRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
  const reported = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await admin.end();
    await vi.waitFor(() => expect(reported).toHaveBeenCalledWith(expect.stringContaining("ended while idle"), expect.any(String)));
    const [{ answer }] = await queryRows<{ answer: number }>(Prisma.sql`SELECT 41 + 1 AS answer`);
    expect(answer).toBe(42);
  } finally {
    reported.mockRestore();
  }
});
