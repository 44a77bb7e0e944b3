// Lint rules that hold the design, not the style: the grader's pure core stays free of Docker, the
// database, the lessons and the configuration (type imports excepted), and no module imports
// itself back through a cycle. `npm run lint` runs it; `.ci/run` runs it in its typecheck stage.
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

/** The pure check engine: it knows only the files, the evidence and the specs. */
// Everything under server/grading; the services that feed it (Check, live lint, Submit, the CLI,
// snapshots, the content-test harness) live in server/grading-services and may use anything.
const PURE_GRADING_CORE = ["server/grading/**/*.ts"];

export default [
  { ignores: ["node_modules/**", ".next/**", "server/db/generated/**", "test-results/**", "data/**", "**/*.mjs", "**/*.js"] },
  // Some files keep `no-control-regex` directives for editors running ESLint's recommended rules.
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: "latest", sourceType: "module" } },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
      // no-cycle parses the imported files too: with the TypeScript parser.
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/extensions": [".ts", ".tsx"],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: ["app/**/*.tsx", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: PURE_GRADING_CORE,
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/sandbox/**", "**/db/**", "**/lessons/**", "**/config", "**/workspace/**", "**/grading-services/**", "dockerode", "@/server/sandbox/**", "@/server/db/**"],
              allowTypeImports: true,
              message: "The grading core is pure: it gets evidence through GradingSandbox, never Docker, the database, the lessons, the configuration or the services around it (a type import is fine).",
            },
          ],
        },
      ],
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
  },
];
