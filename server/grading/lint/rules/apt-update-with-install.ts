/**
 * `apt-update-with-install`: `apt-get update` and `apt-get install` run in the same RUN, update
 * first (or `apt-get install --update`, which updates itself, apt 3). An update alone is cached as its own layer and goes stale; an install without an update
 * before it relies on lists from another layer (or none).
 */
import { say } from "../../../../lib/i18n/text-ref";
import { aptCommandsOf, isInstall, isUpdate, updatesFirst } from "../apt-commands";
import type { LintRule, RuleViolation } from "../lint-rule";

export const aptUpdateWithInstall: LintRule = {
  id: "apt-update-with-install",
  level: "error",
  summary: "apt-get update and apt-get install run in the same RUN",
  check: (target) =>
    target.runs.flatMap((run): RuleViolation[] => {
      const apt = aptCommandsOf(target.commandsOf(run));
      const update = apt.find(isUpdate);
      const installs = apt.filter(isInstall);
      if (update && installs.length === 0) {
        return [
          {
            line: update.command.line,
            message: say("lint.aptUpdateAlone", { tool: update.tool }),
          },
        ];
      }
      // `apt-get install --update` updates the lists itself, right before it installs.
      const early = installs.find((i) => !updatesFirst(i) && (!update || i.index < update.index));
      if (!early) return [];
      return [
        {
          line: early.command.line,
          message: say("lint.aptInstallWithoutUpdate", { tool: early.tool }),
        },
      ];
    }),
};
