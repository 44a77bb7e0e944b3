/**
 * A Dockerfile parser for grading: instructions with their line ranges, stages (with `AS` names
 * and ARG substitution in FROM), ENV/ARG values, comments and the closing comment block.
 * Problems a Docker build would reject (unknown instruction, FROM missing first, broken exec form)
 * become diagnostics with lines; the parser never throws on a learner's text.
 */
import { englishOf } from "../../../lib/i18n/render-text";
import { say, type TextRef } from "../../../lib/i18n/text-ref";
import { parseArgVariables, parseEnvVariables } from "./declared-variables";
import type { DeclaredVariable, Diagnostic, Instruction, ParsedDockerfile, Stage } from "./dockerfile-syntax";
import { processDockerfileWord, splitDockerfileWords } from "./dockerfile-words";
import { readLogicalLines, type LogicalLine } from "./read-logical-lines";
import { KNOWN_INSTRUCTIONS, splitInstruction } from "./split-instruction";

/** A diagnostic's message: its English and the catalog message it says. */
const said = (text: TextRef) => ({ message: englishOf(text), text });

const looksLikeShellCommand = (word: string) => /^[a-z][a-z0-9._+-]*$/.test(word) && !KNOWN_INSTRUCTIONS.has(word.toUpperCase());

/** Variables by name; undefined when the value cannot be known (`ARG X` without default, `ENV Y=$UNSET`). */
type Variables = Map<string, string | undefined>;

interface StageState {
  stage: Stage;
  args: Variables;
  env: Variables;
}

function visibleScope(state: { args: Variables; env: Variables }): Map<string, string> {
  const scope = new Map<string, string>();
  for (const [name, value] of state.args) if (value !== undefined) scope.set(name, value);
  for (const [name, value] of state.env) {
    if (value === undefined) scope.delete(name);
    else scope.set(name, value);
  }
  return scope;
}

/** A declared value that refers to variables we do not know is unknown, not what it looks like with them empty. */
const knownValue = (variable: DeclaredVariable) => (variable.unresolved.length > 0 ? undefined : variable.value);

function parseFrom(instruction: Instruction, globalScope: ReadonlyMap<string, string>, escapeChar: string, diagnostics: Diagnostic[]) {
  const words = splitDockerfileWords(instruction.body, escapeChar);
  const hasAlias = words.length === 3 && words[1]!.toUpperCase() === "AS";
  if (words.length !== 1 && !hasAlias) {
    diagnostics.push({
      line: instruction.startLine,
      severity: "error",
      ...said(say("syntax.fromWords", { line: instruction.startLine, args: instruction.args })),
    });
  }
  const written = words[0] ?? "";
  const processed = processDockerfileWord(written, globalScope, escapeChar);
  if (written && processed.value === "") {
    diagnostics.push({
      line: instruction.startLine,
      severity: "error",
      message: `FROM ${written} names no image: ${processed.unresolved.map((v) => `$${v}`).join(", ") || "the variable"} has no value (declare it with a default, e.g. ARG ${processed.unresolved[0] ?? "BASE"}=debian:latest, before the first FROM)`,
    });
  }
  return { written, base: processed.value, unresolved: processed.unresolved, name: hasAlias ? words[2]!.toLowerCase() : null };
}

function makeInstruction(line: LogicalLine, stage: number, scope: ReadonlyMap<string, string>): { instruction: Instruction; jsonProblem: string | null } {
  const split = splitInstruction(line);
  const instruction: Instruction = {
    keyword: split.keyword,
    written: split.written,
    args: split.args,
    flags: split.flags,
    body: split.body,
    bodyOffset: split.bodyOffset,
    json: split.json,
    heredocs: line.heredocs,
    startLine: line.startLine,
    endLine: line.endLine,
    lineStarts: split.lineStarts,
    stage,
    variables: [],
    scope,
  };
  return { instruction, jsonProblem: split.jsonProblem };
}

