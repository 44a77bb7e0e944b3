/**
 * What a verified launch does: signs in the account bound to the LMS user (made at their first
 * launch: an instructor or administrator becomes a teacher, anyone else a student with their own
 * Student record), binds the LMS course to a class (made at an instructor's first launch, covering
 * the whole course), puts a learner in that class, and says where the browser goes: a learner to
 * the step the resource link names (custom parameter `step`) or the course page, a teacher to the
 * class page.
 */
import { createHash } from "node:crypto";
import { getAccount, isDuplicateAccount, addClassMember, getClass, type AccountRecord } from "../db/repositories";
import { createLtiAccount, createLtiClass, getLtiContext, getLtiUserAccountId, updateLtiContextServices, type LtiContextRecord, type LtiPlatformRecord } from "../db/repositories/lti";
import { getCourse } from "../lessons/load-lessons";
import { openSession, type SignedIn } from "../identity/accounts";
import { newStudentId } from "../identity/student-cookie";
import { newJoinCode } from "../identity/classes";
import { logger } from "../logger";
import type { Launch } from "./lti-claims";
import { say } from "../../lib/i18n/text-ref";
import { LtiRefusal } from "./lti-refusal";

const log = logger.child({ area: "lti" });

export interface LaunchOutcome {
  token: string;
  account: SignedIn;
  classId: string;
  redirectPath: string;
}

export async function signInFromLaunch(platform: LtiPlatformRecord, launch: Launch): Promise<LaunchOutcome> {
  const context = await getLtiContext(platform.id, launch.contextId);
  if (!context && launch.role !== "teacher") {
    throw new LtiRefusal("class-not-ready", "forbidden", say("lti.classNotReady"));
  }
  const account = await findOrCreateAccount(platform, launch);
  const { token, account: signedIn } = await openSession(account);
  const bound = context ?? (await bindCourse(platform, launch, signedIn));
  if (context && (launch.lineItemsUrl !== context.lineItemsUrl || (launch.step !== null && launch.lineItemUrl))) {
    await updateLtiContextServices(platform.id, launch.contextId, { lineItemsUrl: launch.lineItemsUrl ?? undefined, step: launch.step ?? undefined, lineItemUrl: launch.lineItemUrl ?? undefined });
  }
  if (account.studentId && account.role === "student") await addClassMember(bound.classId, account.studentId);
  const klass = await getClass(bound.classId);
  const redirectPath =
    account.role === "student"
      ? launch.step !== null && klass?.steps.includes(launch.step)
        ? `/steps/${launch.step}`
        : "/"
      : klass?.teacherId === account.id
        ? `/teacher/classes/${encodeURIComponent(bound.classId)}`
        : "/teacher"; // a co-instructor: the class is its first instructor's
  log.info("LTI launch", { platformId: platform.id, accountId: account.id, role: account.role, classId: bound.classId, step: launch.step });
  return { token, account: signedIn, classId: bound.classId, redirectPath };
}

/** An e-mail no one can own (`.invalid`): an LMS's e-mail claim could name someone else's account here. */
export function ltiAccountEmail(platform: LtiPlatformRecord, sub: string): string {
  const digest = createHash("sha256").update(`${platform.id}\n${sub}`).digest("hex").slice(0, 20);
  const host = URL.canParse(platform.issuer) ? new URL(platform.issuer).hostname : "lms";
  return `lti-${digest}@${host}.invalid`.toLowerCase();
}

async function findOrCreateAccount(platform: LtiPlatformRecord, launch: Launch): Promise<AccountRecord> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const accountId = await getLtiUserAccountId(platform.id, launch.sub);
    const existing = accountId ? await getAccount(accountId) : null;
    if (existing) return existing;
    try {
      const student = launch.role === "student" ? { id: newStudentId(), name: launch.name } : null;
      const id = await createLtiAccount({ platformId: platform.id, sub: launch.sub, email: ltiAccountEmail(platform, launch.sub), role: launch.role, student });
      log.info("LTI account made", { platformId: platform.id, accountId: id, role: launch.role });
    } catch (error) {
      // The same user's other first launch made it a moment ago: read that one.
      if (!isDuplicateAccount(error)) throw error;
    }
  }
  const accountId = await getLtiUserAccountId(platform.id, launch.sub);
  const account = accountId && (await getAccount(accountId));
  if (!account) throw new Error("the LTI account could not be made or read");
  return account;
}

async function bindCourse(platform: LtiPlatformRecord, launch: Launch, teacher: SignedIn): Promise<LtiContextRecord> {
  const steps = (await getCourse()).map((lesson) => lesson.step).sort((a, b) => a - b);
  const context = { platformId: platform.id, contextId: launch.contextId, deploymentId: launch.deploymentId, lineItemsUrl: launch.lineItemsUrl };
  try {
    const classId = await createLtiClass({ name: launch.contextTitle, teacherId: teacher.id, steps, joinCode: newJoinCode(), context });
    log.info("LMS course bound to a new class", { platformId: platform.id, classId, teacherId: teacher.id });
    if (launch.step !== null && launch.lineItemUrl) await updateLtiContextServices(platform.id, launch.contextId, { step: launch.step, lineItemUrl: launch.lineItemUrl });
  } catch (error) {
    if (!isDuplicateAccount(error)) throw error; // P2002: another instructor's first launch bound it first
  }
  const bound = await getLtiContext(platform.id, launch.contextId);
  if (!bound) throw new Error("the LMS course could not be bound to a class");
  return bound;
}
