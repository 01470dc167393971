import path from "node:path";
import { describe, expect, it } from "vitest";
import { rewriteSource } from "../scripts/codemod-app-imports.mjs";

const at = (file: string) => path.resolve(file);

describe("the #app/ import codemod", () => {
  it("rewrites ~/ and relative imports that land in app/, from inside and outside app/", () => {
    const source = [
      `import { db } from "~/utils/db.server";`,
      `import type { Publisher } from "../../utils/realtime";`,
      `export { notify } from "../notifications/notifications.server";`,
      `const { db: lazy } = await import("~/utils/db.server");`,
    ].join("\n");
    expect(rewriteSource(source, at("app/features/forum/rooms.server.ts"))).toEqual({
      text: [
        `import { db } from "#app/utils/db.server";`,
        `import type { Publisher } from "#app/utils/realtime";`,
        `export { notify } from "#app/features/notifications/notifications.server";`,
        `const { db: lazy } = await import("#app/utils/db.server");`,
      ].join("\n"),
      count: 4,
    });
    expect(rewriteSource(`import { db } from "../../app/utils/db.server";`, at("test/helpers/factories.ts")).text).toBe(
      `import { db } from "#app/utils/db.server";`,
    );
  });

  it("leaves same-folder imports, imports that land outside app/, packages and plain strings alone", () => {
    const source = [
      `import { roomSelect } from "./rooms.schema";`,
      `import { startScheduler } from "../../../server/scheduler";`,
      `import { createUser } from "../../../test/helpers/factories";`,
      `import { renderToString } from "react-dom/server";`,
      `const example = "~/utils/db.server";`,
    ].join("\n");
    expect(rewriteSource(source, at("app/features/forum/rooms.server.ts"))).toEqual({ text: source, count: 0 });
  });
});
