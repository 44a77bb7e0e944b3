/**
 * Runs the chosen best-practice rules over a parsed Dockerfile and scores the result.
 *
 * Score: 100 minus a penalty for each violation found by any rule that ran (required or
 * advisory), by the rule's level — error 20, warning 10, info 5 — and never below 0. A rule that
 * fires on three RUNs costs three times. Only the rules listed in the spec run.
 */
import type { LintFinding } from "../../../lib/protocol/messages";
import { messageFields } from "../judges/check-result";
import type { ParsedDockerfile } from "../dockerfile/dockerfile-syntax";
import type { RuleLevel } from "./lint-rule";
import { LINT_RULES } from "./lint-rules";
import { createLintTarget } from "./lint-target";
import { LINT_RULE_IDS, type LintRuleId } from "./rule-ids";

export const LEVEL_PENALTY: Readonly<Record<RuleLevel, number>> = { error: 20, warning: 10, info: 5 };

export interface LintReport {
  /** Required findings first, then advice; each group by line. */
  findings: LintFinding[];
  /** 0–100. */
  score: number;
  /** Ids of the rules that ran, in the linter's order. */
  rulesRun: LintRuleId[];
}

/** Lints with `required` rules (violations fail) and `advisory` ones (reported only). A rule in both lists is required. */
export function lintDockerfile(parsed: ParsedDockerfile, required: readonly LintRuleId[], advisory: readonly LintRuleId[] = []): LintReport {
  const target = createLintTarget(parsed);
  const rulesRun = LINT_RULE_IDS.filter((id) => required.includes(id) || advisory.includes(id));
  const findings: LintFinding[] = [];
  let penalty = 0;
  for (const id of rulesRun) {
    const rule = LINT_RULES[id];
    const severity = required.includes(id) ? "required" : "advice";
    const seen = new Set<string>();
    for (const violation of rule.check(target)) {
      const said = messageFields(violation.message);
      const key = `${violation.line}\n${said.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ line: violation.line, rule: id, ...said, severity });
      penalty += LEVEL_PENALTY[rule.level];
    }
  }
  const rank = (f: LintFinding) => (f.severity === "required" ? 0 : 1);
  findings.sort((a, b) => rank(a) - rank(b) || a.line - b.line);
  return { findings, score: Math.max(0, 100 - penalty), rulesRun };
}
