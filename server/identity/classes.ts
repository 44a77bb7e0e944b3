/**
 * Teachers' classes, with the permission rule in one place: a teacher sees and changes only their
 * own classes, an admin every class, a student none (they only join one with its code). A class
 * the actor may not see answers "not found", so its existence is not revealed.
 */
import { randomInt } from "node:crypto";
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import {
  addClassMember,
  createClass,
  getClass,
  getClassByJoinCode,
  getProgress,
  listPracticePassedSteps,
  listClassMembers,
  listClasses,
  listFinishedStepRuns,
  listSubmissions,
  setClassDeadline,
  setClassSolutionSteps,
  setMemberExtension,
  type ClassMemberRecord,
  type ClassRecord,
} from "../db/repositories";
import { getLessonByStep } from "../lessons/load-lessons";
import { stepFailures, type StepFailures } from "../analytics/step-failures";
import { logger } from "../logger";
import { dueDateFor, markAgainstDeadline, type DeadlineMark } from "./deadlines";
import { shownEmail } from "./reserved-email";
import type { ConstraintRow } from "./class-grades-csv";
import type { SignedIn } from "./accounts";

const log = logger.child({ area: "classes" });

/** Who may run a class. */
export const TEACHING_ROLES = ["teacher", "admin"] as const;

// No 0/O, 1/I/L: a code is read off a projector and typed.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_PATTERN = /^[A-HJKMNP-Z2-9]{8}$/;

export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The join code as typed: upper-cased and trimmed, or null when it cannot be one. */
export function normalizeJoinCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  return JOIN_CODE_PATTERN.test(code) ? code : null;
}

export function joinPath(joinCode: string): string {
  return `/join/${joinCode}`;
}

export async function createTeacherClass(actor: SignedIn, input: { name: string; steps: number[] }): Promise<ClassRecord> {
  assertTeaching(actor);
  const steps = [...new Set(input.steps)].sort((a, b) => a - b);
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await createClass({ name: input.name.trim(), teacherId: actor.id, steps, joinCode: newJoinCode() });
      log.info("class created", { classId: created.id, teacherId: actor.id });
      return created;
    } catch (error) {
      // A join code already taken (1 in 800 billion per class): draw another.
      if (attempt >= 3 || (error as { code?: unknown }).code !== "P2002") throw error;
    }
  }
}

/** The classes the actor may see: their own, or all for an admin. */
export function listVisibleClasses(actor: SignedIn): Promise<ClassRecord[]> {
  assertTeaching(actor);
  return listClasses(actor.role === "admin" ? {} : { teacherId: actor.id });
}

export async function getVisibleClass(actor: SignedIn, id: string): Promise<ClassRecord> {
  assertTeaching(actor);
  const klass = await getClass(id);
  if (!klass || (actor.role !== "admin" && klass.teacherId !== actor.id)) throw new AppError("not_found", say("class.none"));
  return klass;
}

/** Puts the anonymous student (verified wb_student id, record already started) in the class with this code. */
export async function joinClassByCode(studentId: string, rawCode: string): Promise<ClassRecord> {
  const code = normalizeJoinCode(rawCode);
  const klass = code ? await getClassByJoinCode(code) : null;
  if (!klass) throw new AppError("not_found", say("join.noClass"));
  await addClassMember(klass.id, studentId);
  log.info("student joined class", { classId: klass.id, studentId });
  return klass;
}

/** The class by join code, for the join page (name and steps only are shown). */
export async function findClassByCode(rawCode: string): Promise<ClassRecord | null> {
  const code = normalizeJoinCode(rawCode);
  return code ? getClassByJoinCode(code) : null;
}

/**
 * Where a student is on a step, as the grid names it: nothing yet; Checks but none passing; a
 * practice Check passes but nothing submitted; submitted without a pass; a submission passed.
 */
export type GridState = "not-started" | "working" | "checks-passing" | "submitted" | "passed";

