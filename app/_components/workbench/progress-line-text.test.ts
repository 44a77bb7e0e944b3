/** A running Check's line, said in the page's language: the stage and the message. */
import { describe, expect, it } from "vitest";
import { translator } from "@/lib/i18n/messages";
import { say } from "@/lib/i18n/text-ref";
import { englishOf } from "@/lib/i18n/render-text";
import { progressLineText } from "./progress-line-text";

const checking = say("run.checking", { title: { check: "build", title: "The image builds" } });
const progress = { stage: "build", message: englishOf(checking), text: checking, fraction: 0.2 };

describe("the progress line of a running Check", () => {
  it("reads in French, the check named by its French title, with French typography", () => {
    expect(progressLineText(progress, "fr", translator("fr"), { checkTitles: { build: "L’image se construit" } })).toBe("construction : Vérification : L’image se construit");
    expect(progressLineText({ stage: "compose-up", message: "Checking: x" }, "fr", translator("fr"))).toBe("vérification : Checking: x");
  });

  it("keeps the English as the server sent it", () => {
    expect(progressLineText(progress, "en", translator("en"))).toBe("build: Checking: The image builds");
    expect(progressLineText({ stage: "compose-up", message: "Checking: x" }, "en", translator("en"))).toBe("compose-up: Checking: x");
  });
});
