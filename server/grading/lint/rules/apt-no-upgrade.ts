/** `apt-no-upgrade`: no apt-get upgrade / dist-upgrade / full-upgrade in the image. */
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
          message:
            `${apt.tool} ${apt.subcommand} upgrades every package of the base image inside your layer: the image grows and its content depends on the day you build. ` +
            `Remove it; get updates from the base image instead (a newer tag, docker build --pull) and install only the packages you need.`,
        })),
    ),
};
