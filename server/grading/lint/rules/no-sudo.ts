/**
 * `no-sudo`: RUN does not call sudo. RUN already runs as root unless a USER line changed that,
 * and Debian images do not even ship sudo. Looks into `sh -c '…'` scripts, command substitutions
 * (`$(sudo id)`) and here-documents.
 */
import { say } from "../../../../lib/i18n/text-ref";
import type { Instruction } from "../../dockerfile/dockerfile-syntax";
import { literalValue } from "../../shell/shell-syntax";
import { parseShellCommands, type SimpleCommand } from "../../shell/split-commands";
import type { LintRule } from "../lint-rule";
import type { LintTarget } from "../lint-target";

/** Programs that run the command given after their options (`env sudo …`, `xargs sudo …`). */
const PASS_THROUGH = new Set(["env", "nohup", "exec", "command", "time", "nice", "timeout", "xargs", "stdbuf"]);
const SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh"]);
const programName = (word: string) => word.slice(word.lastIndexOf("/") + 1);

/** The scripts of a command's substitutions (`$(sudo id)`, backquotes), not `$((…))` arithmetic. */
const substitutions = (command: SimpleCommand) =>
  [...command.assignments.map((a) => a.value), ...command.words, ...command.redirects.flatMap((r) => (r.target ? [r.target] : []))].flatMap((word) =>
    word.parts.flatMap((part) => (part.kind === "command" && !part.raw.startsWith("$((") ? [part.script] : [])),
  );

/** True when a script calls sudo as a command (not as an argument such as `apt-get install sudo`). */
function scriptCallsSudo(script: string, depth = 0): boolean {
  return parseShellCommands(script).some((command) => {
    if (depth < 3 && substitutions(command).some((inner) => scriptCallsSudo(inner, depth + 1))) return true;
    const words = command.words.map((w) => literalValue(w) ?? "");
    for (let i = 0; i < words.length; i++) {
      const name = programName(words[i]!);
      if (name === "sudo") return true;
      if (SHELLS.has(name)) {
        const flag = words.findIndex((w, k) => k > i && /^-[a-z]*c[a-z]*$/.test(w));
        return flag > 0 && depth < 3 && scriptCallsSudo(words[flag + 1] ?? "", depth + 1);
      }
      if (!PASS_THROUGH.has(name)) return false;
      while (words[i + 1]?.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i + 1] ?? "")) i++;
    }
    return false;
  });
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

function callsSudo(run: Instruction): boolean {
  if (run.json) return scriptCallsSudo(run.json.map(quote).join(" "));
  if (scriptCallsSudo(run.body)) return true;
  // A here-document is a script when a shell reads it (`RUN <<EOF`, `RUN bash <<EOF`), not when `cat` writes it to a file.
  const firstWord = parseShellCommands(run.body)[0]?.words[0];
  const reader = firstWord ? programName(literalValue(firstWord) ?? "?") : "";
  return (reader === "" || SHELLS.has(reader)) && run.heredocs.some((h) => scriptCallsSudo(h.content));
}

export const noSudo: LintRule = {
  id: "no-sudo",
  level: "error",
  summary: "RUN does not use sudo",
  check: (target: LintTarget) =>
    target.runs.filter(callsSudo).map((run) => ({
      line: run.startLine,
      message: say("lint.noSudo"),
    })),
};
