import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { singleton } from "./singleton.server";

function createClient() {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one.");
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 20 }) });
}

export const db = singleton("prisma", createClient);
export type Db = typeof db;
