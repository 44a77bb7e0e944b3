/**
 * `no-add-url`: no `ADD <url>` in the final image. The downloaded file becomes a layer of its own that no later
 * instruction can shrink, and ADD does not unpack a remote archive; `RUN wget … && unzip … && rm …`
 * downloads, extracts and deletes in one layer.
 */
import { say } from "../../../../lib/i18n/text-ref";
import { copySources } from "../../dockerfile/copy-sources";
import type { LintRule, RuleViolation } from "../lint-rule";

export const noAddUrl: LintRule = {
  id: "no-add-url",
  level: "warning",
  summary: "no ADD of a remote URL: download, extract and delete in one RUN",
  check: ({ parsed, isInFinalImage }) =>
    parsed.instructions.flatMap((add): RuleViolation[] => {
      // A helper stage's layers are not shipped: there ADD of a URL costs nothing.
      if (add.keyword !== "ADD" || !isInFinalImage(add)) return [];
      const remote = copySources(add, parsed.escapeChar).find((s) => s.isUrl);
      if (!remote) return [];
      return [
        {
          line: add.startLine,
          message: say("lint.noAddUrl", { source: remote.source }),
        },
      ];
    }),
};
