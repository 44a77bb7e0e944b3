import { describe, expect, it } from "vitest";
import { translate } from "./messages";

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
