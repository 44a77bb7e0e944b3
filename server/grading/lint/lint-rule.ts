/**
 * What a best-practice rule is: an id, a level that sets how much a violation costs in the score,
 * and a check that reads the parsed Dockerfile and returns violations, each on a source line with
 * a message for the student (what was found, what to do). Rules never throw on a learner's text.
 */
import type { LintRuleId } from "./rule-ids";
import type { LintTarget } from "./lint-target";
import type { Said } from "../judges/check-result";

/**
 * How much a rule matters on its own, whatever list the teacher put it in:
 * `error` — the build or the container misbehaves; `warning` — a bigger, slower or
 * unreproducible image; `info` — readability and layer count.
 */
export type RuleLevel = "error" | "warning" | "info";

export interface RuleViolation {
  line: number;
  /** A message of lib/i18n/texts/lint-texts.ts, so the editor can say it in the student's language. */
  message: Said;
}

export interface LintRule {
  id: LintRuleId;
  level: RuleLevel;
  /** What the rule asks, in one line (for teachers and the docs). */
  summary: string;
  check(target: LintTarget): RuleViolation[];
}
