/**
 * `exec-form-cmd`: the final image's CMD and ENTRYPOINT use the JSON (exec) form. The shell form
 * runs `/bin/sh -c "…"`: the shell is PID 1 and does not pass docker stop's SIGTERM on, and a
 * shell-form ENTRYPOINT ignores docker run's arguments.
 */
import type { LintRule } from "../lint-rule";

export const execFormCmd: LintRule = {
  id: "exec-form-cmd",
  level: "warning",
  summary: "CMD and ENTRYPOINT use the JSON (exec) form",
  check: (target) =>
    target.parsed.instructions
      .filter((i) => (i.keyword === "CMD" || i.keyword === "ENTRYPOINT") && i.json === null && target.isInFinalImage(i))
      .map((i) => {
        const consequence =
          i.keyword === "ENTRYPOINT"
            ? "it ignores the arguments given to docker run and the CMD, and /bin/sh becomes PID 1, which does not pass docker stop's signal on to your program"
            : "/bin/sh becomes PID 1 and does not pass docker stop's signal on to your program, which is killed after 10 seconds instead of shutting down cleanly";
        return {
          line: i.startLine,
          message:
            `${i.keyword} is written in shell form, so Docker runs it as /bin/sh -c "…": ${consequence}. ` +
            `Write the JSON form: ${i.keyword} ["program", "arg1", "arg2"] (with double quotes), or ${i.keyword} ["bash", "-c", "…"] when you need shell syntax such as && or &.`,
        };
      }),
};
