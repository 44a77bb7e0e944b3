/**
 * `debian-frontend-env`: DEBIAN_FRONTEND is not set with ENV in the final image, where it would
 * stay for every later shell; it belongs on the RUN line that needs it (or in an ARG).
 */
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
        message:
          `ENV DEBIAN_FRONTEND=${value} stays in the image: every docker exec or docker run -it shell inherits it, and apt or dpkg-reconfigure then stop asking the questions a person would want to answer. ` +
          `Set it only for the command that needs it: RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install … (an ARG also works: it does not reach the image).`,
      })),
};
