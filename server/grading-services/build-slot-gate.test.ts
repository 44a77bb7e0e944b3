import { afterEach, describe, expect, it, vi } from "vitest";
import { BuildSlots } from "../sandbox/build-slots";
import { renderText } from "../../lib/i18n/render-text";
import type { TextRef } from "../../lib/i18n/text-ref";
import { AppError } from "../app-error";
import { buildSlotGate } from "./build-slot-gate";

afterEach(() => vi.useRealTimers());

function gateFor(slots: BuildSlots, holder: string, waitMs = 60_000, signal?: AbortSignal) {
  const lines: { stage: string; message: string; text?: TextRef }[] = [];
  const gate = buildSlotGate({ slots, holder, waitMs, signal, progress: (stage, message, _fraction, text) => lines.push({ stage, message, text }) });
  return { gate, lines };
}

describe("a Check's build gate", () => {
  it("tells the waiting student their place as the 'queue' stage, in English and French, with an estimate once the machine has built", async () => {
    let clock = 0;
    const slots = new BuildSlots(1, () => clock);
    const alice = gateFor(slots, "alice");
    const first = await alice.gate("local");
    expect(alice.lines).toEqual([]); // a free slot: no wait, nothing said
    const bob = gateFor(slots, "bob");
    const carol = gateFor(slots, "carol");
    const bobSlot = bob.gate("local");
    const carolSlot = carol.gate("local");
    expect(bob.lines.at(-1)).toMatchObject({ stage: "queue", message: "Waiting for a build slot: you are number 1 of 2 waiting." });
    expect(renderText(carol.lines.at(-1)!.text!, "fr")).toBe("En attente d’une place pour construire : vous êtes numéro 2 sur 2 en attente.");
    clock = 90_000;
    first.release(); // one build of 90 s on this machine: Bob builds, Carol moves up
    const bobHeld = await bobSlot;
    expect(carol.lines.at(-1)!.message).toBe("Waiting for a build slot: you are number 1 of 1 waiting; about 2 minutes.");
    expect(renderText(carol.lines.at(-1)!.text!, "fr")).toBe("En attente d’une place pour construire : vous êtes numéro 1 sur 1 en attente ; environ 2 minutes.");
    clock = 110_000;
    bobHeld.release(); // 20 s: median of 90 s and 20 s is 20 s
    const carolHeld = await carolSlot;
    const dave = gateFor(slots, "dave");
    void dave.gate("local");
    expect(dave.lines.at(-1)!.message).toBe("Waiting for a build slot: you are number 1 of 1 waiting; about 1 minute.");
    carolHeld.release();
  });

  it("gives up after its longest wait with a message that says why, and leaves the queue", async () => {
    vi.useFakeTimers();
    const slots = new BuildSlots(1);
    const held = await gateFor(slots, "alice").gate("local");
    const bob = gateFor(slots, "bob", 5 * 60_000);
    const waiting = bob.gate("local").catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    const error = (await waiting) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.userMessage).toBe("No build slot became free within 5 minutes: the other students' builds on this machine took them all. Your files are safe: try again later.");
    expect(slots.load("local")).toEqual({ running: 1, waiting: 0 });
    held.release();
  });

  it("leaves the queue when its run is abandoned (every page closed)", async () => {
    const slots = new BuildSlots(1);
    const held = await gateFor(slots, "alice").gate("local");
    const closed = new AbortController();
    const waiting = gateFor(slots, "bob", 60_000, closed.signal)
      .gate("local")
      .catch((error: unknown) => error);
    expect(slots.load("local").waiting).toBe(1);
    closed.abort(new Error("closed"));
    expect(((await waiting) as Error).message).toBe("closed");
    expect(slots.load("local")).toEqual({ running: 1, waiting: 0 });
    held.release();
  });
});
