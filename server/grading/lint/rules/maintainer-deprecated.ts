/** `maintainer-deprecated`: no MAINTAINER instruction (deprecated); the author goes in a LABEL. */
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
          message: `MAINTAINER is deprecated: Docker only keeps it for old files. Write the author as a label instead: LABEL maintainer="${author}".`,
        };
      }),
};
