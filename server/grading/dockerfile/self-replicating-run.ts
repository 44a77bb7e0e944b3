/**
 * The first RUN of a Dockerfile that would replicate itself without end (a fork bomb, see
 * shell/self-replication.ts): in its shell form, its exec form (`["sh", "-c", "…"]`), or a
 * here-document a shell reads as its script (`RUN <<EOF`, `RUN bash <<EOF`).
 */
import { resolveCommands } from "../shell/resolve-commands";
import { findSelfReplication, type SelfReplication } from "../shell/self-replication";
import type { Instruction, ParsedDockerfile } from "./dockerfile-syntax";
import { lineAtOffset } from "./parse-dockerfile";

export interface SelfReplicatingRun {
  instruction: Instruction;
  /** Source line of the call that starts a new copy. */
  line: number;
  /** That source line as written. */
  text: string;
  found: SelfReplication;
}

const SCRIPT_READERS = new Set(["", "sh", "bash", "dash", "ash"]);
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

function inRun(run: Instruction, sourceLines: string[]): SelfReplicatingRun | null {
  const at = (found: SelfReplication, line: number): SelfReplicatingRun => ({ instruction: run, line, text: sourceLines[line - 1]?.trim() ?? "", found });
  if (run.json) {
    const found = findSelfReplication(run.json.map(quote).join(" "));
    return found ? at(found, run.startLine) : null;
  }
  const inBody = findSelfReplication(run.body);
  if (inBody) return at(inBody, lineAtOffset(run, run.bodyOffset + inBody.offset));
  const reader = resolveCommands(run.body)[0]?.name ?? "";
  if (!SCRIPT_READERS.has(reader)) return null;
  for (const heredoc of run.heredocs) {
    const found = findSelfReplication(heredoc.content);
    if (!found) continue;
    const line = heredoc.startLine + (heredoc.content.slice(0, found.offset).match(/\n/g)?.length ?? 0);
    return at(found, line);
  }
  return null;
}

export function findSelfReplicatingRun(parsed: ParsedDockerfile, source: string): SelfReplicatingRun | null {
  const sourceLines = source.split(/\r\n|\r|\n/);
  for (const run of parsed.instructions) {
    if (run.keyword !== "RUN") continue;
    const found = inRun(run, sourceLines);
    if (found) return found;
  }
  return null;
}
