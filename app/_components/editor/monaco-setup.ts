/**
 * Loads Monaco from the local package (never a CDN) with only what the workbench needs: the
 * editor API, the editor features, and syntax colouring for the languages of a Docker course.
 * Imported only by the client-only editor (next/dynamic with ssr: false).
 *
 * monaco-editor 0.57 exports "monaco-editor/*" as esm/vs/*.js; the old "esm/vs/..." specifiers
 * no longer resolve. The JSON/CSS/HTML/TypeScript language services are not loaded, so the base
 * editor worker is the only worker.
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/features/register.all";
import "monaco-editor/languages/definitions/dockerfile/register";
import "monaco-editor/languages/definitions/yaml/register";
import "monaco-editor/languages/definitions/shell/register";
import "monaco-editor/languages/definitions/markdown/register";
import "monaco-editor/languages/definitions/ini/register";
import "monaco-editor/languages/definitions/php/register";
import "monaco-editor/languages/definitions/mysql/register";

globalThis.MonacoEnvironment = {
  getWorker: () => new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module", name: "monaco-editor" }),
};

loader.config({ monaco });

/**
 * Visual Studio's dark and light themes with comments readable on the editor's background
 * (≥ 4.5:1, WCAG AA): the course's starter files are mostly comments. Chosen by the page's theme.
 */
export const EDITOR_THEMES = { dark: "workbench-dark", light: "workbench-light" } as const;
monaco.editor.defineTheme(EDITOR_THEMES.dark, {
  base: "vs-dark",
  inherit: true,
  rules: [{ token: "comment", foreground: "8CBF73" }],
  colors: {},
});
monaco.editor.defineTheme(EDITOR_THEMES.light, {
  base: "vs",
  inherit: true,
  rules: [{ token: "comment", foreground: "3B6E22" }],
  colors: { "editor.background": "#FFFFFF", "editorLineNumber.foreground": "#5B6B7C" },
});

export { monaco };
