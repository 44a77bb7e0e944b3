/**
 * Builds CheckResults. The spec's hint is attached to failures only: a passing check needs none.
 * A message given as a TextRef (lib/i18n/texts/grader-texts.ts) is kept as `text`, for the page to
 * say in the student's language, and its English is the result's `message`.
 */
import type { CheckResult, CheckStatus } from "../../../lib/protocol/messages";
import { englishOf } from "../../../lib/i18n/render-text";
import type { TextRef } from "../../../lib/i18n/text-ref";
import type { CheckSpec } from "../check-spec";
import { hintLevels } from "../kinds/spec-fields";

export type Phase = CheckResult["phase"];

export interface Location {
  file?: string;
  line?: number;
}

/** What a judge says: plain English, or a message of the catalog (said in the student's language). */
export type Said = string | TextRef;

export function checkResult(spec: CheckSpec, phase: Phase, status: CheckStatus, said: Said, location: Location = {}): CheckResult {
  const result: CheckResult = { id: spec.id, title: spec.title, status, ...messageFields(said), phase };
  if (status === "fail") Object.assign(result, hintFields(spec));
  if (location.file !== undefined) result.file = location.file;
  if (location.line !== undefined && location.line > 0) result.line = location.line;
  return result;
}

/** A result's `message` (English) and, for a catalog message, its `text`. */
export function messageFields(said: Said): Pick<CheckResult, "message" | "text"> {
  return typeof said === "string" ? { message: said } : { message: englishOf(said), text: said };
}

/** A result's hint fields: the answer (`hint`, the last level) and, for levelled hints, every level. */
export function hintFields(spec: CheckSpec): Pick<CheckResult, "hint" | "hints"> {
  const levels = hintLevels(spec);
  if (levels.length === 0) return {};
  return spec.hints ? { hint: levels.at(-1), hints: levels } : { hint: levels.at(-1) };
}

/** Shorthands bound to one spec and phase. */
export function resultsFor(spec: CheckSpec, phase: Phase) {
  return {
    pass: (message: Said, location?: Location) => checkResult(spec, phase, "pass", message, location),
    fail: (message: Said, location?: Location) => checkResult(spec, phase, "fail", message, location),
    skip: (message: Said, location?: Location) => checkResult(spec, phase, "skip", message, location),
    error: (message: Said, location?: Location) => checkResult(spec, phase, "error", message, location),
    /** Cannot be judged where the grading runs (not the student's doing): shown, not counted. */
    notJudgedHere: (message: Said) => ({ ...checkResult(spec, phase, "skip", message), notJudgedHere: true as const }),
  };
}

/** "a", "a and b", "a, b and c". */
export function listInProse(items: string[], last = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${last} ${items.at(-1)}`;
}

/** Shortens text for a message, keeping its start. */
export function excerpt(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
