/** `from-explicit-tag`: every FROM names a tag or a digest; without one Docker silently takes `latest`. */
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
          message:
            `${describeFrom(stage)} has no tag, so Docker quietly takes ${name}:latest, whatever that is on the day you build. ` +
            `Write the tag you tested with: a version such as ${name}:<version> stays on one release, and a digest (${name}@sha256:…) names exactly one image.`,
        },
      ];
    }),
};
