/**
 * The student's interactive shell (bash -l as the learner, in their workspace; ./learner-shell.ts
 * runs the graders' scripts), and the one a pool engine
 * starts before any student has it (./engine-manager.ts): bash's start-up and first prompt then
 * happen while the engine waits, and the new student it is handed to gets a running shell with
 * its prompt already in the buffer (../ws/student-shell.ts takes it into their hub).
 */
import type Docker from "dockerode";
import { TerminalSession } from "./terminal-session";
import { INNER_DOCKER_HOST, LEARNER_USER, LEARNER_WORKSPACE } from "./engine-options";
import type { Logger } from "../logger";

export const LEARNER_SHELL = { user: LEARNER_USER, workingDir: LEARNER_WORKSPACE, cmd: ["bash", "-l"], env: ["TERM=xterm-256color", `DOCKER_HOST=${INNER_DOCKER_HOST}`] };

/** The size a shell started before any page said its own has (the page's attach resizes it). */
export const DEFAULT_SHELL_SIZE = { cols: 80, rows: 24 };

/**
 * A shell started in a pool engine while it waits. Given to one student at most (take); ended
 * with its engine when nobody took it (discard). Only valid while the engine's workspace folder is
 * the one the student gets (the blank disk made ahead): a workspace mounted over it at hand-over
 * would leave the shell's working folder under that mount, so the manager discards it then.
 */
export class ShellAhead {
  private state: "waiting" | "taken" | "discarded" = "waiting";
  private session: TerminalSession | undefined;
  private readonly opening: Promise<TerminalSession | undefined>;
  /** Since the shell was asked for: its exec open, and bash's first output (undefined until then). */
  openMs: number | undefined;
  promptMs: number | undefined;

  constructor(container: Docker.Container, log: Logger) {
    const began = performance.now();
    this.opening = TerminalSession.open(container, LEARNER_SHELL, DEFAULT_SHELL_SIZE.cols, DEFAULT_SHELL_SIZE.rows).then(
      (session) => {
        this.openMs = Math.round(performance.now() - began);
        this.session = session;
        if (this.state === "discarded") session.close();
        else this.timePrompt(session, began);
        return session;
      },
      (error: unknown) => {
        log.warn("could not start a shell in a pool engine: its student's shell is opened at hand-over", { error: String(error) });
        return undefined;
      },
    );
  }

  /** The shell, once: undefined when already taken or discarded; resolves to undefined when it failed or has ended (the caller opens one). */
  take(): Promise<TerminalSession | undefined> | undefined {
    if (this.state !== "waiting") return undefined;
    this.state = "taken";
    return this.opening.then((session) => (session && !session.isExited ? session : undefined));
  }

  /** Ends the shell unless a student took it (its engine goes, or its working folder is not the student's workspace). */
  discard(): void {
    if (this.state !== "waiting") return;
    this.state = "discarded";
    this.session?.close();
  }

  /** Whether `terminal` is this shell, handed over. */
  gave(terminal: TerminalSession): boolean {
    return this.state === "taken" && this.session === terminal;
  }

  /** Whether it is waiting to be taken and still runs (false once taken, discarded or ended). */
  get waiting(): boolean {
    return this.state === "waiting" && !(this.session?.isExited ?? false);
  }

  private timePrompt(session: TerminalSession, began: number): void {
    if (session.lastSeq > 0) {
      this.promptMs = this.openMs;
      return;
    }
    void session.firstOutput().then((printed) => {
      if (printed) this.promptMs = Math.round(performance.now() - began);
    });
  }
}
