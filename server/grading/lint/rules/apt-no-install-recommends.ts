/** `apt-no-install-recommends`: apt-get install says --no-install-recommends, so only what is asked for is installed. */
import { say } from "../../../../lib/i18n/text-ref";
import { aptCommandsOf, isInstall, skipsRecommends } from "../apt-commands";
import type { LintRule } from "../lint-rule";

export const aptNoInstallRecommends: LintRule = {
  id: "apt-no-install-recommends",
  level: "warning",
  summary: "apt-get install has --no-install-recommends",
  check: (target) =>
    target.runs.flatMap((run) =>
      aptCommandsOf(target.commandsOf(run))
        .filter((apt) => isInstall(apt) && apt.operands.length > 0 && !apt.hasUnresolved && !skipsRecommends(apt))
        .map((apt) => {
          const flag = apt.tool === "aptitude" ? "--without-recommends" : "--no-install-recommends";
          return {
            line: apt.command.line,
            message: say("lint.aptNoInstallRecommends", { tool: apt.tool, flag }),
          };
        }),
    ),
};
