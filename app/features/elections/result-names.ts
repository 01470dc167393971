/**
 * Renaming one candidate in a declared result (when their account is deleted), found by their
 * position in `candidates`, never by searching the result's text: a count names candidates in
 * the candidate list, in who was elected or excluded at each stage, in the draws, and in the
 * words of a stage ("Exclusion of A, B: papers at 0.5", "Surplus of A"). Another candidate's
 * name that contains this one, a number that reads like it or a word of the stage descriptions
 * stays as it is. Pure: no database.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The words before the names in a stage's description (app/features/elections/counting/stv.ts). */
const NAMES_AFTER = ["Exclusion of ", "Surplus of "];
/** What may follow a name in a stage's description. */
const AFTER_A_NAME = [", ", ":", " (no papers)"];

/**
 * The result with the candidate at `index` called `name` (or `name (n)`, n their position, if
 * another candidate already has that name, as repeated names are written at the count), and
 * the name it replaced; unchanged, with `from` null, if the result names no one there.
 */
export function renameCandidate(result: unknown, index: number, name: string): { result: unknown; from: string | null; to: string } {
  if (!isObject(result) || !Array.isArray(result.candidates)) return { result, from: null, to: name };
  const candidates = result.candidates;
  const from = candidates[index];
  if (typeof from !== "string") return { result, from: null, to: name };
  const to = candidates.some((c, i) => i !== index && c === name) ? `${name} (${index + 1})` : name;
  const swap = (value: Json): Json => (value === from ? to : value);
  const swapAll = (value: Json | undefined): Json | undefined => (Array.isArray(value) ? value.map(swap) : value);
  const names = candidates.filter((c): c is string => typeof c === "string");
  const renamed: JsonObject = {
    ...result,
    candidates: candidates.map((c, i) => (i === index ? to : c)),
    ...(Array.isArray(result.elected) ? { elected: result.elected.map(swap) } : {}),
  };
  if (Array.isArray(result.stages))
    renamed.stages = result.stages.map((stage) =>
      isObject(stage)
        ? {
            ...stage,
            ...(typeof stage.action === "string" ? { action: renameInAction(stage.action, names, from, to) } : {}),
            ...(Array.isArray(stage.elected) ? { elected: swapAll(stage.elected)! } : {}),
            ...(Array.isArray(stage.excluded) ? { excluded: swapAll(stage.excluded)! } : {}),
          }
        : stage,
    );
  if (Array.isArray(result.draws))
    renamed.draws = result.draws.map((draw) =>
      isObject(draw) ? { ...draw, ...(Array.isArray(draw.among) ? { among: swapAll(draw.among)! } : {}), chosen: swap(draw.chosen ?? null) } : draw,
    );
  return { result: renamed, from, to };
}

/**
 * A stage's description with the name replaced where the count wrote a candidate's name: the
 * list of names after "Exclusion of " or "Surplus of ", read name by name (the longest
 * candidate name that fits, then ", " and the next).
 */
export function renameInAction(action: string, names: string[], from: string, to: string): string {
  const prefix = NAMES_AFTER.find((p) => action.startsWith(p));
  if (!prefix) return action;
  let rest = action.slice(prefix.length);
  let out = prefix;
  for (;;) {
    const name = names.filter((n) => n.length > 0 && rest.startsWith(n) && endsAName(rest.slice(n.length))).sort((a, b) => b.length - a.length)[0];
    if (name === undefined) break;
    out += name === from ? to : name;
    rest = rest.slice(name.length);
    if (!rest.startsWith(", ")) break;
    out += ", ";
    rest = rest.slice(2);
  }
  return out + rest;
}

function endsAName(after: string): boolean {
  return after === "" || AFTER_A_NAME.some((a) => after.startsWith(a));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
