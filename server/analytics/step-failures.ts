/**
 * Where a class gets stuck on one step, from its students' finished Check and Submit runs: what a
 * teacher reads to decide what to explain again. Pure: runs in, figures out.
 *
 * - per constraint (the step's checks, in the lesson's order): how many students passed it in
 *   their latest run, out of those who ran the step;
 * - the first failing constraint of each student whose latest run did not pass: where they are;
 * - the failure messages seen most often, grouped (numbers, quoted words and paths folded, so
 *   "line 12" and "line 14" are one message);
 * - attempts and time to a first passing run;
 * - stuck students: the same constraint failing first in their last STUCK_RUNS runs, or
 *   STUCK_MINUTES between their first run of the step and now without a pass.
 */
import type { CheckResult } from "@/lib/protocol/messages";

export const STUCK_RUNS = 3;
export const STUCK_MINUTES = 45;

export interface StepRun {
  studentId: string;
  startedAt: Date;
  passed: boolean | null;
  results: Pick<CheckResult, "id" | "status" | "message">[];
}

export interface StepConstraint {
  id: string;
  title: string;
}

export interface ConstraintFigure extends StepConstraint {
  /** Students whose latest run passed this constraint. */
  passed: number;
  /** Students whose latest run judged it (passed or failed; skipped ones are not counted). */
  judged: number;
}

export interface FrequentFailure {
  checkId: string;
  title: string;
  /** The message as one student saw it (the first seen), for reading. */
  example: string;
  runs: number;
  students: number;
}

export interface StuckStudent {
  studentId: string;
  /** The constraint failing first in their latest run. */
  checkId: string | null;
  reason: "same-failure" | "long-time";
  runs: number;
  minutes: number;
}

export interface StepFailures {
  /** Students with at least one finished run of the step. */
  students: number;
  /** Of them, those with a passing run. */
  passedStudents: number;
  constraints: ConstraintFigure[];
  /** Students whose latest run failed, by the constraint that failed first in it. */
  firstFailing: { checkId: string; title: string; students: number }[];
  frequentFailures: FrequentFailure[];
  /** Median runs up to and including the first passing one; null when nobody passed. */
  medianAttemptsToPass: number | null;
  /** Median minutes from a student's first run to their first passing one. */
  medianMinutesToPass: number | null;
  stuck: StuckStudent[];
}

/** The message's shape: numbers, quoted words and paths replaced, so one mistake is one group. */
export function messageShape(message: string): string {
  return (message.split("\n")[0] ?? "")
    .replace(/(["'`“«])[^"'`”»]{0,200}(["'`”»])/g, "…")
    .replace(/\/[\w./-]+/g, "…")
    .replace(/\d+/g, "#")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The first constraint, in the lesson's order, that failed in a run. */
function firstFailure(run: StepRun, order: Map<string, number>): string | null {
  const failed = run.results.filter((r) => r.status === "fail").sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
  return failed[0]?.id ?? null;
}

export function stepFailures(constraints: StepConstraint[], runs: StepRun[], now: Date): StepFailures {
  const order = new Map(constraints.map((c, i) => [c.id, i]));
  const titleOf = (id: string) => constraints.find((c) => c.id === id)?.title ?? id;
  const byStudent = new Map<string, StepRun[]>();
  for (const run of [...runs].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())) {
    const list = byStudent.get(run.studentId) ?? [];
    list.push(run);
    byStudent.set(run.studentId, list);
  }

  const passedCount = new Map<string, number>();
  const judgedCount = new Map<string, number>();
  const firstFailingCount = new Map<string, number>();
  const attemptsToPass: number[] = [];
  const minutesToPass: number[] = [];
  const stuck: StuckStudent[] = [];
  let passedStudents = 0;

  for (const [studentId, list] of byStudent) {
    const latest = list.at(-1)!;
    for (const result of latest.results) {
      if (result.status !== "pass" && result.status !== "fail") continue;
      judgedCount.set(result.id, (judgedCount.get(result.id) ?? 0) + 1);
      if (result.status === "pass") passedCount.set(result.id, (passedCount.get(result.id) ?? 0) + 1);
    }
    const firstPass = list.findIndex((run) => run.passed === true);
    if (firstPass >= 0) {
      passedStudents++;
      attemptsToPass.push(firstPass + 1);
      minutesToPass.push((list[firstPass]!.startedAt.getTime() - list[0]!.startedAt.getTime()) / 60_000);
    }
    if (latest.passed === true) continue;
    const failing = firstFailure(latest, order);
    if (failing) firstFailingCount.set(failing, (firstFailingCount.get(failing) ?? 0) + 1);
    if (firstPass >= 0) continue; // passed once: not stuck, whatever came after
    const lastFew = list.slice(-STUCK_RUNS);
    const minutes = (now.getTime() - list[0]!.startedAt.getTime()) / 60_000;
    if (failing && lastFew.length === STUCK_RUNS && lastFew.every((run) => firstFailure(run, order) === failing)) {
      stuck.push({ studentId, checkId: failing, reason: "same-failure", runs: list.length, minutes: Math.round(minutes) });
    } else if (minutes >= STUCK_MINUTES) {
      stuck.push({ studentId, checkId: failing, reason: "long-time", runs: list.length, minutes: Math.round(minutes) });
    }
  }

  const groups = new Map<string, FrequentFailure & { who: Set<string> }>();
  for (const run of runs) {
    for (const result of run.results) {
      if (result.status !== "fail") continue;
      const key = `${result.id}\u0000${messageShape(result.message)}`;
      const group = groups.get(key) ?? { checkId: result.id, title: titleOf(result.id), example: result.message.split("\n")[0]!.slice(0, 300), runs: 0, students: 0, who: new Set<string>() };
      group.runs++;
      group.who.add(run.studentId);
      groups.set(key, group);
    }
  }
  const frequentFailures = [...groups.values()]
    .map(({ who, ...group }) => ({ ...group, students: who.size }))
    .sort((a, b) => b.students - a.students || b.runs - a.runs)
    .slice(0, 10);

  return {
    students: byStudent.size,
    passedStudents,
    constraints: constraints.map((c) => ({ ...c, passed: passedCount.get(c.id) ?? 0, judged: judgedCount.get(c.id) ?? 0 })),
    firstFailing: [...firstFailingCount.entries()]
      .map(([checkId, students]) => ({ checkId, title: titleOf(checkId), students }))
      .sort((a, b) => b.students - a.students || (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0)),
    frequentFailures,
    medianAttemptsToPass: median(attemptsToPass),
    medianMinutesToPass: median(minutesToPass),
    // The same failure again and again first: the clearest call for help.
    stuck: stuck.sort((a, b) => (a.reason === b.reason ? b.minutes - a.minutes : a.reason === "same-failure" ? -1 : 1)),
  };
}
