// ESLint holds the few rules that find bugs or keep the layers apart (docs/decisions/025-lint-format-and-import-boundaries.md).
// Style is Prettier's job, types are tsc's: neither is repeated here.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Import boundaries. Each pattern matches every spelling of the same module: the `~/` alias,
// the `#app/` package import and relative paths, so the switch from `~/` to `#app/` keeps them.
const ALIAS_OR_RELATIVE = String.raw`^(?:~|#app|\.{1,2})/(?:.*/)?`;

const DATABASE = {
  regex: String.raw`(?:^|/)utils/db\.server(?:\.ts)?$`,
  message: "Routes never import the database: call a query or command in app/features/<feature>/*.server.ts (issue 17, ARCHITECTURE.md 'One action pipeline').",
};
const ROUTES = {
  regex: `${ALIAS_OR_RELATIVE}routes(?:/|$)`,
  message: "Features may not import routes: a route depends on its feature, never the other way round.",
};
const SERVER = {
  // A relative path from app/ to server/ climbs out of app/ (no folder inside app/ is named server).
  regex: String.raw`^(?:(?:~|#app)/\.\./|(?:\.\./)+)(?:.*/)?server(?:/|$)`,
  message: "app/ and server/ are separate module graphs: hand server things to Remix through getLoadContext, never by importing server/ (ARCHITECTURE.md).",
};

/** One no-restricted-imports entry per file group: in flat config a later entry replaces an earlier one, so each group lists all its patterns. */
const restrictImports = (...patterns) => ["error", { patterns: patterns.map(({ regex, message }) => ({ regex, message })) }];

export default tseslint.config(
  {
    ignores: ["build/**", "public/build/**", "public/vendor/**", "app/generated/**", ".cache/**", "data/**", "test-results/**", "node_modules/**"],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // An empty catch is how the code says "try again" (polling) or "absent is fine".
      "no-empty": ["error", { allowEmptyCatch: true }],
      // tsc already reports undefined names (with types ESLint cannot see).
      "no-undef": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // Type-only imports keep server code out of the browser bundle; mixing styles is noise.
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrictImports(SERVER) },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrictImports(SERVER, DATABASE) },
  },
  {
    files: ["app/features/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": restrictImports(SERVER, ROUTES) },
  },
);
