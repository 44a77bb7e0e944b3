import { describe, expect, it } from "vitest";
import { MESSAGE_KEYS, translate } from "./messages";

describe("interface texts", () => {
  it("fill their placeholders in each language", () => {
    expect(translate("en", "nav.next", { step: 2, title: "Best practices" })).toBe("Next step: 2. Best practices");
    expect(translate("fr", "nav.next", { step: 2, title: "Bonnes pratiques" })).toBe("Étape suivante : 2. Bonnes pratiques");
    expect(translate("fr", "top.check")).toBe("Vérifier");
  });

  it("leave an unknown placeholder visible rather than blank", () => {
    expect(translate("en", "nav.step")).toBe("Step {step}");
  });
});

describe("the French texts", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it("use the same placeholders as the English ones", () => {
    const mismatched = MESSAGE_KEYS.filter((key) => placeholders(translate("en", key)).join() !== placeholders(translate("fr", key)).join());
    expect(mismatched).toEqual([]);
  });

  it("are written in French, not left in English (short technical words aside)", () => {
    const sameInBoth = new Set(["check.score", "terminal.tab.node1"]); // "Score", node names: French too
    const same = MESSAGE_KEYS.filter((key) => !sameInBoth.has(key) && translate("en", key) === translate("fr", key) && translate("en", key).length > 12);
    expect(same).toEqual([]);
  });
});
