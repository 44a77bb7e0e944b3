/**
 * What a class's teacher sees of its LMS: the course it is bound to and every score passback with
 * its state (sent, waiting for a retry and why, given up), and a passback given up sent again on
 * request. Permission as for the class itself (getVisibleClass: its teacher or an admin).
 */
import { AppError } from "../app-error";
import { getLtiContextOfClass, getLtiPlatform, listLtiPassbacksOfClass, retryLtiPassback, type LtiPassbackStatus } from "../db/repositories/lti";
import { getVisibleClass } from "../identity/classes";
import type { SignedIn } from "../identity/accounts";
import { sendPassbacksNow } from "./score-passback";

export interface ClassLms {
  bound: { issuer: string; contextId: string; gradeService: boolean } | null;
  passbacks: {
    id: string;
    step: number;
    userSub: string;
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
  return {
    bound: context && platform ? { issuer: platform.issuer, contextId: context.contextId, gradeService: context.lineItemsUrl !== null || Object.keys(context.lineItems).length > 0 } : null,
    passbacks: passbacks.map((p) => ({
      id: p.id,
      step: p.step,
      userSub: p.userSub,
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
  if (!(await retryLtiPassback(passbackId, klass.id))) throw new AppError("not_found", "This class has no given-up score passback with that id.");
  sendPassbacksNow();
  return { queued: true };
}
