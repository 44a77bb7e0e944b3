/**
 * What a Docker build would reject in a Dockerfile as it is typed (an unknown instruction such as
 * `RUNN`, FROM not first, a broken exec form), as results the editor marks on their lines. No
 * check of a step is about syntax, yet the build stops there: the student sees it before pressing
 * Check.
 */
import type { CheckResult } from "../../lib/protocol/messages";
import { parseDockerfile } from "./dockerfile/parse-dockerfile";
import { messageFields } from "./judges/check-result";

export const DOCKERFILE_SYNTAX_ID = "dockerfile-syntax";

const isDockerfile = (path: string) => /(^|\/)(Dockerfile|[^/]+\.Dockerfile|Dockerfile\.[^/]+)$/.test(path);

export function dockerfileSyntaxResults(path: string, content: string): CheckResult[] {
  if (!isDockerfile(path)) return [];
  return parseDockerfile(content)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({
      id: DOCKERFILE_SYNTAX_ID,
      title: "Docker can read the Dockerfile",
      status: "fail" as const,
      phase: "static" as const,
      ...messageFields(d.text ?? d.message),
      file: path,
      line: d.line,
    }));
}
