/**
 * What parseDockerfile produces. Line numbers are 1-based; offsets index an instruction's `args`.
 */

import type { TextRef } from "../../../lib/i18n/text-ref";

export type Severity = "error" | "warning";

export interface Diagnostic {
  line: number;
  endLine?: number;
  severity: Severity;
  message: string;
  /** The message as a catalog TextRef (lib/i18n/texts/grader-texts.ts), when it has one: the editor says it in the student's language. */
  text?: TextRef;
}

export interface Heredoc {
  /** Delimiter word, e.g. EOF. */
  name: string;
  content: string;
  /** `<<-EOF`: leading tabs were removed from the body. */
  stripTabs: boolean;
  /** `<<"EOF"`: no variable expansion in the body. */
  quoted: boolean;
  /** First line of the body (the line after the instruction's last line), and the terminator line. */
  startLine: number;
  endLine: number;
}

export interface DeclaredVariable {
  name: string;
  /** The value after Dockerfile quote removal and substitution; undefined for `ARG NAME` without default. */
  value: string | undefined;
  /** Variables the value referred to that had no known value. */
  unresolved: string[];
}

/** Where a physical line's text starts within an instruction's `args`. */
export interface LineStart {
  offset: number;
  line: number;
}

/** An instruction's words: what splitting its logical line yields. */
export interface InstructionWords {
  /** Upper-case keyword, e.g. "RUN". */
  keyword: string;
  /** The keyword as written ("run", "Run"…). */
  written: string;
  /** Everything after the keyword, continuation lines joined and comment lines dropped. */
  args: string;
  /** Leading `--name=value` flags (FROM, RUN, COPY, ADD). */
  flags: Record<string, string>;
  /** `args` without the leading flags. */
  body: string;
  /** Offset of `body` within `args`. */
  bodyOffset: number;
  /** Exec (JSON) form arguments, or null for shell form. */
  json: string[] | null;
}

export interface Instruction extends InstructionWords {
  heredocs: Heredoc[];
  startLine: number;
  /** Last line of the instruction, here-document bodies included. */
  endLine: number;
  lineStarts: LineStart[];
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
  /** ENV and ARG: the variables declared. */
  variables: DeclaredVariable[];
  /** Variables (ARG and ENV of its stage) visible when this instruction runs. */
  scope: ReadonlyMap<string, string>;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name, or null. */
  name: string | null;
  from: Instruction;
  /** The base image as written (`${BASE}`) and after substitution (`debian:latest`). */
  baseWritten: string;
  base: string;
  /** Variables in the FROM line without a value. */
  unresolved: string[];
  /** Index of an earlier stage this one builds on (`FROM builder`), or null for an image. */
  parentStage: number | null;
  instructions: Instruction[];
}

export interface CommentLine {
  line: number;
  /** The comment text after `#`. */
  text: string;
}

export interface ParsedDockerfile {
  escapeChar: "\\" | "`";
  /** Parser directives (`# syntax=…`, `# escape=…`), keys lower-cased. */
  directives: Record<string, string>;
  instructions: Instruction[];
  stages: Stage[];
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  comments: CommentLine[];
  /** Comment lines after the last instruction (all comments when there is none). */
  trailingComments: CommentLine[];
  diagnostics: Diagnostic[];
  lineCount: number;
}
