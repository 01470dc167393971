// npm run admin:create -- <email> [--name "Display name"]
// Creates an administrator and prints a one-time link to set the password (also emailed).
// Uses DATABASE_URL, or the embedded database in DATA_DIR when it is unset (stop the app first).
import path from "node:path";
import { parseArgs } from "node:util";
import { EnvError, parseEnv } from "#app/utils/env.server";
import { startEmbeddedPostgres } from "../server/database/embedded-postgres";
import { migrate } from "../server/database/migrate";

const usage = 'Usage: npm run admin:create -- <email> [--name "Display name"]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { name: { type: "string" } } });
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
if (args.positionals.length !== 1) fail(usage);

let env;
try {
  env = parseEnv();
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}

let embedded = null;
if (!env.DATABASE_URL) {
  try {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(env.DATA_DIR, "postgres"), log: () => {} });
  } catch (error) {
    // Most often the app itself holds the embedded database: say what to do, not a stack.
    fail(`${(error as Error).message}\nStop Touchstone first, then run this again (it uses the embedded database in ${env.DATA_DIR}).`);
  }
}
try {
  if (embedded) {
    await embedded.createDatabase("touchstone");
    process.env.DATABASE_URL = embedded.urlFor("touchstone");
  }
  await migrate(process.env.DATABASE_URL!);
  const { ADMIN_SET_PASSWORD_LINK_HOURS, createAdministrator } = await import("#app/features/accounts/first-administrator.server");
  const { db } = await import("#app/utils/db.server");
  const result = await createAdministrator({ email: args.positionals[0], displayName: args.values.name });
  await db.$disconnect();
  if (result.ok) {
    process.stdout.write(
      `Administrator ${args.positionals[0]} created.\n` +
        `Open this link to choose the password (it works once, within ${ADMIN_SET_PASSWORD_LINK_HOURS} hours; it has also been emailed):\n${result.link}\n`,
    );
  } else {
    process.stderr.write(`${Object.values(result.errors).flat().join("\n")}\n`);
    process.exitCode = 2;
  }
} finally {
  await embedded?.stop();
}
