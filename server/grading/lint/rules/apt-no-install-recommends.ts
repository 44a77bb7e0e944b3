/** `apt-no-install-recommends`: apt-get install says --no-install-recommends, so only what is asked for is installed. */
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
            message:
              `${apt.tool} install without ${flag} also installs the packages that the ones you named only "recommend", often many megabytes you never use. ` +
              `Add ${flag} and name the few extra packages you really need (ca-certificates for https downloads, for instance).`,
          };
        }),
    ),
};
