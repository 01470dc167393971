#!/usr/bin/env node
// One-off rewrite of imports into app/ to the `#app/*` spelling (package.json "imports"):
//   "~/utils/forms"                      -> "#app/utils/forms"
//   "../../utils/forms" (from app/features/x/) -> "#app/utils/forms"
//   "../../app/utils/db.server" (from test/helpers/) -> "#app/utils/db.server"
// Same-folder and descending imports ("./x", "./sub/x") stay as they are: they move with their folder.
// Relative imports that land outside app/ (test/helpers, server/realtime) stay too: there is no alias for them.
//
//   node scripts/codemod-app-imports.mjs [--dry-run] [--root <dir>] [folder ...]
//
// --root runs it over another checkout (a copy, to try it); folders default to app server test scripts prisma.
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const rootIndex = args.indexOf("--root");
const root = path.resolve(rootIndex >= 0 ? args[rootIndex + 1] : ".");
const folders = args.filter((arg, i) => !arg.startsWith("--") && (rootIndex < 0 || i !== rootIndex + 1));
const appDir = path.join(root, "app");
const SKIP = new Set(["node_modules", "generated", "build", "fixtures"]);

/** Module specifiers in the places an import can name a module: `from "x"`, `import "x"`, `import("x")`, `vi.mock("x")`. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*|\bimport\s*\(\s*|\bvi\.(?:mock|doMock|importActual)\(\s*)(["'])([^"'\n]+)\2/g;

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(?:ts|tsx|mjs|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield full;
  }
}

/** The `#app/...` spelling of a specifier, or null when it should stay as it is. */
export function rewriteSpecifier(specifier, file) {
  if (specifier.startsWith("~/")) return `#app/${specifier.slice(2)}`;
  if (!specifier.startsWith("../")) return null;
  const target = path.resolve(path.dirname(file), specifier);
  const fromApp = path.relative(appDir, target);
  if (fromApp === "" || fromApp.startsWith("..") || path.isAbsolute(fromApp)) return null;
  return `#app/${fromApp.split(path.sep).join("/")}`;
}

export function rewriteSource(source, file) {
  let count = 0;
  const text = source.replace(SPECIFIER, (whole, before, quote, specifier) => {
    const rewritten = rewriteSpecifier(specifier, file);
    if (!rewritten) return whole;
    count++;
    return `${before}${quote}${rewritten}${quote}`;
  });
  return { text, count };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  let files = 0;
  let imports = 0;
  for (const folder of folders.length ? folders : ["app", "server", "test", "scripts", "prisma"]) {
    const dir = path.join(root, folder);
    if (!fs.existsSync(dir)) continue;
    for (const file of sourceFiles(dir)) {
      const source = fs.readFileSync(file, "utf8");
      const { text, count } = rewriteSource(source, file);
      if (count === 0) continue;
      files++;
      imports += count;
      if (dryRun) console.log(`${path.relative(root, file)}: ${count}`);
      else fs.writeFileSync(file, text);
    }
  }
  console.log(`${dryRun ? "would rewrite" : "rewrote"} ${imports} imports in ${files} files`);
}
