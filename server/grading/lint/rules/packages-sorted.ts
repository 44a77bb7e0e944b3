/**
 * `packages-sorted`: the packages of an install are listed in alphabetical order, which makes a
 * long list easy to review, to merge and to search for duplicates. The names written out are
 * judged apart from those a known variable gives (the author cannot interleave them); unknown
 * variables and globs are left out, and lists that also come from standard input (`xargs`) are
 * not judged.
 */
import { say } from "../../../../lib/i18n/text-ref";
import { aptCommandsOf, isInstall } from "../apt-commands";
import type { ResolvedArg } from "../../shell/resolve-commands";
import type { LintRule, RuleViolation } from "../lint-rule";

/** A name we can place in the order: known, not a glob (`php8.*`) nor a file (`./x.deb`). */
const isPackageName = (arg: ResolvedArg) => arg.resolved && !/[*?[\]]/.test(arg.value) && !/^[./~]/.test(arg.value) && !arg.value.endsWith(".deb");

/**
 * The lists whose order the author controls: the names written out, and apart from them the
 * names each known variable gives (`ARG PKGS="a b"`), each on its own.
 */
function orderedLists(operands: ResolvedArg[]): ResolvedArg[][] {
  const names = operands.filter(isPackageName);
  const literal = names.filter((a) => a.literal !== false);
  const byWord = new Map<number, ResolvedArg[]>();
  for (const arg of names) if (arg.literal === false) byWord.set(arg.word ?? -1, [...(byWord.get(arg.word ?? -1) ?? []), arg]);
  return [literal, ...byWord.values()].filter((list) => list.length > 1);
}

export const packagesSorted: LintRule = {
  id: "packages-sorted",
  level: "info",
  summary: "the packages of each install are in alphabetical order",
  check: (target) =>
    target.runs.flatMap((run) =>
      aptCommandsOf(target.commandsOf(run)).flatMap((apt): RuleViolation[] => {
        if (!isInstall(apt) || apt.command.moreArgsFromInput) return [];
        const outOfOrder = (list: ResolvedArg[]) => list.findIndex((arg, i) => i > 0 && arg.value.toLowerCase() < list[i - 1]!.value.toLowerCase());
        const judged = orderedLists(apt.operands).find((list) => outOfOrder(list) > 0);
        if (!judged) return [];
        const names = judged.map((a) => a.value.toLowerCase());
        const first = outOfOrder(judged);
        const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        return [
          {
            line: apt.command.lineAt(judged[first]!.offset),
            message: say("lint.packagesSorted", { tool: apt.tool, name: names[first] ?? "", previous: names[first - 1] ?? "", sorted: sorted.join(" ") }),
          },
        ];
      }),
    ),
};
