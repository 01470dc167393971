// Copies the NHS.UK frontend stylesheet and images into public/vendor/nhsuk.
// The Frutiger @font-face rules point at a remote font host, which our CSP does not
// allow (and which may be unreachable); NHS.UK's own fallback stack (Arial) is used.
import fs from "node:fs";
import path from "node:path";

const from = path.resolve("node_modules/nhsuk-frontend/dist/nhsuk");
const to = path.resolve("public/vendor/nhsuk");
fs.mkdirSync(path.join(to, "assets"), { recursive: true });
const css = fs
  .readFileSync(path.join(from, "nhsuk-frontend.min.css"), "utf8")
  .replace(/@font-face\{[^}]*\}/g, "")
  .replaceAll("url(/assets/", "url(/vendor/nhsuk/assets/");
fs.writeFileSync(path.join(to, "nhsuk-frontend.min.css"), css);
fs.cpSync(path.join(from, "assets"), path.join(to, "assets"), { recursive: true });
