/** `http`: a page answers on the published port with an accepted status and the expected body. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { HttpOutcome } from "../../evidence";
import { excerpt, resultsFor } from "../../judges/check-result";
import { listOf, say, type TextValue } from "../../../../lib/i18n/text-ref";
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
  const route: TextValue = outcome.chain.length > 1 ? say("http.redirected", { url: final }) : "";
  if (outcome.error || outcome.status === undefined) {
    return fail(say("http.noAnswer", { url: asked, error: outcome.error || say("http.nothing"), route }));
  }
  if (!spec.expectStatus.includes(outcome.status)) {
    const note = outcome.status >= 300 && outcome.status < 400 ? say("http.notFollowed") : "";
    return fail(say("http.status", { url: asked, expected: listOf(spec.expectStatus.map(String), "or"), status: outcome.status, note, route }));
  }
  const body = outcome.body ?? "";
  if (rejectPattern?.ok) {
    const match = rejectPattern.regex.exec(body);
    if (match) {
      return fail(say("http.rejected", { url: final, pattern: spec.rejectBodyPattern ?? "", excerpt: around(body, match.index) }));
    }
  }
  if (expectPattern?.ok && !expectPattern.regex.test(body)) {
    const title = /<title>([\s\S]*?)<\/title>/i.exec(body)?.[1];
    const seen = title ? say("http.seenTitle", { title: excerpt(title, 80) }) : body.trim() ? say("http.seenStart", { start: excerpt(body, 100) }) : say("http.seenEmpty");
    return fail(say("http.noMatch", { url: final, pattern: spec.bodyPattern ?? "", seen }));
  }
  return pass(say(spec.bodyPattern ? "http.passPage" : "http.pass", { url: asked, status: outcome.status, route }));
}
