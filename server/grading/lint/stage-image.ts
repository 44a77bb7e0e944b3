/** The base image of a stage, for the FROM rules. */
import type { Stage } from "../dockerfile/dockerfile-syntax";
import { parseImageReference, type ImageReference } from "../dockerfile/image-reference";

/** The image a stage starts from, or null for `scratch`, an earlier stage (`FROM builder`) or an unresolved variable. */
export function imageOfStage(stage: Stage): ImageReference | null {
  if (stage.parentStage !== null || stage.unresolved.length > 0 || stage.base.toLowerCase() === "scratch") return null;
  return parseImageReference(stage.base);
}

/** `FROM debian:latest`, or `FROM ${BASE} (debian:latest)` when a variable gives the image. */
export const describeFrom = (stage: Stage) => (stage.baseWritten === stage.base ? `FROM ${stage.base}` : `FROM ${stage.baseWritten} (${stage.base})`);
