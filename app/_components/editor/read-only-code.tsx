"use client";
/**
 * Monaco showing one file that cannot be changed (a teacher reading a student's submission):
 * syntax colours, line numbers and search, Tab leaving the editor. Loaded with next/dynamic
 * ({ ssr: false }) only, like the workbench's editor.
 */
import Editor from "@monaco-editor/react";
import { EDITOR_THEMES } from "./monaco-setup";
import { languageForPath } from "./language-for-path";

const OPTIONS = {
  readOnly: true,
  domReadOnly: true,
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  tabFocusMode: true,
  fontSize: 14,
} as const;

export default function ReadOnlyCode({ modelPath, path, content, theme, ariaLabel }: { modelPath: string; path: string; content: string; theme: "light" | "dark"; ariaLabel: string }) {
  return <Editor height="24rem" path={modelPath} value={content} language={languageForPath(path)} theme={EDITOR_THEMES[theme]} options={{ ...OPTIONS, ariaLabel }} />;
}
