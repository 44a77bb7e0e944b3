/**
 * Whether learner engines can start on this host, as a probe engine found at start-up: when they
 * cannot, the operator's log says why once, students are told plainly at once (instead of each
 * waiting for their own engine to time out), and the probe runs again every minute, and when a
 * student asks again, so that a host fixed by the operator is noticed without a restart.
 */
import { AppError } from "../app-error";
import type { Logger } from "../logger";
import type { EngineProbeResult } from "./engine-probe";

export type EngineHealthState = "checking" | "ok" | "failed";

export interface EngineHealthSnapshot {
  state: EngineHealthState;
  /** For students: what works and what to do. */
  message: string;
}

export const ENGINES_DOWN_MESSAGE =
  "Docker engines cannot start on this server right now, so the terminal and the Check are unavailable. Your files are safe and you can keep editing. Tell your teacher: the server's log says what to fix.";

export class EngineHealth {
  private state: EngineHealthState = "checking";
  private retry: NodeJS.Timeout | undefined;
  private running: Promise<EngineProbeResult> | undefined;

  constructor(
    private readonly probe: () => Promise<EngineProbeResult>,
    private readonly log: Logger,
    private readonly retryMs = 60_000,
    private readonly recheckMs = 10_000,
  ) {}

  private probedAt = 0;

  /** Runs the probe now (concurrent callers share one run) and schedules a retry while it fails. */
  check(): Promise<EngineProbeResult> {
    this.running ??= this.probe()
      .catch((error: unknown): EngineProbeResult => ({ ok: false, reason: String(error) }))
      .then((result) => {
        this.record(result);
        return result;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private record(result: EngineProbeResult): void {
    const was = this.state;
    this.probedAt = Date.now();
    this.state = result.ok ? "ok" : "failed";
    if (result.ok) {
      if (was === "failed") this.log.info("learner engines start again", { readyMs: result.readyMs });
      else this.log.info("learner engines start on this host", { readyMs: result.readyMs });
    } else if (was !== "failed") {
      this.log.error("learner engines cannot start on this host: students are told so until it is fixed", { reason: result.reason, fix: result.fix });
    }
    clearTimeout(this.retry);
    this.retry = undefined;
    if (!result.ok) {
      this.retry = setTimeout(() => void this.check(), this.retryMs);
      this.retry.unref();
    }
  }

  snapshot(): EngineHealthSnapshot {
    return { state: this.state, message: this.state === "failed" ? ENGINES_DOWN_MESSAGE : "" };
  }

  /**
   * Resolves when engines may be started. After a failed probe a student's request (e.g. "Try
   * again") probes again if the last probe is older than `recheckMs`, so a host the operator has
   * fixed works at once; otherwise, or if it fails again, throws the plain message without
   * trying the student's own engine.
   */
  async ensureUsable(): Promise<void> {
    if (this.state !== "failed") return;
    if (Date.now() - this.probedAt >= this.recheckMs) await this.check();
    if (this.state === "failed") throw new AppError("engine_unavailable", ENGINES_DOWN_MESSAGE);
  }

  stop(): void {
    clearTimeout(this.retry);
  }
}
