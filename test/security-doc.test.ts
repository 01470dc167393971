import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { FLOOD_LIMITS } from "#app/utils/flood-control.server";
import { PERMISSIONS, ROLE_PERMISSIONS } from "#app/utils/permissions";

// docs/security.md is the model people read; these tables must say what the code does.
const doc = fs.readFileSync("docs/security.md", "utf8");

function tableRows(marker: string): string[][] {
  const section = new RegExp(`<!-- ${marker}:start -->([\\s\\S]*?)<!-- ${marker}:end -->`).exec(doc);
  if (!section) throw new Error(`docs/security.md has no ${marker} table`);
  return section[1]
    .trim()
    .split("\n")
    .slice(2)
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe("docs/security.md", () => {
  it("lists every permission with exactly the roles that hold it", () => {
    const documented = Object.fromEntries(tableRows("permissions").map(([permission, roles]) => [permission.replaceAll("`", ""), roles.split(", ").sort()]));
    const actual = Object.fromEntries(
      PERMISSIONS.map((permission) => [
        permission,
        Object.entries(ROLE_PERMISSIONS)
          .filter(([, permissions]) => permissions.includes(permission))
          .map(([role]) => role)
          .sort(),
      ]),
    );
    expect(documented).toEqual(actual);
  });

  it("gives the per-account posting limits the code enforces", () => {
    const documented = tableRows("flood-limits").map(([action, max, per]) => [action, Number(max), per]);
    const actual = Object.entries(FLOOD_LIMITS).map(([action, limit]) => [action, limit.max, `${limit.windowMinutes} minutes`]);
    expect(documented).toEqual(actual);
  });
});
