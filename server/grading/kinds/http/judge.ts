/** `http`: a page answers on the published port with an accepted status and the expected body. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { HttpOutcome } from "../../evidence";
import { excerpt, listInProse, resultsFor } from "../../judges/check-result";
import { compilePattern } from "../../judges/patterns";

/** Text around a match, to show the student what the page holds. */
function around(body: string, index: number): string {
  return excerpt(body.slice(Math.max(0, index - 40), index + 80), 120);
}

export function judgeHttp(spec: CheckSpecOf<"http">, outcome: HttpOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  const expectPattern = spec.bodyPattern === undefined ? null : compilePattern(spec.bodyPattern);
  const rejectPattern = spec.rejectBodyPattern === undefined ? null : compilePattern(spec.rejectBodyPattern);
  if (expectPattern && !expectPattern.ok) return error(expectPattern.problem);
  if (rejectPattern && !rejectPattern.ok) return error(rejectPattern.problem);

  const asked = outcome.chain[0] ?? `http://localhost:${spec.port}${spec.path}`;
  const final = outcome.chain.at(-1) ?? asked;
  const route = outcome.chain.length > 1 ? ` (redirected to ${final})` : "";
  if (outcome.error || outcome.status === undefined) {
    return fail(`Expected ${asked} to answer; ${outcome.error ?? "no answer"}${route}.`);
  }
  if (!spec.expectStatus.includes(outcome.status)) {
    const leftSite = outcome.status >= 300 && outcome.status < 400 ? " (a redirect the grader did not follow)" : "";
    return fail(`Expected ${asked} to answer with status ${listInProse(spec.expectStatus.map(String), "or")}; it answered ${outcome.status}${leftSite}${route}.`);
  }
  const body = outcome.body ?? "";
  if (rejectPattern?.ok) {
    const match = rejectPattern.regex.exec(body);
    if (match) {
      return fail(`Expected the page at ${final} not to contain /${spec.rejectBodyPattern}/; it does: "${around(body, match.index)}".`);
    }
  }
  if (expectPattern?.ok && !expectPattern.regex.test(body)) {
    const title = /<title>([\s\S]*?)<\/title>/i.exec(body)?.[1];
    const seen = title ? `its title is "${excerpt(title, 80)}"` : body.trim() ? `it starts "${excerpt(body, 100)}"` : "it is empty";
    return fail(`Expected the page at ${final} to match /${spec.bodyPattern}/; ${seen}.`);
  }
  return pass(`${asked} answered ${outcome.status}${route}${spec.bodyPattern ? ` with the expected page` : ""}.`);
}
