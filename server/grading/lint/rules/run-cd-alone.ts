/** `run-cd-alone`: no RUN that only changes directory; its shell ends at once, so the next instruction starts elsewhere. */
import { say } from "../../../../lib/i18n/text-ref";
import type { LintRule } from "../lint-rule";

export const runCdAlone: LintRule = {
  id: "run-cd-alone",
  level: "warning",
  summary: "no RUN that only runs cd",
  check: (target) =>
    target.runs
      .filter((run) => {
        // `RUN cd $(mktemp -d)` still only changes directory: what a substitution runs only gives cd its argument.
        const commands = target.commandsOf(run).filter((c) => !c.substituted);
        return commands.length > 0 && commands.every((c) => c.name === "cd");
      })
      .map((run) => {
        const dir = target.commandsOf(run).find((c) => !c.substituted)!.args[0]?.value ?? "~";
        return {
          line: run.startLine,
          message: say("lint.runCdAlone", { dir }),
        };
      }),
};
