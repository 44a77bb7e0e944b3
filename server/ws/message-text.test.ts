/** The server's English messages are recognised as the catalog's and reach a French page in French. */
import { describe, expect, it } from "vitest";
import { localizeServerMessage } from "../../lib/i18n/localize-server-message";
import { renderText } from "../../lib/i18n/render-text";
import { queueWaitSentence } from "../grading-services/queue-eta";
import { RESUMED_MESSAGE } from "../grading-services/submit-service";
import { CLUSTER_DISABLED_MESSAGE } from "../sandbox/cluster-manager";
import { ENGINES_DOWN_MESSAGE } from "../sandbox/engine-health";
import { engineQueueMessage } from "../sandbox/engine-manager";
import { ENGINE_LOST_MESSAGE } from "./connection";
import { recognizeServerText, withMessageText } from "./message-text";

/** The messages as the server's own code writes them: a change of wording there must be made here too. */
const SENT = [
  ENGINE_LOST_MESSAGE,
  ENGINES_DOWN_MESSAGE,
  CLUSTER_DISABLED_MESSAGE,
  RESUMED_MESSAGE,
  engineQueueMessage({ position: 3, queued: 3, limit: 1 }),
  engineQueueMessage({ position: 3, queued: 5, limit: 4 }),
  engineQueueMessage({ position: 2, queued: 2, limit: 4 }, "your cluster starts"),
  `Every Docker engine of this server is in use: your submission is number 2 in the queue. It is graded as soon as one is free.${queueWaitSentence(2, 1, 120_000)}`,
  "A check is already running for you: its progress is shown here, wait for it to finish.",
  "Your Docker engine is ready (started in 1.4 s).",
  "Build step 3 of 7",
];

describe("server messages in French", () => {
  it.each(SENT)("recognises and translates: %s", (english) => {
    const text = recognizeServerText(english);
    expect(text).toBeDefined();
    expect(renderText(text!, "en")).toBe(english);
    const french = renderText(text!, "fr");
    expect(french).toBeDefined();
    expect(french).not.toBe(english);
  });

  it("keeps the values it read (queue place, estimate) in the French", () => {
    const english = `Every Docker engine of this server is in use: your submission is number 2 in the queue. It is graded as soon as one is free.${queueWaitSentence(2, 1, 120_000)}`;
    expect(renderText(recognizeServerText(english)!, "fr")).toBe(
      "Tous les moteurs Docker de ce serveur sont occupés : votre soumission est n° 2 dans la file d’attente. Elle sera notée dès qu’un moteur se libérera. Elle devrait commencer dans 4 minutes environ.",
    );
  });

  it("sends an English it does not know as it is, and a French page shows it unchanged", () => {
    const message = withMessageText({ type: "error", code: "internal", message: "Docker said: no space left on device" });
    expect(message).not.toHaveProperty("text");
    expect(localizeServerMessage(message, "fr")).toEqual(message);
  });

  it("gives a status its text and a French page reads it in French, an English one in English", () => {
    const sent = withMessageText({ type: "engine.status", state: "error", message: ENGINE_LOST_MESSAGE });
    expect(sent).toMatchObject({ text: { key: "engine.lost" } });
    expect(localizeServerMessage(sent, "en")).toMatchObject({ message: ENGINE_LOST_MESSAGE });
    expect(localizeServerMessage(sent, "fr")).toMatchObject({ message: expect.stringMatching(/^Votre moteur Docker s’est arrêté/) });
  });
});
