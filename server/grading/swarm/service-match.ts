/** Whether a swarm service is the one a check means: its name within its stack and/or its image (case-insensitive regexes). */
import { compilePattern } from "../judges/patterns";
import type { SwarmServiceMatch } from "./swarm-spec-fields";

export function matchesService(service: { shortName: string; image: string }, match: SwarmServiceMatch): boolean {
  const name = match.name === undefined ? null : compilePattern(match.name, "i");
  const image = match.image === undefined ? null : compilePattern(match.image, "i");
  if (name && (!name.ok || !name.regex.test(service.shortName))) return false;
  if (image && (!image.ok || !image.regex.test(service.image))) return false;
  return true;
}
