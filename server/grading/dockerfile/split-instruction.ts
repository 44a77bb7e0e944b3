/**
 * Splits one logical line into keyword, leading `--flags`, body and (for exec form) the JSON
 * argument list. Invalid JSON that starts with `[` is shell form for Docker; we report it.
 */
import type { InstructionWords, LineStart } from "./dockerfile-syntax";
import type { LogicalLine } from "./read-logical-lines";

export const KNOWN_INSTRUCTIONS = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "MAINTAINER",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
]);

/** Instructions whose arguments may be a JSON array. */
const JSON_FORM_INSTRUCTIONS = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"]);
/** Those where a failed JSON parse is almost surely a mistake worth reporting. */
const EXEC_FORM_INSTRUCTIONS = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL"]);

export interface SplitInstruction extends InstructionWords {
  /** Why a `[`-starting argument list is not valid JSON. */
  jsonProblem: string | null;
  lineStarts: LineStart[];
}

function parseJsonArray(text: string): { value: string[] | null; problem: string | null } {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((item): item is string => typeof item === "string")) return { value, problem: null };
    return { value: null, problem: "the JSON array must hold strings only" };
  } catch {
    if (/'/.test(text) && !/"/.test(text)) return { value: null, problem: 'exec form needs double quotes ("), not single quotes' };
    if (!text.trimEnd().endsWith("]")) return { value: null, problem: "the closing ] is missing" };
    return { value: null, problem: "it is not valid JSON (check the quotes and commas)" };
  }
}

export function splitInstruction(line: LogicalLine): SplitInstruction {
  const match = /^(\S+)\s*/.exec(line.text);
  const written = match?.[1] ?? "";
  const argsOffset = match?.[0].length ?? 0;
  const args = line.text.slice(argsOffset).trimEnd();
  const flags: Record<string, string> = {};
  let bodyOffset = 0;
  for (;;) {
    const flag = /^--([A-Za-z0-9-]+)(?:=("[^"]*"|'[^']*'|\S*))?\s*/.exec(args.slice(bodyOffset));
    if (!flag) break;
    flags[flag[1]!] = (flag[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
    bodyOffset += flag[0].length;
  }
  const keyword = written.toUpperCase();
  const body = args.slice(bodyOffset);
  let json: string[] | null = null;
  let jsonProblem: string | null = null;
  if (JSON_FORM_INSTRUCTIONS.has(keyword) && body.startsWith("[")) {
    const parsed = parseJsonArray(body);
    json = parsed.value;
    if (EXEC_FORM_INSTRUCTIONS.has(keyword)) jsonProblem = parsed.problem;
  }
  const lineStarts = line.lineStarts.map((start) => ({ offset: Math.max(0, start.offset - argsOffset), line: start.line }));
  return { keyword, written, args, flags, body, bodyOffset, json, jsonProblem, lineStarts };
}
