/**
 * Matches variables against checks.yaml variable specs: the names are the student's choice, so a
 * variable is identified by its exact value and, when given, a case-insensitive name pattern.
 */
import type { z } from "zod";
import type { variableSpecSchema } from "../kinds/spec-fields";
import { compilePattern } from "./patterns";
import { listOf, say, type TextValue } from "../../../lib/i18n/text-ref";
import { phraseOf } from "../check-phrases";

export type VariableSpec = z.infer<typeof variableSpecSchema>;

export function matchesVariable(spec: VariableSpec, name: string, value: string | undefined): boolean {
  if (spec.value !== undefined && value !== spec.value) return false;
  if (spec.keyPattern !== undefined) {
    const pattern = compilePattern(spec.keyPattern, "i");
    if (!pattern.ok || !pattern.regex.test(name)) return false;
  }
  return true;
}

/** "the MySQL password (value tempo)", its describe said in the page's language (`check` is the check that quotes it). */
export function describeVariable(spec: VariableSpec, check: { id: string }): TextValue {
  const details: TextValue[] = [];
  if (spec.value !== undefined) details.push(say("variable.value", { value: spec.value }));
  if (spec.keyPattern) details.push(say("variable.namePattern", { pattern: spec.keyPattern }));
  const describe = phraseOf(check, spec.describe);
  return details.length ? say("variable.detailed", { describe, details: listOf(details) }) : describe;
}

/** The first invalid key pattern among the specs, as a message, or null. */
export function invalidKeyPattern(specs: VariableSpec[]): string | null {
  for (const spec of specs) {
    if (spec.keyPattern === undefined) continue;
    const pattern = compilePattern(spec.keyPattern, "i");
    if (!pattern.ok) return pattern.problem;
  }
  return null;
}
