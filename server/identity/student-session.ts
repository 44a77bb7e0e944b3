/**
 * When a student's database record is created: when their session really starts (their first
 * websocket connection, or their first state-changing request), never on a plain page view.
 * A cookie is issued on any page view (it costs nothing); a record is what a session owns.
 * And who may work on the course at all: the operator's ALLOW_ANONYMOUS decides it, here only.
 */
import { getConfig } from "../config";
import { ensureStudent, getStudent, type StudentRecord } from "../db/repositories";
import { logger } from "../logger";
import { currentAccount } from "./accounts";

export const defaultStudentName = (id: string) => `Student ${id.slice(0, 4)}`;

/** The student's record, created on first use. `id` must come from a verified cookie. */
export async function startStudentSession(id: string): Promise<StudentRecord> {
  const existing = await getStudent(id);
  if (existing) return existing;
  const created = await ensureStudent(id, defaultStudentName(id));
  logger.child({ area: "identity" }).info("new student", { studentId: id });
  return created;
}

/**
 * Whether the browser of this Cookie header may work on the course (see a step page, start a
 * session on the websocket). With anonymous work allowed (ALLOW_ANONYMOUS, the default) every
 * browser may; otherwise only a signed-in account that has chosen its own password. Joining a
 * class and signing up from its link never ask this: that is how a student gets an account.
 */
export async function mayWorkOnCourse(cookieHeader: string | null | undefined, allowAnonymous = getConfig().ALLOW_ANONYMOUS): Promise<boolean> {
  if (allowAnonymous) return true;
  const account = await currentAccount(cookieHeader);
  return account !== null && !account.mustChangePassword;
}
