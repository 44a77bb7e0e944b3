/**
 * The programs a Dockerfile's RUN instructions execute, each with the source line it is on:
 * shell form (with the ARG/ENV values visible to it), exec form, and here-document scripts
 * (`RUN <<EOF … EOF`, `RUN bash <<EOF`).
 */
import { resolveArgv, resolveCommands, type ResolvedCommand } from "../shell/resolve-commands";
import type { Heredoc, Instruction } from "./dockerfile-syntax";
import { lineAtOffset } from "./parse-dockerfile";

export interface RunCommand extends ResolvedCommand {
  instruction: Instruction;
  /** Source line of the command. */
  line: number;
  /** Source line of an offset in the command's script (e.g. an argument's). */
  lineAt: (offset: number) => number;
}

const SCRIPT_READERS = new Set(["", "sh", "bash", "dash", "ash"]);

function heredocLine(heredoc: Heredoc, offset: number): number {
  return heredoc.startLine + (heredoc.content.slice(0, offset).match(/\n/g)?.length ?? 0);
}

/** The commands of one RUN instruction. */
export function runInstructionCommands(instruction: Instruction): RunCommand[] {
  const at = (command: ResolvedCommand, lineAt: (offset: number) => number): RunCommand => ({
    ...command,
    instruction,
    line: lineAt(command.offset),
    lineAt,
  });
  if (instruction.json) {
    return resolveArgv(instruction.json, instruction.scope).map((c) => at(c, () => instruction.startLine));
  }
  const commands = resolveCommands(instruction.body, instruction.scope);
  const bodyLine = (offset: number) => lineAtOffset(instruction, instruction.bodyOffset + offset);
  const result = commands.map((c) => at(c, bodyLine));
  // A here-document read by a shell (`RUN <<EOF`, `RUN bash <<EOF`) is a script of its own.
  const first = commands[0];
  const readsScript = instruction.heredocs.length > 0 && (!first || SCRIPT_READERS.has(first.name));
  if (readsScript) {
    const heredoc = instruction.heredocs[0]!;
    // The shell expands the script's variables at run time, whether or not the marker is quoted.
    const script = resolveCommands(heredoc.content, instruction.scope);
    const fromScript = script.map((c) => at(c, (offset) => heredocLine(heredoc, offset)));
    return [...result.filter((c) => c.name !== "" && !SCRIPT_READERS.has(c.name)), ...fromScript];
  }
  return result;
}

/** The commands of every RUN in `instructions`, in order. */
export function runCommandsOf(instructions: Instruction[]): RunCommand[] {
  return instructions.filter((i) => i.keyword === "RUN").flatMap(runInstructionCommands);
}
