/**
 * Who may see a teacher page, decided on the server from the request's cookie: nobody signed in
 * is sent to sign in, an account with a one-time password to choose its own, a student gets
 * "not found" (no teacher page exists for them), a teacher or an admin sees it.
 */
import { currentAccount, type SignedIn } from "./accounts";

export type TeacherPageAccess = { kind: "sign-in" } | { kind: "change-password" } | { kind: "not-found" } | { kind: "allowed"; account: SignedIn };

export async function teacherPageAccess(cookieHeader: string | null | undefined): Promise<TeacherPageAccess> {
  const account = await currentAccount(cookieHeader);
  if (!account) return { kind: "sign-in" };
  if (account.mustChangePassword) return { kind: "change-password" };
  if (account.role !== "teacher" && account.role !== "admin") return { kind: "not-found" };
  return { kind: "allowed", account };
}
