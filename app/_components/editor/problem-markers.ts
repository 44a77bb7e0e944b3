/**
 * What the editor underlines in one file, as plain data (the Monaco view turns it into markers):
 * check and lint results that name this file, every finding of a lint check (also when the check
 * passes), and YAML syntax errors found as the student types. Pure: no Monaco, no DOM.
 */
import { parseAllDocuments } from "yaml";
import type { CheckResult } from "@/lib/protocol/messages";

export type ProblemSeverity = "error" | "warning";

export type Problem = {
  severity: ProblemSeverity;
  /** 1-based. Without columns the whole line is marked. */
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  source: string;
  code?: string;
};

/** A lone hint rides along; levelled hints (`hints`) are revealed one at a time in the results panel, never here. */
const withHint = (result: CheckResult) => (result.hint && !result.hints ? `${result.message}\nHint: ${result.hint}` : result.message);

/**
 * One result as problems in `path`: a lint check's findings one by one (required ones are errors,
 * advice is a warning), otherwise the result's line when it failed.
 */
export function problemsOfResult(result: CheckResult, path: string, failSeverity: ProblemSeverity): Problem[] {
  if (result.file !== path) return [];
  if (result.findings && result.findings.length > 0) {
    return result.findings.map((finding) => ({
      severity: finding.severity === "required" ? "error" : "warning",
      line: finding.line,
      message: finding.message,
      source: `${result.title} (${finding.severity === "required" ? "required" : "advice"})`,
      code: finding.rule,
    }));
  }
  if (result.line === undefined || (result.status !== "fail" && result.status !== "error")) return [];
  return [{ severity: failSeverity, line: result.line, message: withHint(result), source: result.title, code: result.id }];
}

/**
 * Problems in `path` from the live lint answer for that file and from the last Check. A static
 * check the lint answer re-evaluated is taken from the lint answer only (it is fresher); the
 * Check still contributes the dynamic results.
 */
export function problemsForFile(path: string, lintResults: readonly CheckResult[] | undefined, checkResults: readonly CheckResult[]): { lint: Problem[]; check: Problem[] } {
  const relinted = new Set((lintResults ?? []).map((result) => result.id));
  return {
    // A static check that fails as the student types is a constraint not met (an unknown
    // instruction, a wrong base image): an error, like the Check's. Lint advice stays a warning.
    lint: (lintResults ?? []).flatMap((result) => problemsOfResult(result, path, "error")),
    check: checkResults.filter((result) => !relinted.has(result.id)).flatMap((result) => problemsOfResult(result, path, "error")),
  };
}

/** YAML syntax errors (and warnings) of a file's text, each at its line and column. */
export function yamlSyntaxProblems(text: string): Problem[] {
  let documents;
  try {
    documents = parseAllDocuments(text, { prettyErrors: false });
  } catch (error) {
    return [{ severity: "error", line: 1, message: `This file cannot be read as YAML: ${(error as Error).message}`, source: "YAML" }];
  }
  const list = Array.isArray(documents) ? documents : [documents];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === "\n") lineStarts.push(i + 1);
  const contentEnd = text.trimEnd().length;
  const at = (offset: number) => {
    // An error "at the end" (a missing quote or bracket) is shown after the last character typed.
    const o = Math.max(0, Math.min(offset, text.length));
    const pos = o >= contentEnd && contentEnd > 0 ? contentEnd - 1 : o;
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= pos) line += 1;
    return { line: line + 1, column: pos - lineStarts[line]! + 1 };
  };
  const problems: Problem[] = [];
  for (const document of list) {
    for (const [issues, severity] of [
      [document.errors, "error"],
      [document.warnings, "warning"],
    ] as const) {
      for (const issue of issues) {
        const start = at(issue.pos[0]);
        let end = at(Math.max(issue.pos[1], issue.pos[0] + 1));
        if (end.line === start.line && end.column - start.column <= 1) {
          // A one-character position: underline the rest of the line, so the mark can be seen.
          const lineText = text.slice(lineStarts[start.line - 1], lineStarts[start.line] ?? text.length).replace(/\s+$/, "");
          end = { line: start.line, column: Math.max(lineText.length + 1, start.column + 1) };
        }
        problems.push({
          severity,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: Math.max(end.column, start.line === end.line ? start.column + 1 : end.column),
          message: firstLine(issue.message),
          source: "YAML",
          code: issue.code,
        });
      }
    }
  }
  return problems;
}

const firstLine = (message: string) => message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