export interface ClassGridCell extends DeadlineMark {
  step: number;
  state: GridState;
  /** A practice Check passed in the student's own engine (feedback only, not a grade). */
  practicePassed: boolean;
  /** Runs of either mode. */
  attempts: number;
  lastCheckAt: string | null;
  /** When the step is due for this student (ISO), their extension or the class's date; null without one. */
  dueAt: string | null;
  /** dueAt is this student's own date, not the class's. */
  extended: boolean;
}

export interface ClassGridRow {
  studentId: string;
  name: string;
  email: string | null;
  lastActivityAt: string | null;
  cells: ClassGridCell[];
}

function gridState(cell: { attempts: number; passed: boolean; practicePassed: boolean }, submitted: boolean): GridState {
  if (cell.passed) return "passed";
  if (submitted) return "submitted";
  if (cell.practicePassed) return "checks-passing";
  return cell.attempts > 0 ? "working" : "not-started";
}

/** The class's students × its steps, from their check runs, each submission marked against the step's due date. */
export async function getClassGrid(actor: SignedIn, id: string): Promise<{ class: ClassRecord; rows: ClassGridRow[] }> {
  const klass = await getVisibleClass(actor, id);
  return { class: klass, rows: await gridRows(klass, await listClassMembers(klass.id)) };
}

/** The class page's figures: its grid and where its students get stuck, the class and its members read once. */
export async function getClassPage(actor: SignedIn, id: string, now = new Date()): Promise<{ class: ClassRecord; rows: ClassGridRow[]; failures: ClassStepFailures[] }> {
  const klass = await getVisibleClass(actor, id);
  const members = await listClassMembers(klass.id);
  const [rows, failures] = await Promise.all([gridRows(klass, members), failuresOf(klass, members, now)]);
  return { class: klass, rows, failures };
}

async function gridRows(klass: ClassRecord, members: ClassMemberRecord[]): Promise<ClassGridRow[]> {
  const submissions = await listSubmissions(
    members.map((m) => m.studentId),
    klass.steps,
  );
  const rows: ClassGridRow[] = [];
  for (const member of members) {
    const [progress, practicePassed] = await Promise.all([getProgress(member.studentId), listPracticePassedSteps(member.studentId)]);
    const cells = klass.steps.map((step): ClassGridCell => {
      const mine = progress.find((p) => p.step === step);
      const due = dueDateFor(step, klass.deadlines, member.extensions);
      const submitted = submissions.filter((s) => s.studentId === member.studentId && s.step === step);
      const mark = markAgainstDeadline(submitted, due);
      const counts = { attempts: mine?.attempts ?? 0, passed: mark.passed, practicePassed: practicePassed.includes(step) };
      return {
        step,
        ...mark,
        ...counts,
        state: gridState(counts, submitted.length > 0),
        lastCheckAt: mine ? mine.lastCheckAt.toISOString() : null,
        dueAt: due ? due.toISOString() : null,
        extended: member.extensions.has(step),
      };
    });
    const last =
      cells
        .map((cell) => cell.lastCheckAt)
        .filter((at): at is string => at !== null)
        .sort()
        .at(-1) ?? null;
    rows.push({ studentId: member.studentId, name: member.name, email: shownEmail(member.email), lastActivityAt: last, cells });
  }
  return rows;
}

/** A due date as a teacher sends it: an ISO date with its zone, or null to remove it. */
function parseDueAt(raw: string | null): Date | null {
  if (raw === null) return null;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()) || !/(Z|[+-]\d{2}:\d{2})$/.test(raw)) throw new AppError("bad_request", say("classForm.dueDateInvalid"));
  return date;
}

export function assertClassStep(klass: ClassRecord, step: number): void {
  if (!klass.steps.includes(step)) throw new AppError("bad_request", say("class.stepNotInClass", { step }));
}

/** Sets or removes a step's due date for the whole class (its teacher or an admin). */
export async function setStepDeadline(actor: SignedIn, id: string, step: number, rawDueAt: string | null): Promise<ClassRecord> {
  const klass = await getVisibleClass(actor, id);
  assertClassStep(klass, step);
  const dueAt = parseDueAt(rawDueAt);
  const updated = await setClassDeadline(klass.id, step, dueAt);
  log.info(dueAt ? "deadline set" : "deadline removed", { classId: klass.id, step, dueAt: dueAt?.toISOString(), by: actor.id });
  return updated;
}

