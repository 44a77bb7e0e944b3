/**
 * When a student's database record is created: when their session really starts (their first
 * websocket connection, or their first state-changing request), never on a plain page view.
 * A cookie is issued on any page view (it costs nothing); a record is what a session owns.
 */
import { ensureStudent, getStudent, type StudentRecord } from "../db/repositories";
import { logger } from "../logger";

export const defaultStudentName = (id: string) => `Student ${id.slice(0, 4)}`;

/** The student's record, created on first use. `id` must come from a verified cookie. */
export async function startStudentSession(id: string): Promise<StudentRecord> {
  const existing = await getStudent(id);
  if (existing) return existing;
  const created = await ensureStudent(id, defaultStudentName(id));
  logger.child({ area: "identity" }).info("new student", { studentId: id });
  return created;
}
