/** `apt-no-upgrade`: no apt-get upgrade / dist-upgrade / full-upgrade in the image. */
import { say } from "../../../../lib/i18n/text-ref";
import { aptCommandsOf, UPGRADE_SUBCOMMANDS } from "../apt-commands";
import type { LintRule } from "../lint-rule";

export const aptNoUpgrade: LintRule = {
  id: "apt-no-upgrade",
  level: "warning",
  summary: "no apt-get upgrade or dist-upgrade",
  check: (target) =>
    target.runs.flatMap((run) =>
      aptCommandsOf(target.commandsOf(run))
        .filter((apt) => UPGRADE_SUBCOMMANDS.has(apt.subcommand))
        .map((apt) => ({
          line: apt.command.line,
          message: say("lint.aptNoUpgrade", { tool: apt.tool, subcommand: apt.subcommand ?? "" }),
        })),
    ),
};
