/** Students: the people using the workbench, keyed by the id their session carries. */
import { getDb } from "../client";

export type StudentRole = "student" | "teacher";

export interface StudentRecord {
  id: string;
  name: string;
  role: StudentRole;
  createdAt: Date;
  lastSeenAt: Date;
}

/** Creates the student if missing; otherwise updates the name (and the role when given). */
export async function ensureStudent(id: string, name: string, options: { role?: StudentRole } = {}): Promise<StudentRecord> {
  const row = await getDb().student.upsert({
    where: { id },
    create: { id, name, role: options.role ?? "student" },
    update: { name, ...(options.role && { role: options.role }) },
  });
  return toStudent(row);
}

export async function getStudent(id: string): Promise<StudentRecord | null> {
  const row = await getDb().student.findUnique({ where: { id } });
  return row && toStudent(row);
}

/** Records that the student was active now. Does nothing for an unknown id. */
export async function touchStudent(id: string): Promise<void> {
  await getDb().student.updateMany({ where: { id }, data: { lastSeenAt: new Date() } });
}

function toStudent(row: { id: string; name: string; role: string; createdAt: Date; lastSeenAt: Date }): StudentRecord {
  return { ...row, role: row.role === "teacher" ? "teacher" : "student" };
}
