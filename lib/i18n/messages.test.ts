import { describe, expect, it } from "vitest";
import { MESSAGE_KEYS, translate } from "./messages";
import { pluralBlocksOf } from "./plural";

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
  // A plural's number counts as a placeholder (`{count, plural, …}` in one language and `{count}` in the other is fine); a branch's `{…}` is text.
  const placeholders = (text: string) => [...new Set([...text.matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+)\s*)\{(\w+)(?:\}|,\s*plural,)/g)].map((m) => m[1]))].sort();

  it("use the same placeholders as the English ones", () => {
    const mismatched = MESSAGE_KEYS.filter((key) => placeholders(translate("en", key)).join() !== placeholders(translate("fr", key)).join());
    expect(mismatched).toEqual([]);
  });

  it("write every plural so it can be chosen (branches one/other/…, an other branch), in both languages", () => {
    const template = (locale: "en" | "fr", key: (typeof MESSAGE_KEYS)[number]) => translate(locale, key, {}); // no values: plurals stay unchosen
    const broken = MESSAGE_KEYS.flatMap((key) =>
      (["en", "fr"] as const).filter((locale) => pluralBlocksOf(template(locale, key)).some((block) => block.branches === null)).map((locale) => `${locale} ${key}`),
    );
    expect(broken).toEqual([]);
    expect(MESSAGE_KEYS.filter((key) => pluralBlocksOf(template("en", key)).length > 0).length).toBeGreaterThan(3);
  });

  it("keep no pair of a one-thing and a many-things message: a count with a noun is one plural message", () => {
    const keys = new Set<string>(MESSAGE_KEYS);
    const pairs = MESSAGE_KEYS.filter((key) => /One$/.test(key) && [key.replace(/One$/, "Many"), key.replace(/One$/, ""), `${key.replace(/One$/, "")}s`].some((other) => keys.has(other)));
    const singulars = MESSAGE_KEYS.filter((key) => keys.has(`${key}s`) && /^(?:1|une?) /.test(translate("fr", key)));
    expect([...pairs, ...singulars]).toEqual([]);
    expect([1, 2].map((count) => translate("fr", "check.passedFolded", { count }))).toEqual(["1 vérification réussie", "2 vérifications réussies"]);
    expect([1, 4].map((count) => translate("en", "log.lines", { count }))).toEqual(["1 line", "4 lines"]);
    expect(translate("fr", "start.copied", { count: 1, what: "la correction de l’étape 1", folder: "2_x" })).toBe("1 fichier copié depuis la correction de l’étape 1 dans 2_x/.");
    expect(translate("fr", "start.replace", { count: 1, folder: "2_x", files: "Dockerfile", what: "votre étape 1" })).toMatch(/^Remplacer le fichier de 2_x\/ \(Dockerfile\)/);
    expect(translate("en", "start.replace", { count: 3, folder: "2_x", files: "a, b, c", what: "your step 1" })).toMatch(/^Replace the 3 files in 2_x\/ \(a, b, c\)/);
    expect(translate("fr", "common.files", { count: 1 })).toBe("1 fichier");
  });

  it("say no “(s)”: a count with a noun is a plural", () => {
    expect(MESSAGE_KEYS.filter((key) => /\(s\)/.test(translate("en", key)) || /\{\w+\}[^{}]*\((s|e|es)\)/.test(translate("fr", key)))).toEqual([]);
  });

  it("are written in French, not left in English (short technical words aside)", () => {
    const sameInBoth = new Set(["check.score", "terminal.tab.node1"]); // "Score", node names: French too
    const same = MESSAGE_KEYS.filter((key) => !sameInBoth.has(key) && translate("en", key) === translate("fr", key) && translate("en", key).length > 12);
    expect(same).toEqual([]);
  });
});
