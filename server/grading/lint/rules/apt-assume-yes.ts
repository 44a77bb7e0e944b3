/** `apt-assume-yes`: apt-get install says -y, or it waits for an answer nobody can give during a build. */
import { say } from "../../../../lib/i18n/text-ref";
import { aptCommandsOf, assumesYes, isInstall } from "../apt-commands";
import type { LintRule } from "../lint-rule";

export const aptAssumeYes: LintRule = {
  id: "apt-assume-yes",
  level: "error",
  summary: "apt-get install has -y",
  check: (target) =>
    target.runs.flatMap((run) =>
      aptCommandsOf(target.commandsOf(run))
        .filter((apt) => isInstall(apt) && !apt.hasUnresolved && !assumesYes(apt))
        .map((apt) => ({
          line: apt.command.line,
          message: say("lint.aptAssumeYes", { tool: apt.tool }),
        })),
    ),
};
