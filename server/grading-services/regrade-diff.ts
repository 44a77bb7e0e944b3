/**
 * What a teacher's re-grade compares (pure): a submission's stored result against the result of the
 * same files under the step's current checks, constraint by constraint, and the fingerprint of
 * those checks that tells whether a preview is still fresh when the teacher applies it.
 */
import { createHash } from "node:crypto";
import type { CheckResult } from "@/lib/protocol/messages";

export interface GradeOutcome {
  /** 0–100, as run-checks scores; null when the run has none. */
  score: number | null;
  passed: boolean | null;
  results: readonly CheckResult[];
}

/** One constraint whose verdict differs: `from`/`to` null when the constraint was not there (added or removed checks). */
export interface ConstraintChange {
  id: string;
  title: string;
  from: CheckResult["status"] | null;
  to: CheckResult["status"] | null;
}

export interface RegradeDiff {
  scoreChanged: boolean;
  passChanged: boolean;
  constraints: ConstraintChange[];
  /** Anything a student would notice: score, pass or a constraint's verdict. */
  changed: boolean;
}

/** Scores closer than this are the same score (floating-point sums of weights). */
const SCORE_EPSILON = 1e-6;

export function diffRegrade(before: GradeOutcome, after: GradeOutcome): RegradeDiff {
  const scoreChanged = before.score === null || after.score === null ? before.score !== after.score : Math.abs(before.score - after.score) > SCORE_EPSILON;
  const passChanged = Boolean(before.passed) !== Boolean(after.passed);
  const old = new Map(before.results.map((r) => [r.id, r]));
  const next = new Map(after.results.map((r) => [r.id, r]));
  const constraints: ConstraintChange[] = [];
  // The current checks' order first (what the teacher reads in the lesson), then the removed ones.
  for (const result of after.results) {
    const was = old.get(result.id);
    if (was?.status !== result.status) constraints.push({ id: result.id, title: result.title, from: was?.status ?? null, to: result.status });
  }
  for (const result of before.results) if (!next.has(result.id)) constraints.push({ id: result.id, title: result.title, from: result.status, to: null });
  return { scoreChanged, passChanged, constraints, changed: scoreChanged || passChanged || constraints.length > 0 };
}

/**
 * A stable hash of a step's checks (checks.yaml as loaded: object keys sorted, so a reordering of
 * keys is no change, while any changed value, added or removed check is).
 */
export function checksFingerprint(checks: unknown): string {
  return createHash("sha256").update(stableJson(checks)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