export function parseDockerfile(source: string): ParsedDockerfile {
  const reading = readLogicalLines(source);
  const { escapeChar } = reading;
  const diagnostics = [...reading.diagnostics];
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  const globalArgValues = new Map<string, string | undefined>();
  /** Global ARG values for the stages (`ARG NAME` re-declared in a stage): unknown when they refer to unknown variables. */
  const globalArgKnown: Variables = new Map();
  const stageStates: StageState[] = [];
  let current: StageState | null = null;

  for (const [index, line] of reading.logicalLines.entries()) {
    const scope = current ? visibleScope(current) : visibleScope({ args: globalArgValues, env: new Map() });
    const { instruction, jsonProblem } = makeInstruction(line, current ? current.stage.index : -1, scope);
    const { keyword, startLine } = instruction;

    if (!KNOWN_INSTRUCTIONS.has(keyword)) {
      const previous = reading.logicalLines[index - 1];
      const forgotContinuation = previous && looksLikeShellCommand(instruction.written) && previous.endLine === startLine - 1;
      diagnostics.push({
        line: startLine,
        endLine: instruction.endLine,
        severity: "error",
        ...said(
          forgotContinuation
            ? say("syntax.unknownContinuation", { keyword: instruction.written.toUpperCase(), line: startLine, escape: escapeChar, previous: previous.endLine })
            : say("syntax.unknown", { keyword: instruction.written.toUpperCase(), line: startLine }),
        ),
      });
      continue;
    }
    // Every instruction takes at least one argument.
    if (instruction.args.trim() === "" && instruction.heredocs.length === 0) {
      diagnostics.push({ line: startLine, severity: "error", ...said(say("syntax.noArguments", { keyword, line: startLine })) });
    }
    if (jsonProblem) {
      diagnostics.push({
        line: startLine,
        endLine: instruction.endLine,
        severity: "error",
        message: `${keyword} on line ${startLine} starts with [ but ${jsonProblem}; Docker would run it as the shell command ${instruction.body}`,
      });
    }
    instructions.push(instruction);

    if (keyword === "FROM") {
      const from = parseFrom(instruction, visibleScope({ args: globalArgValues, env: new Map() }), escapeChar, diagnostics);
      const parentStage = stages.findIndex((s) => s.name !== null && s.name === from.base.toLowerCase());
      const stage: Stage = {
        index: stages.length,
        name: from.name,
        from: instruction,
        baseWritten: from.written,
        base: from.base,
        unresolved: from.unresolved,
        parentStage: parentStage >= 0 ? parentStage : null,
        instructions: [instruction],
      };
      instruction.stage = stage.index;
      stages.push(stage);
      const inheritedEnv: Variables = parentStage >= 0 ? new Map(stageStates[parentStage]!.env) : new Map();
      current = { stage, args: new Map(), env: inheritedEnv };
      stageStates.push(current);
      continue;
    }
    if (!current) {
      if (keyword === "ARG") {
        const declared = parseArgVariables(instruction.body, scope, escapeChar);
        instruction.variables = declared.variables;
        for (const variable of declared.variables) {
          globalArgValues.set(variable.name, variable.value);
          globalArgKnown.set(variable.name, knownValue(variable));
        }
        globalArgs.push(instruction);
      } else {
        diagnostics.push({
          line: startLine,
          severity: "error",
          ...said(say("syntax.beforeFrom", { keyword, line: startLine })),
        });
      }
      continue;
    }
    current.stage.instructions.push(instruction);
    if (keyword === "ENV") {
      const declared = parseEnvVariables(instruction.body, scope, escapeChar);
      instruction.variables = declared.variables;
      if (declared.problem) diagnostics.push({ line: startLine, severity: "error", message: `Line ${startLine}: ${declared.problem}` });
      for (const variable of declared.variables) current.env.set(variable.name, knownValue(variable) === undefined ? undefined : (variable.value ?? ""));
    } else if (keyword === "ARG") {
      const declared = parseArgVariables(instruction.body, scope, escapeChar, globalArgValues);
      instruction.variables = declared.variables;
      // What later instructions may rely on: a global ARG re-declared here brings its value only when that value is known.
      for (const variable of parseArgVariables(instruction.body, scope, escapeChar, globalArgKnown).variables) current.args.set(variable.name, knownValue(variable));
    }
  }

  if (stages.length === 0) {
    diagnostics.push({ line: 1, severity: "error", ...said(say("syntax.noFrom")) });
  }
  // Unknown instructions count too: a command written without its `#` is not a comment.
  const lastLine = reading.logicalLines.at(-1)?.endLine ?? 0;
  return {
    escapeChar,
    directives: reading.directives,
    instructions,
    stages,
    globalArgs,
    comments: reading.comments,
    trailingComments: reading.comments.filter((c) => c.line > lastLine),
    diagnostics: diagnostics.sort((a, b) => a.line - b.line),
    lineCount: reading.lineCount,
  };
}

/** The stage that makes the image (the last one). */
export const finalStage = (parsed: ParsedDockerfile): Stage | undefined => parsed.stages.at(-1);

/** A stage and the stages it builds on (`FROM builder`), base first. */
export function stageLineage(parsed: ParsedDockerfile, stage: Stage): Stage[] {
  const lineage: Stage[] = [];
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.parentStage === null ? undefined : parsed.stages[s.parentStage]) {
    seen.add(s.index);
    lineage.unshift(s);
  }
  return lineage;
}

/** The instructions that shape the final image: the final stage's and those of the stages it builds on. */
export function finalImageInstructions(parsed: ParsedDockerfile): Instruction[] {
  const stage = finalStage(parsed);
  return stage ? stageLineage(parsed, stage).flatMap((s) => s.instructions) : [];
}

/** The source line of an offset within an instruction's `args`. */
export function lineAtOffset(instruction: Instruction, offset: number): number {
  let line = instruction.startLine;
  for (const start of instruction.lineStarts) if (start.offset <= offset) line = start.line;
  return line;
}
