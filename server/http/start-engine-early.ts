/**
 * Starting a student's engine ahead of their step page's websocket: the one way both early paths
 * take, the GET of a step page (./request-handler.ts) and the page's early request (POST
 * /api/engine/prewarm, ./prewarm-request.ts), so that neither can give an engine to someone the
 * websocket would refuse. The caller has read the student from a valid signed cookie; here:
 * - the browser of that Cookie header may work on the course (mayWorkOnCourse: with
 *   ALLOW_ANONYMOUS=false, a signed-in account only; the step page sends anyone else to sign in);
 * - engines can start (the server's engine health is ok);
 * - the student has a session: a page view never creates one (student-session.ts), so its GET
 *   starts engines only for students whose session started before; the page's request starts the
 *   session, as the websocket would a second later;
 * - EngineManager.prewarm gives the student at most their one engine, never queued.
 * Returns whether a start began.
 */
import { getStudent } from "../db/repositories";
import { mayWorkOnCourse, startStudentSession } from "../identity/student-session";

/** What asks: the GET of the step page, or the request of its inline script. */
export type EarlyEngineTrigger = "page-view" | "page-request";

export type StartEngineEarly = (studentId: string, cookieHeader: string | undefined, trigger: EarlyEngineTrigger) => Promise<boolean>;

export interface EarlyEngineDeps {
  enginesHealthy: () => boolean;
  /** EngineManager.prewarm: from the pool or a free place, at once, or not at all. */
  prewarm: (studentId: string) => boolean;
}

export function earlyEngineStarter(deps: EarlyEngineDeps): StartEngineEarly {
  return async (studentId, cookieHeader, trigger) => {
    if (!deps.enginesHealthy() || !(await mayWorkOnCourse(cookieHeader))) return false;
    if (trigger === "page-request") await startStudentSession(studentId);
    else if (!(await getStudent(studentId))) return false;
    return deps.enginesHealthy() && deps.prewarm(studentId);
  };
}
