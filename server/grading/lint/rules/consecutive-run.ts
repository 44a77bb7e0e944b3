/** `consecutive-run`: no RUN directly after another RUN of the same stage (same flags): one RUN makes one layer. */
import { say } from "../../../../lib/i18n/text-ref";
import type { LintRule, RuleViolation } from "../lint-rule";

const sameFlags = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export const consecutiveRun: LintRule = {
  id: "consecutive-run",
  level: "info",
  summary: "no consecutive RUN instructions that could be one",
  check: ({ parsed }) =>
    parsed.stages.flatMap((stage) =>
      stage.instructions.flatMap((run, i): RuleViolation[] => {
        const previous = stage.instructions[i - 1];
        if (run.keyword !== "RUN" || previous?.keyword !== "RUN" || !sameFlags(run.flags, previous.flags)) return [];
        return [
          {
            line: run.startLine,
            message: say("lint.consecutiveRun", { line: previous.startLine }),
          },
        ];
      }),
    ),
};
