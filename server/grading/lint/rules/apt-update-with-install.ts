/**
 * `apt-update-with-install`: `apt-get update` and `apt-get install` run in the same RUN, update
 * first (or `apt-get install --update`, which updates itself, apt 3). An update alone is cached as its own layer and goes stale; an install without an update
 * before it relies on lists from another layer (or none).
 */
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
            message:
              `${update.tool} update runs in a RUN without an install. Docker caches that layer, so when you later change the install line the old package lists are reused and downloads fail or bring outdated packages. ` +
              `Update and install in the same RUN: ${update.tool} update && ${update.tool} install -y …`,
          },
        ];
      }
      // `apt-get install --update` updates the lists itself, right before it installs.
      const early = installs.find((i) => !updatesFirst(i) && (!update || i.index < update.index));
      if (!early) return [];
      return [
        {
          line: early.command.line,
          message:
            `${early.tool} install runs without ${early.tool} update before it in the same RUN, so it depends on package lists from another, cached layer (or on none: Debian images ship without them). ` +
            `Start this RUN with ${early.tool} update && …`,
        },
      ];
    }),
};
