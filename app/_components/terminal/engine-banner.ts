/**
 * What the terminal pane shows for the state of the student's own Docker engine: the banner (none
 * once it is ready) and the short chip text in the toolbar, as interface texts to translate.
 * Waiting in the queue for a free engine (the server's limit is reached) has its own title:
 * nothing is starting yet.
 */
import type { EngineState } from "@/lib/protocol/messages";
import type { MessageKey } from "@/lib/i18n/messages";

/** `queue`: waiting for a free engine, position 1 is next. */
export type EngineStatus = { state: EngineState; message: string; queue?: { position: number; limit: number } };

export type EngineBanner = { tone: "info" | "ok" | "warn" | "error"; title: MessageKey };
export type EngineChip = { key: MessageKey; values?: Record<string, number> };

const BY_STATE: Record<EngineState, EngineBanner | null> = {
  starting: { tone: "info", title: "engine.starting" },
  ready: null,
  stopped: { tone: "warn", title: "engine.stopped" },
  error: { tone: "error", title: "engine.error" },
};

const isQueued = (engine: EngineStatus) => engine.state === "starting" && engine.queue !== undefined;

export function engineBanner(engine: EngineStatus | null): EngineBanner | null {
  if (!engine) return null;
  if (isQueued(engine)) return { tone: "info", title: "engine.queued" };
  return BY_STATE[engine.state];
}

export function engineChip(engine: EngineStatus | null, connected: boolean): EngineChip {
  if (!engine) return { key: connected ? "engine.chip.waiting" : "engine.chip.unknown" };
  if (isQueued(engine)) return { key: "engine.chip.queued", values: { position: engine.queue!.position } };
  return { key: `engine.chip.${engine.state}` };
}
