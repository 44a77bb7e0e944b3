/** `maintainer-deprecated`: no MAINTAINER instruction (deprecated); the author goes in a LABEL. */
import { say } from "../../../../lib/i18n/text-ref";
import type { LintRule } from "../lint-rule";

export const maintainerDeprecated: LintRule = {
  id: "maintainer-deprecated",
  level: "warning",
  summary: "no MAINTAINER: the author is a LABEL",
  check: ({ parsed }) =>
    parsed.instructions
      .filter((i) => i.keyword === "MAINTAINER")
      .map((i) => {
        const author = i.args.replace(/\s+/g, " ").replace(/"/g, "'").trim();
        return {
          line: i.startLine,
          message: say("lint.maintainer", { author }),
        };
      }),
};
