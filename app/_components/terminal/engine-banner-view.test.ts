import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { decodeServerMessage, encodeMessage, type EngineState } from "@/lib/protocol/messages";
import { localizeServerMessage } from "@/lib/i18n/localize-server-message";
import type { Locale } from "@/lib/i18n/locale";
import { withMessageText } from "@/server/ws/message-text";
import { I18nProvider } from "../i18n";
import { engineBanner, type EngineStatus } from "./engine-banner";
import { EngineBannerView } from "./engine-banner-view";

/** The engine's state as the workbench keeps it after the server sent `english` to a page in `locale`. */
function statusOnPage(state: EngineState, english: string, locale: Locale): EngineStatus {
  const decoded = decodeServerMessage(encodeMessage(withMessageText({ type: "engine.status", state, message: english })));
  if (!decoded.ok || decoded.message.type !== "engine.status") throw new Error("the engine.status frame did not decode");
  const message = localizeServerMessage(decoded.message, locale);
  if (message.type !== "engine.status") throw new Error("localizing changed the frame's type");
  return { state: message.state, message: message.message, textKey: message.text?.key, queue: message.queue };
}

/** The banner's text as a reader sees it (tags dropped), or null when there is no banner. */
function noticeText(engine: EngineStatus, locale: Locale): string | null {
  const banner = engineBanner(engine);
  if (!banner) return null;
  const view = createElement(EngineBannerView, { banner, engine, connected: true, onRetry: () => {} });
  const html = renderToStaticMarkup(createElement(I18nProvider, { locale, children: view }));
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .trim();
}

describe("engine banner as rendered", () => {
  it("says once, in English, that the engine is starting, and what comes next", () => {
    const text = noticeText(statusOnPage("starting", "Starting your Docker engine…", "en"), "en");
    expect(text).toBe("Starting your Docker engine… Your terminal opens as soon as it is ready, usually within a few seconds.");
    expect(text!.split("Starting your Docker engine").length - 1).toBe(1);
  });

  it("says once, in French, that the engine is starting, and what comes next", () => {
    const text = noticeText(statusOnPage("starting", "Starting your Docker engine…", "fr"), "fr");
    expect(text).toBe("Démarrage de votre moteur Docker… Votre terminal s’ouvrira dès qu’il sera prêt, en général en quelques secondes.");
    expect(text!.split("Démarrage de votre moteur Docker").length - 1).toBe(1);
  });

  it("keeps a server detail that adds something (reconnecting, a start that failed)", () => {
    expect(noticeText(statusOnPage("starting", "Connecting to your Docker engine…", "fr"), "fr")).toBe("Démarrage de votre moteur Docker… Connexion à votre moteur Docker…");
    expect(noticeText(statusOnPage("error", "Your Docker engine could not be started.", "en"), "en")).toBe("Your Docker engine has a problem. Your Docker engine could not be started.Try again");
  });

  it("does not restate a stopped engine", () => {
    expect(noticeText(statusOnPage("stopped", "Your Docker engine was stopped.", "en"), "en")).toBe("Your Docker engine is stopped.");
    expect(noticeText(statusOnPage("stopped", "Your Docker engine was stopped.", "fr"), "fr")).toBe("Votre moteur Docker est arrêté.");
  });

  it("shows the queue's message under the queued title", () => {
    const queued = {
      ...statusOnPage("starting", "All 8 Docker engines of this server are in use: you are number 3 in the queue. Your files are safe; your terminal starts as soon as an engine is free.", "fr"),
      queue: { position: 3, limit: 8 },
    };
    expect(noticeText(queued, "fr")).toBe(
      "En attente d’un moteur Docker libre… Les 8 moteurs Docker de ce serveur sont tous occupés : vous êtes n° 3 dans la file d’attente. Vos fichiers ne risquent rien ; votre terminal démarrera dès qu’un moteur se libérera.",
    );
  });

  it("adds the queue's estimated wait, in English and French, and nothing when the server has none", () => {
    const english = "All 8 Docker engines of this server are in use: you are number 3 in the queue. Your files are safe; your terminal starts as soon as an engine is free.";
    const queuedIn = (locale: Locale, etaMs?: number) => ({ ...statusOnPage("starting", english, locale), queue: { position: 3, limit: 8, ...(etaMs === undefined ? {} : { etaMs }) } });
    expect(noticeText(queuedIn("en", 4 * 60_000 + 1), "en")).toBe(
      "Waiting for a free Docker engine… All 8 Docker engines of this server are in use: you are number 3 in the queue. Your files are safe; your terminal starts as soon as an engine is free. Estimated wait: about 5 minutes.",
    );
    expect(noticeText(queuedIn("fr", 4 * 60_000 + 1), "fr")).toMatch(/se libérera\. Attente estimée : environ 5 minutes\.$/);
    expect(noticeText(queuedIn("en", 20_000), "en")).toMatch(/Estimated wait: about 1 minute\.$/);
    expect(noticeText(queuedIn("fr", 0), "fr")).toMatch(/Attente estimée : environ 1 minute\.$/);
    expect(noticeText(queuedIn("en"), "en")).not.toMatch(/Estimated|about/);
  });

  it("keeps the estimate through the page's decoder", () => {
    const frame = encodeMessage(
      withMessageText({
        type: "engine.status",
        state: "starting",
        message: "This server's one Docker engine is in use: you are number 1 in the queue. Your files are safe; your terminal starts as soon as an engine is free.",
        queue: { position: 1, limit: 1, etaMs: 150_000 },
      }),
    );
    const decoded = decodeServerMessage(frame);
    if (!decoded.ok || decoded.message.type !== "engine.status") throw new Error("the engine.status frame did not decode");
    const message = localizeServerMessage(decoded.message, "fr");
    if (message.type !== "engine.status") throw new Error("localizing changed the frame's type");
    const status: EngineStatus = { state: message.state, message: message.message, textKey: message.text?.key, queue: message.queue };
    expect(noticeText(status, "fr")).toBe(
      "En attente d’un moteur Docker libre… L’unique moteur Docker de ce serveur est occupé : vous êtes n° 1 dans la file d’attente. Vos fichiers ne risquent rien ; votre terminal démarrera dès qu’un moteur se libérera. Attente estimée : environ 3 minutes.",
    );
    expect(decodeServerMessage(JSON.stringify({ type: "engine.status", state: "starting", message: "", queue: { position: 1, limit: 1, etaMs: -5 } })).ok).toBe(false);
  });

  it("shows nothing once the engine is ready", () => {
    expect(noticeText(statusOnPage("ready", "Your Docker engine is ready.", "fr"), "fr")).toBeNull();
  });
});
