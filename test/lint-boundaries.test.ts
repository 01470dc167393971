import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The import boundaries in eslint.config.js are regular expressions over import specifiers;
// these cases hold them to every spelling of the same module (`~/`, `#app/`, relative).
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, specifier: string) {
  const [result] = await eslint.lintText(`import { x } from "${specifier}";\nexport const y = x;\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import boundaries", () => {
  it.each(["~/utils/db.server", "#app/utils/db.server", "../utils/db.server", "../../utils/db.server.ts"])(
    "a route may not import the database as %s",
    async (specifier) => {
      expect(await restrictedImports("app/routes/bodies+/$slug.tsx", specifier)).toEqual([expect.stringMatching(/Routes never import the database/)]);
    },
  );

  it("a route may import a feature, and a feature, server code and tests may import the database", async () => {
    expect(await restrictedImports("app/routes/bodies+/$slug.tsx", "#app/features/governance/bodies.server")).toEqual([]);
    expect(await restrictedImports("app/features/governance/bodies.server.ts", "~/utils/db.server")).toEqual([]);
    expect(await restrictedImports("server/scheduler.ts", "#app/utils/db.server")).toEqual([]);
    expect(await restrictedImports("test/helpers/factories.ts", "../../app/utils/db.server")).toEqual([]);
  });

  it.each(["~/routes/bodies+/$slug", "#app/routes/bodies+/$slug", "../../routes/bodies+/$slug"])(
    "a feature may not import a route as %s",
    async (specifier) => {
      expect(await restrictedImports("app/features/governance/bodies.server.ts", specifier)).toEqual([expect.stringMatching(/Features may not import routes/)]);
    },
  );

  it.each([
    ["app/features/privacy/retention.server.ts", "../../../server/scheduler"],
    ["app/utils/realtime.ts", "../../server/realtime/publisher"],
    ["app/routes/forum+/rooms.$slug.tsx", "#app/../server/realtime/publisher"],
    ["app/root.tsx", "../server/app"],
  ])("%s may not import server/ as %s", async (filePath, specifier) => {
    expect(await restrictedImports(filePath, specifier)).toEqual([expect.stringMatching(/separate module graphs/)]);
  });

  it("a file in app/ may import packages whose path ends in server, and same-folder .server modules", async () => {
    expect(await restrictedImports("app/entry.server.tsx", "react-dom/server")).toEqual([]);
    expect(await restrictedImports("app/features/forum/rooms.server.ts", "./messages.server")).toEqual([]);
  });
});
