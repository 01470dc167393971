import { defineConfig } from "prisma/config";

// The CLI is used offline only (generate, validate, format, migrate diff); migrations are
// applied by server/database/migrate.ts (see docs/decisions/002-offline-migrations.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
