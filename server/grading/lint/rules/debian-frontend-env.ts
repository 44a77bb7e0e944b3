/**
 * `debian-frontend-env`: DEBIAN_FRONTEND is not set with ENV in the final image, where it would
 * stay for every later shell; it belongs on the RUN line that needs it (or in an ARG).
 */
import { say } from "../../../../lib/i18n/text-ref";
import type { LintRule } from "../lint-rule";

export const debianFrontendEnv: LintRule = {
  id: "debian-frontend-env",
  level: "warning",
  summary: "DEBIAN_FRONTEND is set on the RUN line, not with ENV",
  check: (target) =>
    target.parsed.instructions
      .filter((i) => i.keyword === "ENV" && target.isInFinalImage(i))
      .flatMap((env) => env.variables.filter((v) => v.name === "DEBIAN_FRONTEND").map((v) => ({ env, value: v.value ?? "" })))
      .map(({ env, value }) => ({
        line: env.startLine,
        message: say("lint.debianFrontendEnv", { value }),
      })),
};
