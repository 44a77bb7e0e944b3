/** `from-explicit-tag`: every FROM names a tag or a digest; without one Docker silently takes `latest`. */
import { say } from "../../../../lib/i18n/text-ref";
import type { LintRule } from "../lint-rule";
import { describeFrom, imageOfStage } from "../stage-image";

export const fromExplicitTag: LintRule = {
  id: "from-explicit-tag",
  level: "warning",
  summary: "FROM names a tag or a digest",
  check: ({ parsed }) =>
    parsed.stages.flatMap((stage) => {
      const ref = imageOfStage(stage);
      if (!ref || ref.tag !== null || ref.digest !== null) return [];
      const name = stage.base;
      return [
        {
          line: stage.from.startLine,
          message: say("lint.fromNoTag", { from: describeFrom(stage), name }),
        },
      ];
    }),
};
