/**
 * The running Check of one student, kept so that a tab that opens (or reloads, or reconnects)
 * in the middle of it sees it as if it had watched from the start: its announcement, the build
 * log so far, every result so far and the latest progress. Only the latest progress is kept, and
 * the log is kept to its last MAX_REPLAY_LOG_CHARS characters (the page clips it the same way).
 * A run resumed after a restart says so first (stage RESUMED_STAGE): that notice is kept too, so a
 * page that connects once the grading has moved on still hears why its submission started again.
 */
import type { ServerMessage } from "../../lib/protocol/messages";

export const MAX_REPLAY_LOG_CHARS = 400_000;

/** The stage of the progress that says a run is graded again after a restart (kept for late pages). */
export const RESUMED_STAGE = "resumed";

type Started = Extract<ServerMessage, { type: "check.started" }>;
type Progress = Extract<ServerMessage, { type: "check.progress" }>;
type Result = Extract<ServerMessage, { type: "check.result" }>;

export class CheckReplay {
  private started: Started | undefined;
  private progress: Progress | undefined;
  private resumedNotice: Progress | undefined;
  private log = "";
  private readonly results = new Map<string, Result>();

  /** Keeps what a late tab needs of `message`; messages of another run than the one started are ignored. */
  record(message: ServerMessage): void {
    if (message.type === "check.started") {
      this.started = message;
      this.progress = undefined;
      this.resumedNotice = undefined;
      this.log = "";
      this.results.clear();
      return;
    }
    if (!this.started || !("runId" in message) || message.runId !== this.started.runId) return;
    if (message.type === "check.progress") {
      this.progress = message;
      if (message.stage === RESUMED_STAGE) this.resumedNotice = message;
    } else if (message.type === "check.result") this.results.set(message.result.id, message);
    else if (message.type === "check.log") {
      this.log += message.text;
      if (this.log.length > MAX_REPLAY_LOG_CHARS) this.log = this.log.slice(this.log.length - MAX_REPLAY_LOG_CHARS);
    }
  }

  /** The messages that bring a page up to date with the run, in the order the page expects them. */
  messages(): ServerMessage[] {
    if (!this.started) return [];
    const { runId } = this.started;
    const notice = this.resumedNotice && this.resumedNotice !== this.progress ? [this.resumedNotice] : [];
    return [this.started, ...notice, ...(this.log ? [{ type: "check.log" as const, runId, text: this.log }] : []), ...this.results.values(), ...(this.progress ? [this.progress] : [])];
  }
}
