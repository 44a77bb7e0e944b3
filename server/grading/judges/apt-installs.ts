/**
 * What a Dockerfile's apt commands leave installed, read statically: installs and removals in
 * order, each package with the line that installs it, plus the install lines we cannot read
 * fully (`apt-get install $PKGS` with an unknown value, `xargs apt-get install`).
 */
import type { Instruction } from "../dockerfile/dockerfile-syntax";
import { runCommandsOf } from "../dockerfile/run-commands";
import { findAptOperations } from "../shell/apt-operations";

export interface InstalledPackage {
  line: number;
  written: string;
}

export interface AptInstalls {
  /** Packages explicitly installed and not removed afterwards. */
  installed: Map<string, InstalledPackage>;
  /** Lines with an apt install, in order. */
  installLines: number[];
  /** Install arguments we could not resolve, with their line. */
  unresolved: { line: number; text: string }[];
}

export function readAptInstalls(instructions: Instruction[]): AptInstalls {
  const installed = new Map<string, InstalledPackage>();
  const installLines: number[] = [];
  const unresolved: { line: number; text: string }[] = [];
  for (const command of runCommandsOf(instructions)) {
    for (const operation of findAptOperations([command])) {
      if (operation.subcommand === "install" || operation.subcommand === "reinstall") installLines.push(command.line);
      for (const text of operation.unresolved) unresolved.push({ line: command.line, text });
      if (operation.moreFromInput) unresolved.push({ line: command.line, text: "(package names from standard input)" });
      for (const pkg of operation.packages) {
        if (pkg.action === "install") installed.set(pkg.name, { line: command.lineAt(pkg.offset), written: pkg.written });
        else installed.delete(pkg.name);
      }
    }
  }
  return { installed, installLines, unresolved };
}
