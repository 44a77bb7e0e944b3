import { describe, expect, it } from "vitest";
import { decodeServerMessage, encodeMessage } from "@/lib/protocol/messages";
import { translate } from "@/lib/i18n/messages";
import { engineBanner, engineChip, type EngineChip } from "./engine-banner";

const queueMessage = "All 8 Docker engines of this server are in use: you are number 3 in the queue. Your files are safe; your terminal starts as soon as an engine is free.";
const chipText = (chip: EngineChip, locale: "en" | "fr" = "en") => translate(locale, chip.key, chip.values);

describe("engine banner", () => {
  it("says the student waits for a free engine, and where they stand, while queued", () => {
    const decoded = decodeServerMessage(encodeMessage({ type: "engine.status", state: "starting", message: queueMessage, queue: { position: 3, limit: 8 } }));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok || decoded.message.type !== "engine.status") return;
    expect(decoded.message.queue).toEqual({ position: 3, limit: 8 }); // the page's decoder keeps it
    const status = { state: decoded.message.state, message: decoded.message.message, queue: decoded.message.queue };
    const banner = engineBanner(status);
    expect(banner?.tone).toBe("info");
    expect(translate("en", banner!.title)).toBe("Waiting for a free Docker engine…");
    expect(translate("fr", banner!.title)).toBe("En attente d’un moteur Docker libre…");
    expect(chipText(engineChip(status, true))).toBe("Engine queued: number 3");
    expect(chipText(engineChip(status, true), "fr")).toBe("Moteur en file d’attente : n° 3");
  });

  it("keeps the usual banners otherwise", () => {
    expect(translate("en", engineBanner({ state: "starting", message: "Starting your Docker engine…" })!.title)).toBe("Starting your Docker engine…");
    expect(engineBanner({ state: "ready", message: "ready" })).toBeNull();
    expect(engineBanner({ state: "error", message: "no" })?.tone).toBe("error");
    expect(engineBanner(null)).toBeNull();
    expect(chipText(engineChip({ state: "starting", message: "" }, true))).toBe("Engine starting");
    expect(chipText(engineChip({ state: "stopped", message: "" }, true), "fr")).toBe("Moteur arrêté");
    expect(chipText(engineChip(null, false))).toBe("Engine: unknown");
  });

  it("refuses a queue position below 1", () => {
    expect(decodeServerMessage(JSON.stringify({ type: "engine.status", state: "starting", message: "", queue: { position: 0, limit: 1 } })).ok).toBe(false);
  });
});
