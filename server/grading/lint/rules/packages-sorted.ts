/**
 * `packages-sorted`: the packages of an install are listed in alphabetical order, which makes a
 * long list easy to review, to merge and to search for duplicates. Lists built from variables we
 * cannot read, or from standard input (`xargs`), are not judged.
 */
import { aptCommandsOf, isInstall } from "../apt-commands";
import type { LintRule, RuleViolation } from "../lint-rule";

export const packagesSorted: LintRule = {
  id: "packages-sorted",
  level: "info",
  summary: "the packages of each install are in alphabetical order",
  check: (target) =>
    target.runs.flatMap((run) =>
      aptCommandsOf(target.commandsOf(run)).flatMap((apt): RuleViolation[] => {
        if (!isInstall(apt) || apt.hasUnresolved || apt.command.moreArgsFromInput) return [];
        const names = apt.operands.map((a) => a.value.toLowerCase());
        const first = names.findIndex((name, i) => i > 0 && name < names[i - 1]!);
        if (first < 0) return [];
        const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        return [
          {
            line: apt.command.lineAt(apt.operands[first]!.offset),
            message:
              `The packages of this ${apt.tool} install are not in alphabetical order (${names[first]} comes after ${names[first - 1]}). ` +
              `A sorted list is easier to review and shows duplicates at once: ${sorted.join(" ")}`,
          },
        ];
      }),
    ),
};
