/**
 * The order of a step's checks, computed from what each kind declares it needs (kind.ts `needs`)
 * plus each check's own `requires`: a check whose dependency did not pass is skipped.
 */
import type { CheckSpec } from "../check-spec";
import type { Need } from "./kind-entry";
import { kindEntry } from "./registry";

function neededChecks(need: Need<CheckSpec>, spec: CheckSpec, step: readonly CheckSpec[]): CheckSpec[] {
  if (need.unless?.(spec, step)) return [];
  const ofKinds = step.filter((c) => need.kinds.includes(c.kind));
  const accepted = need.where ? ofKinds.filter((c) => need.where!(spec, c)) : ofKinds;
  if (need.which === "every") return accepted;
  const first = accepted[0] ?? (need.otherwise === "first" ? ofKinds[0] : undefined);
  return first ? [first] : [];
}

/** Ids of the checks that must pass before `spec` runs: its `requires`, then what its kind needs. */
export function implicitDependencies(spec: CheckSpec, all: readonly CheckSpec[]): string[] {
  const ids = new Set(spec.requires);
  for (const need of kindEntry(spec.kind).needs) for (const check of neededChecks(need, spec, all)) ids.add(check.id);
  return [...ids].filter((id) => id !== spec.id);
}

/**
 * The checks in an order where each comes after what it depends on (a package check listed
 * before the build must still inspect the image that build produces), otherwise as written.
 */
export function orderByDependencies(checks: readonly CheckSpec[]): CheckSpec[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const placed = new Set<string>();
  const ordered: CheckSpec[] = [];
  const place = (check: CheckSpec, visiting: Set<string>) => {
    if (placed.has(check.id) || visiting.has(check.id)) return;
    visiting.add(check.id);
    for (const id of implicitDependencies(check, checks)) {
      const dependency = byId.get(id);
      if (dependency) place(dependency, visiting);
    }
    placed.add(check.id);
    ordered.push(check);
  };
  for (const check of checks) place(check, new Set());
  return ordered;
}
