/**
 * What the terminal pane shows for the state of the student's own Docker engine: the banner (none
 * once it is ready) and the short chip text in the toolbar, as interface texts to translate.
 * Waiting in the queue for a free engine (the server's limit is reached) has its own title:
 * nothing is starting yet.
 * While queued, the banner adds the server's estimate of the wait when it has one, in whole
 * minutes and said as an estimate ("about N minutes"), never as a promise.
 * The banner's detail is the server's message, except when that message only restates the title
 * ("Starting your Docker engine…" under the title "Starting your Docker engine…"): then the
 * detail says what the title does not (what comes next), or there is none.
 */
import type { EngineState } from "@/lib/protocol/messages";
import type { MessageKey } from "@/lib/i18n/messages";
import { queueEtaMinutes } from "@/lib/queue-eta-minutes";

/**
 * `queue`: waiting for a free engine, position 1 is next; `etaMs`, the server's estimate of the wait when it has one.
 * `textKey`: the server catalog's key of `message`, when it has one.
 */
export type EngineStatus = { state: EngineState; message: string; textKey?: string; queue?: { position: number; limit: number; etaMs?: number } };

/** `detail`: an interface text to translate, or the server's message as it came (already in the page's language). */
export type EngineBannerDetail = { key: MessageKey } | { message: string };
export type EngineChip = { key: MessageKey; values?: Record<string, number> };
/** `estimate`: while queued, the expected wait as an interface text (absent when the server has none). */
export type EngineBanner = { tone: "info" | "ok" | "warn" | "error"; title: MessageKey; detail: EngineBannerDetail | null; estimate?: EngineChip };

type BannerLook = { tone: EngineBanner["tone"]; title: MessageKey; messagesSayingTitle: string[]; detailInstead?: MessageKey };

/** The server catalog's messages (lib/i18n/texts/server-texts.ts) that say no more than the state's title. */
const BY_STATE: Record<EngineState, BannerLook | null> = {
  starting: { tone: "info", title: "engine.starting", messagesSayingTitle: ["engine.starting"], detailInstead: "engine.startingDetail" },
  ready: null,
  stopped: { tone: "warn", title: "engine.stopped", messagesSayingTitle: ["engine.stopped"] },
  error: { tone: "error", title: "engine.error", messagesSayingTitle: [] },
};

const isQueued = (engine: EngineStatus) => engine.state === "starting" && engine.queue !== undefined;

function bannerDetail(engine: EngineStatus, look: BannerLook): EngineBannerDetail | null {
  const repeatsTitle = engine.textKey !== undefined && look.messagesSayingTitle.includes(engine.textKey);
  if (engine.message.trim() && !repeatsTitle) return { message: engine.message };
  return look.detailInstead ? { key: look.detailInstead } : null;
}

export function engineBanner(engine: EngineStatus | null): EngineBanner | null {
  if (!engine) return null;
  if (isQueued(engine)) {
    const etaMs = engine.queue!.etaMs;
    const estimate: EngineChip | undefined = etaMs === undefined ? undefined : { key: "engine.queueEta", values: { minutes: queueEtaMinutes(etaMs) } };
    return { tone: "info", title: "engine.queued", detail: engine.message ? { message: engine.message } : null, ...(estimate ? { estimate } : {}) };
  }
  const look = BY_STATE[engine.state];
  if (!look) return null;
  return { tone: look.tone, title: look.title, detail: bannerDetail(engine, look) };
}

export function engineChip(engine: EngineStatus | null, connected: boolean): EngineChip {
  if (!engine) return { key: connected ? "engine.chip.waiting" : "engine.chip.unknown" };
  if (isQueued(engine)) return { key: "engine.chip.queued", values: { position: engine.queue!.position } };
  return { key: `engine.chip.${engine.state}` };
}
