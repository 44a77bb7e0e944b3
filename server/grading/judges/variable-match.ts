/**
 * Matches variables against checks.yaml variable specs: the names are the student's choice, so a
 * variable is identified by its exact value and, when given, a case-insensitive name pattern.
 */
import type { z } from "zod";
import type { variableSpecSchema } from "../kinds/spec-fields";
import { compilePattern } from "./patterns";

export type VariableSpec = z.infer<typeof variableSpecSchema>;

export function matchesVariable(spec: VariableSpec, name: string, value: string | undefined): boolean {
  if (spec.value !== undefined && value !== spec.value) return false;
  if (spec.keyPattern !== undefined) {
    const pattern = compilePattern(spec.keyPattern, "i");
    if (!pattern.ok || !pattern.regex.test(name)) return false;
  }
  return true;
}

/** "the MySQL password (value tempo)". */
export function describeVariable(spec: VariableSpec): string {
  const details = [spec.value !== undefined ? `value ${spec.value}` : null, spec.keyPattern ? `name matching /${spec.keyPattern}/` : null].filter(Boolean);
  return details.length ? `${spec.describe} (${details.join(", ")})` : spec.describe;
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
