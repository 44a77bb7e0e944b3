/**
 * What a class's teacher sees of its LMS: the course it is bound to and every score passback with
 * the student it is for (their name, not the LMS's user id alone) and its state (sent, waiting for
 * a retry and why, given up), and a passback given up sent again on request. Permission as for the
 * class itself (getVisibleClass: its teacher or an admin).
 */
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import { getLtiContextOfClass, getLtiPlatform, listLtiPassbacksOfClass, listLtiUserIdentities, retryLtiPassback, type LtiPassbackStatus } from "../db/repositories/lti";
import { getVisibleClass } from "../identity/classes";
import type { SignedIn } from "../identity/accounts";
import { shownEmail } from "../identity/reserved-email";
import { sendPassbacksNow } from "./score-passback";

export interface ClassLms {
  bound: { issuer: string; contextId: string; gradeService: boolean } | null;
  passbacks: {
    id: string;
    step: number;
    userSub: string;
    /** Who the score is for: the name their launch gave, else their account's e-mail (never a placeholder); null when the LMS user is not known here. */
    name: string | null;
    scoreGiven: number;
    scoreMaximum: number;
    gradedAt: string;
    status: LtiPassbackStatus;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string | null;
    sentAt: string | null;
  }[];
}

export async function getClassLms(actor: SignedIn, classId: string): Promise<ClassLms> {
  const klass = await getVisibleClass(actor, classId);
  const context = await getLtiContextOfClass(klass.id);
  const platform = context && (await getLtiPlatform(context.platformId));
  const passbacks = await listLtiPassbacksOfClass(klass.id);
  const people = context
    ? await listLtiUserIdentities(
        context.platformId,
        passbacks.map((p) => p.userSub),
      )
    : new Map<string, { studentName: string | null; email: string }>();
  const nameOf = (sub: string) => {
    const person = people.get(sub);
    return person ? person.studentName?.trim() || shownEmail(person.email) : null;
  };
  return {
    bound: context && platform ? { issuer: platform.issuer, contextId: context.contextId, gradeService: context.lineItemsUrl !== null || Object.keys(context.lineItems).length > 0 } : null,
    passbacks: passbacks.map((p) => ({
      id: p.id,
      step: p.step,
      userSub: p.userSub,
      name: nameOf(p.userSub),
      scoreGiven: p.scoreGiven,
      scoreMaximum: p.scoreMaximum,
      gradedAt: p.gradedAt.toISOString(),
      status: p.status,
      attempts: p.attempts,
      lastError: p.lastError,
      nextAttemptAt: p.status === "pending" ? p.nextAttemptAt.toISOString() : null,
      sentAt: p.sentAt?.toISOString() ?? null,
    })),
  };
}

/** Sends a given-up passback of the class again, now. */
export async function retryClassPassback(actor: SignedIn, classId: string, passbackId: string): Promise<{ queued: true }> {
  const klass = await getVisibleClass(actor, classId);
  if (!(await retryLtiPassback(passbackId, klass.id))) throw new AppError("not_found", say("class.noPassback"));
  sendPassbacksNow();
  return { queued: true };
}
