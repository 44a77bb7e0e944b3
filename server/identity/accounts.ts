/**
 * Signing in and out, changing and resetting passwords, and signing up from a join link. Route
 * handlers call these; permissions are checked here, on the server, never in the page. Sign-up,
 * sign-in, sessions and sign-out are better-auth's (./auth.ts); our rate limits, roles, one-time
 * passwords and teacher-issued reset links are around it.
 */
import { isAPIError } from "better-auth/api";
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import {
  consumePasswordReset,
  createAccount,
  createPasswordReset,
  deleteAccountSessions,
  getAccountByEmail,
  getAccountByStudent,
  getClassByJoinCode,
  getPasswordHash,
  getStudent,
  isClassMember,
  isDuplicateAccount,
  isPasswordResetUsable,
  setPassword,
  teacherHasStudent,
  type AccountRecord,
  type AccountRole,
} from "../db/repositories";
import { logger } from "../logger";
import { getAuth, signedSessionCookieValue } from "./auth";
import { AUTH_COOKIE, hashToken, newToken } from "./auth-cookie";
import { hashPassword, newOneTimePassword, verifyPassword } from "./passwords";
import { FailureLimiter, PER_ACCOUNT, PER_ADDRESS } from "./sign-in-limiter";
import { readCookie } from "./student-cookie";

const log = logger.child({ area: "identity" });

/** What a page or route may know of the signed-in person (never the hash). */
export interface SignedIn {
  id: string;
  email: string;
  role: AccountRole;
  mustChangePassword: boolean;
  studentId: string | null;
  /** The id of this request's session (better-auth's session row), or of what stood for it (an API token). */
  sessionId: string;
}

/** What signing in or up answers: the value of the session cookie to set (auth-cookie.ts), and who. */
export interface OpenedSession {
  token: string;
  account: SignedIn;
}

/** How long a reset link works. */
export const RESET_LINK_TTL_MS = 24 * 3_600_000;

// One pair per process, shared by every module instance that imports this file (Next.js bundles
// route code apart from the custom server).
const limiters = ((globalThis as { __wbSignInLimiters?: { account: FailureLimiter; address: FailureLimiter } }).__wbSignInLimiters ??= {
  account: new FailureLimiter(PER_ACCOUNT),
  address: new FailureLimiter(PER_ADDRESS),
});

/** Forgets every failed sign-in (tests). */
export function resetSignInLimitsForTests(): void {
  limiters.account = new FailureLimiter(PER_ACCOUNT);
  limiters.address = new FailureLimiter(PER_ADDRESS);
}

/**
 * Checks the password and opens a session. One message for an unknown e-mail and a wrong password;
 * refused (429) while the e-mail or the address has too many recent failures, even with the right
 * password, so guessing gets nowhere.
 */
export async function signIn(input: { email: string; password: string; address: string }): Promise<OpenedSession> {
  const emailKey = input.email.trim().toLowerCase();
  const wait = Math.max(limiters.account.retryAfterMs(emailKey), limiters.address.retryAfterMs(input.address));
  if (wait > 0) {
    log.warn("sign-in refused: too many failures", { address: input.address });
    throw new AppError("rate_limited", say("auth.tooManySignIns", { minutes: Math.ceil(wait / 60_000) }));
  }
  let token: string;
  try {
    // better-auth answers an unknown e-mail after hashing the password anyway, so the time taken does not tell which e-mails have accounts.
    ({ token } = await getAuth().api.signInEmail({ body: { email: emailKey, password: input.password } }));
  } catch (error) {
    // UNAUTHORIZED (no such account, no password, wrong password) or BAD_REQUEST (not an e-mail, too long): one answer for all.
    if (!isAPIError(error) || (error.status !== "UNAUTHORIZED" && error.status !== "BAD_REQUEST")) throw error;
    limiters.account.recordFailure(emailKey);
    limiters.address.recordFailure(input.address);
    log.info("sign-in failed", { address: input.address });
    throw new AppError("unauthorized", say("auth.noMatch"));
  }
  limiters.account.reset(emailKey);
  return opened(token);
}

