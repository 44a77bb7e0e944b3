/**
 * `apt-lists-cleaned`: a RUN that installs packages into the final image ends by deleting the
 * package lists (`rm -rf /var/lib/apt/lists/*`, a folder above them such as `rm -rf /var/lib/apt`,
 * or `apt-get distclean`), in that same RUN; a cache mount on /var/lib/apt keeps them out of the
 * layer too. Earlier stages are not shipped: not checked.
 */
import { say } from "../../../../lib/i18n/text-ref";
import type { Instruction } from "../../dockerfile/dockerfile-syntax";
import type { RunCommand } from "../../dockerfile/run-commands";
import { aptCommandsOf, isInstall } from "../apt-commands";
import type { LintRule, RuleViolation } from "../lint-rule";

const LISTS = "/var/lib/apt/lists";

/**
 * A path whose removal takes the lists with it: /var/lib/apt/lists itself, its content
 * (`/var/lib/apt/lists/*`), or a folder above it (`/var/lib/apt`, `/var/lib/apt/*`).
 */
function coversLists(path: string): boolean {
  const target = path.replace(/\/+$/, "").replace(/\/\*$/, "").replace(/\/+$/, "");
  if (target === LISTS || target.startsWith(`${LISTS}/`)) return true;
  return target !== "" && target.startsWith("/") && !/[*?[]/.test(target) && LISTS.startsWith(`${target}/`);
}

function removesLists(command: RunCommand): boolean {
  if (command.name === "rm") {
    const recursive = command.args.some((a) => a.value === "--recursive" || /^-[a-zA-Z]*[rR]/.test(a.value));
    return recursive && command.args.some((a) => coversLists(a.value));
  }
  if (command.name === "find") return command.args.some((a) => coversLists(a.value)) && command.args.some((a) => a.value === "-delete" || a.value === "rm");
  return false;
}

/** `RUN --mount=type=cache,target=/var/lib/apt …` keeps the lists out of the layer (any of several --mount flags). */
const mountsAptLists = (run: Instruction) => /--mount=\S*\b(target|dst|destination)=\/var\/lib\/apt(\/lists)?\/?(,|\s|$)/.test(run.args.slice(0, run.bodyOffset));

export const aptListsCleaned: LintRule = {
  id: "apt-lists-cleaned",
  level: "warning",
  summary: "the RUN that installs packages deletes /var/lib/apt/lists/*",
  check: (target) =>
    target.runs.filter(target.isInFinalImage).flatMap((run): RuleViolation[] => {
      const commands = target.commandsOf(run);
      const apt = aptCommandsOf(commands);
      const lastInstall = apt.filter(isInstall).at(-1);
      if (!lastInstall || mountsAptLists(run)) return [];
      const later = commands.slice(lastInstall.index + 1);
      const distclean = aptCommandsOf(later).some((a) => a.subcommand === "distclean" || a.subcommand === "dist-clean");
      if (distclean || later.some(removesLists)) return [];
      return [
        {
          line: lastInstall.command.line,
          message: say("lint.aptListsCleaned", { lists: LISTS }),
        },
      ];
    }),
};
