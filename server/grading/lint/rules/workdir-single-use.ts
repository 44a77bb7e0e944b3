/**
 * `workdir-single-use`: no WORKDIR that serves a single RUN before another WORKDIR moves away
 * again (`WORKDIR /tmp`, `RUN …`, `WORKDIR /`): `RUN cd /tmp && …` says the same in one line.
 * Conservative: only that exact pattern, with the second WORKDIR an absolute path.
 */
import { processDockerfileWord } from "../../dockerfile/dockerfile-words";
import type { LintRule, RuleViolation } from "../lint-rule";

export const workdirSingleUse: LintRule = {
  id: "workdir-single-use",
  level: "info",
  summary: "no WORKDIR used for a single RUN",
  check: ({ parsed }) =>
    parsed.stages.flatMap((stage) =>
      stage.instructions.flatMap((workdir, i): RuleViolation[] => {
        const run = stage.instructions[i + 1];
        const next = stage.instructions[i + 2];
        if (workdir.keyword !== "WORKDIR" || run?.keyword !== "RUN" || next?.keyword !== "WORKDIR") return [];
        const nextPath = processDockerfileWord(next.body.trim(), next.scope, parsed.escapeChar);
        if (nextPath.unresolved.length > 0 || !nextPath.value.startsWith("/")) return [];
        const dir = workdir.body.trim();
        return [
          {
            line: workdir.startLine,
            message:
              `WORKDIR ${dir} only serves the RUN on line ${run.startLine} before line ${next.startLine} changes directory again. ` +
              `Drop this WORKDIR and change directory inside that RUN: RUN cd ${dir} && …`,
          },
        ];
      }),
    ),
};