/** Opens a session for an account already authenticated elsewhere (an LMS launch: server/lti/). */
export async function openSession(account: AccountRecord): Promise<OpenedSession> {
  const context = await getAuth().$context;
  const session = await context.internalAdapter.createSession(account.id);
  if (!session) throw new Error(`better-auth made no session for account ${account.id}`);
  return opened(session.token);
}

/** The cookie value and account of a session better-auth just made. */
async function opened(sessionToken: string): Promise<OpenedSession> {
  const token = await signedSessionCookieValue(sessionToken);
  const account = await currentAccount(`${AUTH_COOKIE}=${token}`);
  if (!account) throw new Error("a session just made was not found");
  log.info("signed in", { accountId: account.id, role: account.role });
  return { token, account };
}

/**
 * The signed-in account of a Cookie header, or null: better-auth checks the cookie's signature,
 * finds the session and refuses an expired one (and deletes it).
 */
export async function currentAccount(cookieHeader: string | null | undefined): Promise<SignedIn | null> {
  if (!cookieHeader || !readCookie(cookieHeader, AUTH_COOKIE)) return null;
  let found: Awaited<ReturnType<ReturnType<typeof getAuth>["api"]["getSession"]>>;
  try {
    found = await getAuth().api.getSession({ headers: new Headers({ cookie: cookieHeader }), query: { disableCookieCache: true, disableRefresh: true } });
  } catch (error) {
    // A Cookie header better-auth cannot read is the client's doing: nobody is signed in.
    if (isAPIError(error)) return null;
    throw error;
  }
  if (!found) return null;
  const { user, session } = found;
  return toSignedIn({ id: user.id, email: user.email, role: user.role, mustChangePassword: user.mustChangePassword ?? false, studentId: user.studentId ?? null }, session.id);
}

/**
 * The signed-in account, with one of `roles`: 401 when nobody is signed in, 403 for another role
 * or while the account must still change its one-time password.
 */
export async function requireAccount(cookieHeader: string | null | undefined, roles: readonly AccountRole[]): Promise<SignedIn> {
  const account = await currentAccount(cookieHeader);
  if (!account) throw new AppError("unauthorized", say("auth.signInFirst"));
  if (account.mustChangePassword) throw new AppError("forbidden", say("auth.choosePasswordFirst"));
  if (!roles.includes(account.role)) throw new AppError("forbidden", say("auth.notAllowed"));
  return account;
}

/** Deletes the session of this Cookie header (the cookie is cleared by the route). */
export async function signOut(cookieHeader: string | null | undefined): Promise<void> {
  if (!cookieHeader || !readCookie(cookieHeader, AUTH_COOKIE)) return;
  await getAuth().api.signOut({ headers: new Headers({ cookie: cookieHeader }) });
}

/**
 * Changes the signed-in account's password (the one-time one at first sign-in, or by choice on
 * /account) and signs out its other sessions; answers how many. The current password is asked
 * again, so a browser left signed in cannot lock its owner out; a wrong one counts as a failed
 * sign-in for the account's e-mail, and changing is refused while that e-mail is locked.
 */
export async function changePassword(account: SignedIn, currentPassword: string, newPassword: string): Promise<{ signedOutElsewhere: number }> {
  const emailKey = account.email.toLowerCase();
  const wait = limiters.account.retryAfterMs(emailKey);
  if (wait > 0) throw new AppError("rate_limited", say("auth.tooManyWrongPasswords", { minutes: Math.ceil(wait / 60_000) }));
  const stored = await getPasswordHash(account.id);
  if (!stored || !(await verifyPassword(stored, currentPassword))) {
    limiters.account.recordFailure(emailKey);
    log.info("password change refused: wrong current password", { accountId: account.id });
    throw new AppError("forbidden", say("auth.currentPasswordWrong"));
  }
  if (newPassword === currentPassword) throw new AppError("bad_request", say("auth.samePassword"));
  await setPassword(account.id, await hashPassword(newPassword), { mustChange: false });
  const signedOutElsewhere = await deleteAccountSessions(account.id, account.sessionId);
  log.info("password changed", { accountId: account.id, signedOutElsewhere });
  return { signedOutElsewhere };
}

