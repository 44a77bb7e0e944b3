/**
 * At start-up: the submissions a previous process was grading when it stopped (killed, crashed,
 * restarted) are graded again from the files kept when they were submitted, through each
 * student's hub, so a page that opens meanwhile follows the grading as it would have. Kept files
 * without a running submission are left-overs, and removed.
 */
import type { HubRegistry } from "../ws/student-hub";
import { listRunningSubmissions } from "../db/repositories";
import { AppError } from "../app-error";
import type { Logger } from "../logger";
import type { SubmissionArchive } from "./submission-archive";
import { resumeSubmission, type GraderEngines, type GradingClusters } from "./submit-service";

export interface RunningSubmission {
  id: string;
  studentId: string;
  step: number;
}

/** The running submissions whose files were kept (oldest first); removes kept files that belong to none. */
export async function resumableSubmissions(archive: SubmissionArchive): Promise<RunningSubmission[]> {
  const [running, kept] = await Promise.all([listRunningSubmissions(), archive.list()]);
  const keptIds = new Set(kept);
  const resumable = running.filter((run) => keptIds.has(run.id));
  const resumed = new Set(resumable.map((run) => run.id));
  for (const id of kept) if (!resumed.has(id)) await archive.remove(id);
  return resumable;
}

/** How often a student's hub is tried again while another Check of theirs runs. */
const BUSY_RETRY_MS = 2_000;

export function resumeSubmissions(runs: RunningSubmission[], deps: { hubs: HubRegistry; engines: GraderEngines; clusters?: GradingClusters; archive: SubmissionArchive; log: Logger }): void {
  const byStudent = new Map<string, RunningSubmission[]>();
  for (const run of runs) byStudent.set(run.studentId, [...(byStudent.get(run.studentId) ?? []), run]);
  // Students side by side (the engine limit queues them), each student's one after the other.
  for (const [studentId, theirs] of byStudent) {
    void (async () => {
      const hub = deps.hubs.get(studentId);
      for (const run of theirs) {
        const grade = (emit: Parameters<Parameters<typeof hub.runCheck>[0]>[0]) =>
          resumeSubmission(run, deps.engines, emit, deps.log, { clusters: deps.clusters, archive: deps.archive }).catch((error: unknown) => {
            // The run is stored as failed, with its message; the student's open pages hear it too.
            const message = error instanceof AppError ? error.userMessage : "Your submission could not be graded because of a problem on our side. Your files are safe: submit again.";
            hub.broadcast({ type: "error", code: "check_failed", message });
          });
        while (!(await hub.runCheck(grade))) await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
      }
    })();
  }
}
