/**
 * Classes: a teacher's group of students, the steps it covers, and the code students join with.
 * Members are Student records (anonymous or signed up).
 */
import { z } from "zod";
import { getDb } from "../client";

export interface ClassRecord {
  id: string;
  name: string;
  teacherId: string;
  steps: number[];
  joinCode: string;
  /** The steps whose reference solution the teacher has opened to the class. */
  solutionSteps: number[];
  createdAt: Date;
}

export interface ClassMemberRecord {
  studentId: string;
  name: string;
  /** The e-mail of the account the student attached their work to; null while anonymous. */
  email: string | null;
  joinedAt: Date;
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
    select: { joinedAt: true, student: { select: { id: true, name: true, account: { select: { email: true } } } } },
  });
  return rows.map((row) => ({ studentId: row.student.id, name: row.student.name, email: row.student.account?.email ?? null, joinedAt: row.joinedAt }));
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

function toClass(row: { id: string; name: string; teacherId: string; steps: string; joinCode: string; solutionSteps: string; createdAt: Date }): ClassRecord {
  return { ...row, steps: readSteps(row.steps), solutionSteps: readSteps(row.solutionSteps) };
}