/** Gives one student of the class their own due date for a step, or (null) takes it back. */
export async function setStudentExtension(actor: SignedIn, id: string, studentId: string, step: number, rawDueAt: string | null): Promise<void> {
  const klass = await getVisibleClass(actor, id);
  assertClassStep(klass, step);
  const dueAt = parseDueAt(rawDueAt);
  // Not a member: the same answer as an unknown student, whoever asks.
  if (!(await setMemberExtension(klass.id, studentId, step, dueAt))) throw new AppError("not_found", say("class.studentNotInClass"));
  log.info(dueAt ? "extension given" : "extension removed", { classId: klass.id, studentId, step, dueAt: dueAt?.toISOString(), by: actor.id });
}

/** Opens or closes a step's reference solution to the class (its teacher or an admin). */
export async function setSolutionOpen(actor: SignedIn, id: string, step: number, open: boolean): Promise<ClassRecord> {
  const klass = await getVisibleClass(actor, id);
  assertClassStep(klass, step);
  const steps = open ? [...klass.solutionSteps, step] : klass.solutionSteps.filter((s) => s !== step);
  const updated = await setClassSolutionSteps(klass.id, steps);
  log.info(open ? "reference solution opened" : "reference solution closed", { classId: klass.id, step, by: actor.id });
  return updated;
}

export interface ClassStepFailures extends StepFailures {
  step: number;
  /** The class's students' names, for the stuck list. */
  names: Record<string, string>;
}

/** The step's constraints and, per student of the class, their latest finished run of it (either mode): the per-constraint CSV. */
export async function getClassConstraintRows(actor: SignedIn, id: string, step: number): Promise<{ class: ClassRecord; constraints: { id: string; title: string }[]; rows: ConstraintRow[] }> {
  const klass = await getVisibleClass(actor, id);
  assertClassStep(klass, step);
  const members = await listClassMembers(klass.id);
  const lesson = await getLessonByStep(step);
  const constraints = (lesson?.checks.checks ?? []).map((check) => ({ id: check.id, title: check.title }));
  const runs = await listFinishedStepRuns(
    members.map((m) => m.studentId),
    step,
  );
  const latest = new Map<string, (typeof runs)[number]>();
  for (const run of runs) latest.set(run.studentId, run); // oldest first: the last one wins
  const rows = members.map((member) => {
    const run = latest.get(member.studentId);
    return { name: member.name, email: shownEmail(member.email), latest: run ? { mode: run.mode, startedAt: run.startedAt, score: run.score, results: run.results } : null };
  });
  return { class: klass, constraints, rows };
}

/** Where the class's students get stuck on each of its steps (server/analytics/step-failures.ts). */
export async function getClassFailures(actor: SignedIn, id: string, now = new Date()): Promise<ClassStepFailures[]> {
  const klass = await getVisibleClass(actor, id);
  return failuresOf(klass, await listClassMembers(klass.id), now);
}

function failuresOf(klass: ClassRecord, members: ClassMemberRecord[], now: Date): Promise<ClassStepFailures[]> {
  const names = Object.fromEntries(members.map((m) => [m.studentId, m.name]));
  const ids = members.map((m) => m.studentId);
  return Promise.all(
    klass.steps.map(async (step) => {
      const lesson = await getLessonByStep(step);
      const constraints = (lesson?.checks.checks ?? []).map((check) => ({ id: check.id, title: check.title }));
      const runs = await listFinishedStepRuns(ids, step);
      return { step, names, ...stepFailures(constraints, runs, now) };
    }),
  );
}

function assertTeaching(actor: SignedIn): void {
  if (actor.role !== "teacher" && actor.role !== "admin") throw new AppError("forbidden", say("class.onlyTeachers"));
}
