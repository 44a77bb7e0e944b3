/**
 * What the terminal pane shows for the state of the student's own Docker engine: the banner (none
 * once it is ready) and the short chip text in the toolbar. Waiting in the queue for a free engine
 * (the server's limit is reached) has its own title: nothing is starting yet.
 */
import type { EngineState } from "@/lib/protocol/messages";

/** `queue`: waiting for a free engine, position 1 is next. */
export type EngineStatus = { state: EngineState; message: string; queue?: { position: number; limit: number } };

export type EngineBanner = { tone: "info" | "ok" | "warn" | "error"; title: string };

const BY_STATE: Record<EngineState, EngineBanner | null> = {
  starting: { tone: "info", title: "Starting your Docker engine…" },
  ready: null,
  stopped: { tone: "warn", title: "Your Docker engine is stopped." },
  error: { tone: "error", title: "Your Docker engine has a problem." },
};

const isQueued = (engine: EngineStatus) => engine.state === "starting" && engine.queue !== undefined;

export function engineBanner(engine: EngineStatus | null): EngineBanner | null {
  if (!engine) return null;
  if (isQueued(engine)) return { tone: "info", title: "Waiting for a free Docker engine…" };
  return BY_STATE[engine.state];
}

export function engineChip(engine: EngineStatus | null, connected: boolean): string {
  if (!engine) return connected ? "Engine: waiting for status" : "Engine: unknown";
  if (isQueued(engine)) return `Engine queued: number ${engine.queue!.position}`;
  return `Engine ${engine.state}`;
}
