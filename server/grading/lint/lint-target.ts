/**
 * What the rules read: the parsed Dockerfile plus the helpers several rules share (the commands
 * of each RUN, computed once; which instructions end up in the final image).
 */
import type { Instruction, ParsedDockerfile } from "../dockerfile/dockerfile-syntax";
import { finalStage, stageLineage } from "../dockerfile/parse-dockerfile";
import { runInstructionCommands, type RunCommand } from "../dockerfile/run-commands";

export interface LintTarget {
  parsed: ParsedDockerfile;
  /** Every RUN instruction, all stages, in file order. */
  runs: Instruction[];
  /** The programs a RUN executes (shell form, exec form, here-document scripts), in order. */
  commandsOf(run: Instruction): RunCommand[];
  /** True for instructions of the final stage and of the stages it builds on (`FROM builder`). */
  isInFinalImage(instruction: Instruction): boolean;
}

export function createLintTarget(parsed: ParsedDockerfile): LintTarget {
  const commands = new Map<Instruction, RunCommand[]>();
  const last = finalStage(parsed);
  const finalStages = new Set(last ? stageLineage(parsed, last).map((s) => s.index) : []);
  return {
    parsed,
    runs: parsed.instructions.filter((i) => i.keyword === "RUN"),
    commandsOf(run) {
      let found = commands.get(run);
      if (!found) {
        found = runInstructionCommands(run);
        commands.set(run, found);
      }
      return found;
    },
    isInFinalImage: (instruction) => finalStages.has(instruction.stage),
  };
}
