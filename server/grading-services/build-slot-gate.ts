/**
 * The build gate of one Check or Submit: its builds wait for a build slot of the machine they run on
 * (server/sandbox/build-slots.ts), the student told their place and an estimate as a progress stage
 * of its own ("queue"), so the wait is shown, and timed, apart from the build. A wait longer than
 * CHECK_BUILD_SLOT_WAIT_SECONDS, or whose run is abandoned (`signal`), leaves the queue at once.
 */
import type { TextRef } from "../../lib/i18n/text-ref";
import { say } from "../../lib/i18n/text-ref";
import { englishOf } from "../../lib/i18n/render-text";
import type { BuildGate, BuildSlotPlace, BuildSlots } from "../sandbox/build-slots";
import { AppError } from "../app-error";

export interface BuildSlotGateOptions {
  slots: BuildSlots;
  /** Who builds (the student): one slot at a time each. */
  holder: string;
  /** The run's progress, as check.progress messages. */
  progress: (stage: string, message: string, fraction?: number, text?: TextRef) => void;
  /** Longest wait for a slot. */
  waitMs: number;
  /** Aborts when the run is abandoned (its pages closed). */
  signal?: AbortSignal;
}

/** What a waiting build is told: its place, and an estimate once the machine has built something. */
export function buildSlotWaitText(place: BuildSlotPlace): TextRef {
  const where = { position: place.position, waiting: place.waiting };
  if (place.etaMs === null) return say("build.slotWaiting", where);
  const minutes = Math.max(1, Math.ceil(place.etaMs / 60_000));
  return minutes === 1 ? say("build.slotWaitingEtaOne", where) : say("build.slotWaitingEta", { ...where, minutes });
}

export function buildSlotGate(options: BuildSlotGateOptions): BuildGate {
  return async (host) => {
    const timedOut = new AbortController();
    const timer = setTimeout(() => {
      const text = say("build.slotTimedOut", { minutes: Math.max(1, Math.round(options.waitMs / 60_000)) });
      timedOut.abort(new AppError("engine_unavailable", text));
    }, options.waitMs);
    try {
      return await options.slots.acquire({
        host,
        holder: options.holder,
        signal: options.signal ? AbortSignal.any([options.signal, timedOut.signal]) : timedOut.signal,
        onWaiting: (place) => {
          const text = buildSlotWaitText(place);
          options.progress("queue", englishOf(text), undefined, text);
        },
      });
    } finally {
      clearTimeout(timer);
    }
  };
}
