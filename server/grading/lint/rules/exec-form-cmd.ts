/**
 * `exec-form-cmd`: the final image's CMD and ENTRYPOINT use the JSON (exec) form. The shell form
 * runs `/bin/sh -c "…"`: the shell is PID 1 and does not pass docker stop's SIGTERM on, and a
 * shell-form ENTRYPOINT ignores docker run's arguments.
 */
import { say } from "../../../../lib/i18n/text-ref";
import type { LintRule } from "../lint-rule";

export const execFormCmd: LintRule = {
  id: "exec-form-cmd",
  level: "warning",
  summary: "CMD and ENTRYPOINT use the JSON (exec) form",
  check: (target) =>
    target.parsed.instructions
      .filter((i) => (i.keyword === "CMD" || i.keyword === "ENTRYPOINT") && i.json === null && target.isInFinalImage(i))
      .map((i) => {
        const consequence = say(i.keyword === "ENTRYPOINT" ? "lint.execFormEntrypoint" : "lint.execFormCmdWhy");
        return { line: i.startLine, message: say("lint.execFormCmd", { keyword: i.keyword, consequence }) };
      }),
};
