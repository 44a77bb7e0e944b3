import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, resolveLocale } from "./locale";

describe("the workbench's language", () => {
  it("follows the student's choice first", () => {
    expect(resolveLocale("fr", "en-US,en;q=0.9")).toBe("fr");
    expect(resolveLocale("en", "fr-FR")).toBe("en");
  });

  it("otherwise the browser's preferred supported language, by weight", () => {
    expect(resolveLocale(undefined, "fr-FR,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(resolveLocale(null, "de-DE,de;q=0.9,fr;q=0.7,en;q=0.5")).toBe("fr");
    expect(resolveLocale(null, "en;q=0.4, fr-CA;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("de,es")).toBeUndefined();
    expect(localeFromAcceptLanguage("fr;q=0")).toBeUndefined();
  });

  it("falls back to English for anything else, garbage included", () => {
    expect(resolveLocale("klingon", "de")).toBe("en");
    expect(resolveLocale("", "")).toBe("en");
    expect(resolveLocale(undefined, ";;;,q=,%%")).toBe("en");
  });
});
