/**
 * Classes: a teacher's group of students, the steps it covers, and the code students join with.
 * Members are Student records (anonymous or signed up).
 */
import { z } from "zod";
import { getDb } from "../client";
import { readDueDates, writeDueDate } from "../../identity/deadlines";

export interface ClassRecord {
  id: string;
  name: string;
  teacherId: string;
  steps: number[];
  joinCode: string;
  /** The steps whose reference solution the teacher has opened to the class. */
  solutionSteps: number[];
  /** When each step is due (steps without a date are not in it). */
  deadlines: Map<number, Date>;
  createdAt: Date;
}

export interface ClassMemberRecord {
  studentId: string;
  name: string;
  /** The e-mail of the account the student attached their work to; null while anonymous. */
  email: string | null;
  joinedAt: Date;
  /** This student's own due dates, which replace the class's. */
  extensions: Map<number, Date>;
}

export async function createClass(input: { name: string; teacherId: string; steps: number[]; joinCode: string }): Promise<ClassRecord> {
  const row = await getDb().class.create({ data: { ...input, steps: JSON.stringify(input.steps) } });
  return toClass(row);
}

export async function getClass(id: string): Promise<ClassRecord | null> {
  const row = await getDb().class.findUnique({ where: { id } });
  return row && toClass(row);
}

export async function getClassByJoinCode(joinCode: string): Promise<ClassRecord | null> {
  const row = await getDb().class.findUnique({ where: { joinCode } });
  return row && toClass(row);
}

/** Newest first; every class when `teacherId` is undefined (an admin's view). */
export async function listClasses(filter: { teacherId?: string } = {}): Promise<ClassRecord[]> {
  const rows = await getDb().class.findMany({
    where: filter.teacherId === undefined ? {} : { teacherId: filter.teacherId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toClass);
}

/** Adds the student to the class; joining twice changes nothing. */
export async function addClassMember(classId: string, studentId: string): Promise<void> {
  await getDb().classMember.upsert({
    where: { classId_studentId: { classId, studentId } },
    create: { classId, studentId },
    update: {},
  });
}

export async function isClassMember(classId: string, studentId: string): Promise<boolean> {
  return (await getDb().classMember.count({ where: { classId, studentId } })) === 1;
}

/** The class's students in the order they joined. */
export async function listClassMembers(classId: string): Promise<ClassMemberRecord[]> {
  const rows = await getDb().classMember.findMany({
    where: { classId },
    orderBy: [{ joinedAt: "asc" }, { studentId: "asc" }],
    select: { joinedAt: true, extensions: true, student: { select: { id: true, name: true, account: { select: { email: true } } } } },
  });
  return rows.map((row) => ({
    studentId: row.student.id,
    name: row.student.name,
    email: row.student.account?.email ?? null,
    joinedAt: row.joinedAt,
    extensions: readDueDates(row.extensions),
  }));
}

/** Whether any class of the teacher has this student (what lets a teacher issue them a reset link). */
export async function teacherHasStudent(teacherId: string, studentId: string): Promise<boolean> {
  return (await getDb().classMember.count({ where: { studentId, class: { teacherId } } })) > 0;
}

/** Opens (or closes) reference solutions to the class: the steps whose solution its students see. */
export async function setClassSolutionSteps(classId: string, steps: number[]): Promise<ClassRecord> {
  const row = await getDb().class.update({ where: { id: classId }, data: { solutionSteps: JSON.stringify([...new Set(steps)].sort((a, b) => a - b)) } });
  return toClass(row);
}

/**
 * Sets (or, with null, removes) a step's due date for the class. Read and written in one
 * transaction so two teachers' changes to different steps do not undo each other.
 */
export async function setClassDeadline(classId: string, step: number, dueAt: Date | null): Promise<ClassRecord> {
  const row = await getDb().$transaction(async (tx) => {
    const current = await tx.class.findUniqueOrThrow({ where: { id: classId }, select: { deadlines: true } });
    return tx.class.update({ where: { id: classId }, data: { deadlines: writeDueDate(current.deadlines, step, dueAt) } });
  });
  return toClass(row);
}

/** Sets (or removes) one student's own due date for a step of the class; false when they are not a member. */
export async function setMemberExtension(classId: string, studentId: string, step: number, dueAt: Date | null): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    const member = await tx.classMember.findUnique({ where: { classId_studentId: { classId, studentId } }, select: { extensions: true } });
    if (!member) return false;
    await tx.classMember.update({ where: { classId_studentId: { classId, studentId } }, data: { extensions: writeDueDate(member.extensions, step, dueAt) } });
    return true;
  });
}

/** When the step is due for the student in each class of theirs that covers it and has a date (their extension first). */
export async function listStudentDueDates(studentId: string, step: number): Promise<Date[]> {
  const rows = await getDb().classMember.findMany({ where: { studentId }, select: { extensions: true, class: { select: { steps: true, deadlines: true } } } });
  return rows
    .filter((row) => readSteps(row.class.steps).includes(step))
    .map((row) => readDueDates(row.extensions).get(step) ?? readDueDates(row.class.deadlines).get(step))
    .filter((date): date is Date => date !== undefined);
}

/** Whether a class the student belongs to has opened the step's reference solution. */
export async function isSolutionOpenTo(studentId: string, step: number): Promise<boolean> {
  const rows = await getDb().classMember.findMany({ where: { studentId }, select: { class: { select: { solutionSteps: true } } } });
  return rows.some((row) => readSteps(row.class.solutionSteps).includes(step));
}

const stepsSchema = z.array(z.number().int());

/** A JSON list of steps as stored; anything else reads as none. */
function readSteps(json: string): number[] {
  try {
    const parsed = stepsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

type ClassRow = { id: string; name: string; teacherId: string; steps: string; joinCode: string; solutionSteps: string; deadlines: string; createdAt: Date };

function toClass(row: ClassRow): ClassRecord {
  return { ...row, steps: readSteps(row.steps), solutionSteps: readSteps(row.solutionSteps), deadlines: readDueDates(row.deadlines) };
}
