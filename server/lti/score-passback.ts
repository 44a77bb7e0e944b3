/**
 * Scores sent back to the LMS. When a graded submission of a student finishes, each LMS-bound class
 * of theirs that covers the step gets a passback row (queueScorePassbacks, the one call the
 * grading makes); rows are sent by this process's sender, oldest first, and a failure is retried
 * with backoff (./passback-backoff.ts), its reason kept for the teacher. Rows live in the
 * database, so a restart sends the ones still pending (startPassbackSender at start-up).
 */
import type { CheckResult } from "../../lib/protocol/messages";
import {
  createLtiPassback,
  getLtiContextOfClass,
  getLtiPlatform,
  getLtiSubOfStudent,
  listDueLtiPassbacks,
  listLtiClassesOfStudent,
  markLtiPassbackFailure,
  markLtiPassbackSent,
  nextLtiPassbackDue,
  updateLtiContextServices,
  type LtiPassbackRecord,
} from "../db/repositories/lti";
import { getLessonByStep } from "../lessons/load-lessons";
import { logger, type Logger } from "../logger";
import { agsAccessToken, AgsError, findOrCreateLineItem, forgetAgsToken, postScore } from "./ags-client";
import { nextPassbackAttempt } from "./passback-backoff";
import { scoreFractionOf } from "./score-fraction";

interface SenderState {
  running: Promise<void> | null;
  again: boolean;
  timer: NodeJS.Timeout | null;
  started: boolean;
  log: Logger;
}

const sender = ((globalThis as { __wbPassbackSender?: SenderState }).__wbPassbackSender ??= {
  running: null,
  again: false,
  timer: null,
  started: false,
  log: logger.child({ area: "lti" }),
});

/**
 * Records the graded run's score for each LMS-bound class of the student that covers the step, and
 * has them sent. Never throws: a passback that cannot even be recorded is logged.
 */
export async function queueScorePassbacks(run: { runId: string; studentId: string; step: number; results: readonly CheckResult[]; gradedAt?: Date }): Promise<number> {
  try {
    const fraction = scoreFractionOf(run.results);
    if (!fraction) return 0;
    let queued = 0;
    for (const context of await listLtiClassesOfStudent(run.studentId, run.step)) {
      const userSub = await getLtiSubOfStudent(context.platformId, run.studentId);
      if (!userSub) continue; // joined by code, never launched from this LMS: it has no id for them
      await createLtiPassback({ runId: run.runId, classId: context.classId, step: run.step, userSub, ...fraction, gradedAt: run.gradedAt ?? new Date() });
      queued++;
    }
    if (queued > 0) {
      sender.log.info("score passback queued", { runId: run.runId, classes: queued, ...fraction });
      sendPassbacksSoon();
    }
    return queued;
  } catch (error) {
    sender.log.error("score passback not recorded", { runId: run.runId, error: String(error) });
    return 0;
  }
}

/** Starts sending pending passbacks (those left by an earlier run too) and keeps a timer for retries. */
export function startPassbackSender(log: Logger): void {
  sender.log = log;
  sender.started = true;
  sendPassbacksSoon();
}

export function stopPassbackSender(): void {
  sender.started = false;
  if (sender.timer) clearTimeout(sender.timer);
  sender.timer = null;
}

/** Sends what is due now, in the background (a teacher's retry). */
export const sendPassbacksNow = () => sendPassbacksSoon();

function sendPassbacksSoon(): void {
  if (sender.running) {
    sender.again = true;
    return;
  }
  sender.running = sendDuePassbacks()
    .then(() => undefined)
    .catch((error: unknown) => sender.log.error("score passbacks not sent", { error: String(error) }))
    .finally(() => {
      sender.running = null;
      if (sender.again) {
        sender.again = false;
        sendPassbacksSoon();
      } else void scheduleNext();
    });
}

async function scheduleNext(): Promise<void> {
  if (!sender.started) return;
  if (sender.timer) clearTimeout(sender.timer);
  const due = await nextLtiPassbackDue().catch(() => null);
  if (!due || !sender.started) return;
  sender.timer = setTimeout(sendPassbacksSoon, Math.max(1_000, Math.min(due.getTime() - Date.now(), 3_600_000)));
  sender.timer.unref();
}

/** Waits for the sends under way (tests). */
export async function settlePassbacks(): Promise<void> {
  while (sender.running) await sender.running;
}

/** Sends every passback due now, one at a time; answers how many were sent. */
export async function sendDuePassbacks(now = new Date()): Promise<number> {
  let sent = 0;
  for (const passback of await listDueLtiPassbacks(now)) {
    const attempts = passback.attempts + 1;
    try {
      await sendPassback(passback);
      await markLtiPassbackSent(passback.id, attempts);
      sender.log.info("score sent to the LMS", { passbackId: passback.id, runId: passback.runId, classId: passback.classId, scoreGiven: passback.scoreGiven, scoreMaximum: passback.scoreMaximum });
      sent++;
    } catch (error) {
      const retryable = !(error instanceof AgsError) || error.retryable;
      const next = nextPassbackAttempt(attempts, new Date(), retryable);
      const reason = error instanceof Error ? error.message : String(error);
      await markLtiPassbackFailure(passback.id, { attempts, lastError: reason.slice(0, 500), nextAttemptAt: next });
      sender.log.warn(next ? "score passback failed; it is tried again" : "score passback failed; given up", {
        passbackId: passback.id,
        classId: passback.classId,
        attempts,
        reason,
        nextAttemptAt: next?.toISOString(),
      });
    }
  }
  return sent;
}

async function sendPassback(passback: LtiPassbackRecord): Promise<void> {
  const context = await getLtiContextOfClass(passback.classId);
  const platform = context && (await getLtiPlatform(context.platformId));
  if (!context || !platform) throw new AgsError("the class is no longer bound to an LMS course", false);
  try {
    const token = await agsAccessToken(platform);
    let lineItemUrl = context.lineItems[String(passback.step)];
    if (!lineItemUrl) {
      if (!context.lineItemsUrl) throw new AgsError("the LMS offers no grade service (AGS line items) for this course: turn on grade sync for the tool in the LMS", false);
      const lesson = await getLessonByStep(passback.step);
      lineItemUrl = await findOrCreateLineItem(token, context.lineItemsUrl, {
        step: passback.step,
        label: `Step ${passback.step}${lesson ? `: ${lesson.title}` : ""}`.slice(0, 200),
        scoreMaximum: passback.scoreMaximum,
      });
      await updateLtiContextServices(context.platformId, context.contextId, { step: passback.step, lineItemUrl });
    }
    await postScore(token, lineItemUrl, {
      userId: passback.userSub,
      scoreGiven: passback.scoreGiven,
      scoreMaximum: passback.scoreMaximum,
      timestamp: passback.gradedAt,
      comment: `${passback.scoreGiven} of ${passback.scoreMaximum} constraints passed (Docker Workbench, step ${passback.step}).`,
    });
  } catch (error) {
    forgetAgsToken(platform.id);
    throw error;
  }
}
