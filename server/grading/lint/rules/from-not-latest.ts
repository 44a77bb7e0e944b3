/** `from-not-latest`: FROM does not name the `latest` tag (a moving target); a version tag or a digest does not move. */
import type { LintRule } from "../lint-rule";
import { describeFrom, imageOfStage } from "../stage-image";

export const fromNotLatest: LintRule = {
  id: "from-not-latest",
  level: "warning",
  summary: "FROM uses a version tag or a digest rather than latest",
  check: ({ parsed }) =>
    parsed.stages.flatMap((stage) => {
      const ref = imageOfStage(stage);
      if (!ref || ref.tag !== "latest" || ref.digest !== null) return [];
      const name = stage.base.slice(0, stage.base.lastIndexOf(":"));
      return [
        {
          line: stage.from.startLine,
          message:
            `${describeFrom(stage)} follows a moving target: latest is re-pointed at each new release, so this Dockerfile will build on a different system next year. ` +
            `A version tag (${name}:<version>) stays on one release and still gets its security fixes; a digest (${name}@sha256:…) names one exact image that never changes. Pick one and write it.`,
        },
      ];
    }),
};