/**
 * A one-time reset link's token for the account with `email`. An admin may issue one for anyone;
 * a teacher only for a student of one of their classes. The caller shows it once; only its hash
 * is kept.
 */
export async function issuePasswordReset(actor: SignedIn, email: string): Promise<{ token: string; expiresAt: Date }> {
  const target = await getAccountByEmail(email);
  const allowed = !!target && (actor.role === "admin" || (actor.role === "teacher" && target.role === "student" && !!target.studentId && (await teacherHasStudent(actor.id, target.studentId))));
  // One answer for "no such account" and "not yours": a teacher cannot probe for e-mails.
  if (!target || !allowed) throw new AppError("not_found", say("account.noStudentWithEmail"));
  const token = newToken();
  const expiresAt = new Date(Date.now() + RESET_LINK_TTL_MS);
  await createPasswordReset({ tokenHash: hashToken(token), accountId: target.id, createdById: actor.id, expiresAt });
  log.info("password reset issued", { accountId: target.id, by: actor.id });
  return { token, expiresAt };
}

export function isResetTokenUsable(token: string): Promise<boolean> {
  return isPasswordResetUsable(hashToken(token));
}

/** Sets a new password through a reset link (once), and signs the account out everywhere. */
export async function resetPassword(token: string, newPassword: string): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  const accountId = await consumePasswordReset(hashToken(token));
  if (!accountId) throw new AppError("not_found", say("auth.resetLinkExpired"));
  await setPassword(accountId, passwordHash, { mustChange: false });
  await deleteAccountSessions(accountId);
  log.info("password reset used", { accountId });
}

/**
 * Sign-up by join link: the anonymous student (their verified wb_student id), a member of the
 * class with this join code, gets an account that owns their Student record, so all they did
 * stays theirs. Signs them in.
 */
export async function signUpStudent(input: { studentId: string; joinCode: string; email: string; password: string }): Promise<OpenedSession> {
  const klass = await getClassByJoinCode(input.joinCode);
  if (!klass || !(await getStudent(input.studentId)) || !(await isClassMember(klass.id, input.studentId))) {
    throw new AppError("forbidden", say("auth.joinBeforeSignUp"));
  }
  if (await getAccountByStudent(input.studentId)) throw new AppError("conflict", say("auth.workHasAccount"));
  let token: string | null;
  try {
    ({ token } = await getAuth().api.signUpEmail({
      body: { name: "", email: input.email.trim().toLowerCase(), password: input.password, role: "student", studentId: input.studentId, mustChangePassword: false },
    }));
  } catch (error) {
    if (isDuplicateAccount(error) || (isAPIError(error) && error.body?.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")) throw new AppError("conflict", say("auth.emailHasAccount"));
    throw error;
  }
  if (!token) throw new Error("better-auth signed up without a session");
  const session = await opened(token);
  log.info("student signed up", { accountId: session.account.id, studentId: input.studentId });
  return session;
}

/** For the operator's CLI: a new account with a one-time password it must change at first sign-in. */
export async function createAccountWithOneTimePassword(email: string, role: AccountRole): Promise<{ account: AccountRecord; password: string }> {
  const password = newOneTimePassword();
  try {
    const account = await createAccount({ email, passwordHash: await hashPassword(password), role, mustChangePassword: true });
    return { account, password };
  } catch (error) {
    if (isDuplicateAccount(error)) throw new AppError("conflict", say("account.emailTaken", { email }));
    throw error;
  }
}

function toSignedIn(account: { id: string; email: string; role: string; mustChangePassword: boolean; studentId: string | null }, sessionId: string): SignedIn {
  // An unknown role in the database is treated as the least privileged one.
  const role: AccountRole = account.role === "admin" || account.role === "teacher" ? account.role : "student";
  return { id: account.id, email: account.email, role, mustChangePassword: account.mustChangePassword, studentId: account.studentId, sessionId };
}
