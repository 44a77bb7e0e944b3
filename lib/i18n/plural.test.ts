import { describe, expect, it } from "vitest";
import { translate } from "./messages";
import { choosePlurals, pluralBranches } from "./plural";

describe("counts with a noun in the interface", () => {
  it("say one attempt in English only for 1, and in French for 0 and 1", () => {
    expect([0, 1, 2].map((count) => translate("en", "account.cellAttempts", { count }))).toEqual(["0 attempts", "1 attempt", "2 attempts"]);
    expect([0, 1, 2].map((count) => translate("fr", "account.cellAttempts", { count }))).toEqual(["0 essai", "1 essai", "2 essais"]);
  });

  it("agree the analytics' median and its minutes with their numbers, written the language's way", () => {
    expect(translate("en", "account.failuresMedian", { attempts: 1, minutes: 0 })).toBe("Median to a first pass: 1 run, 0 minutes.");
    expect(translate("en", "account.failuresMedian", { attempts: 2, minutes: 1 })).toBe("Median to a first pass: 2 runs, 1 minute.");
    expect(translate("fr", "account.failuresMedian", { attempts: 1, minutes: 0 })).toBe("Médiane jusqu’à une première réussite : 1 essai, 0 minute.");
    expect(translate("fr", "account.failuresMedian", { attempts: 1.5, minutes: 2 })).toBe("Médiane jusqu’à une première réussite : 1,5 essai, 2 minutes.");
    expect(translate("en", "account.failuresMedian", { attempts: 1.5, minutes: 2 })).toBe("Median to a first pass: 1.5 runs, 2 minutes.");
  });

  it("agree the verbs too, in both languages", () => {
    expect([0, 1, 2].map((students) => translate("en", "account.failuresSummary", { students, passed: students }))).toEqual([
      "0 students checked this step, 0 passed it.",
      "1 student checked this step, 1 passed it.",
      "2 students checked this step, 2 passed it.",
    ]);
    expect([0, 1, 2].map((students) => translate("fr", "account.failuresSummary", { students, passed: students }))).toEqual([
      "0 élève a vérifié cette étape, 0 l’a réussie.",
      "1 élève a vérifié cette étape, 1 l’a réussie.",
      "2 élèves ont vérifié cette étape, 2 l’ont réussie.",
    ]);
    expect(translate("en", "account.changedElsewhere", { count: 1 })).toMatch(/; 1 other session of your account \(another browser or device\) was signed out\.$/);
    expect(translate("fr", "account.changedElsewhere", { count: 2 })).toMatch(/; 2 autres sessions de votre compte \(autres navigateurs ou appareils\) ont été déconnectées\.$/);
    expect(translate("en", "account.lmsPending", { attempts: 1, date: "d", reason: "r" })).toBe("Failed once, tried again d: r");
    expect(translate("en", "account.lmsPending", { attempts: 3, date: "d", reason: "r" })).toBe("Failed 3 times, tried again d: r");
    expect(translate("fr", "account.gridShown", { shown: 1, total: 4 })).toBe("1 élève affiché sur 4");
    expect(translate("en", "account.gridShown", { shown: 0, total: 1 })).toBe("0 of 1 student shown");
  });
});

describe("choosePlurals", () => {
  it("prefers an exact =N branch, falls back to other for a form the message lacks, and fills placeholders inside the branch later", () => {
    const template = "{n, plural, =0 {nobody} one {# person ({who})} other {# people}}";
    expect(choosePlurals(template, "en", { n: 0 })).toBe("nobody");
    expect(choosePlurals(template, "en", { n: 1 })).toBe("1 person ({who})");
    // French says 1 000 000 with the "many" form: this message has none, so "other".
    expect(choosePlurals(template, "fr", { n: 1_000_000 })).toBe("1\u202f000\u202f000 people");
    expect(choosePlurals(template, "en", { n: "2" })).toBe("2 people");
  });

  it("leaves a block whose number is missing or not a number as it is, visible", () => {
    const template = "Tried {n, plural, one {# time} other {# times}}.";
    expect(choosePlurals(template, "en", {})).toBe(template);
    expect(choosePlurals(template, "en", { n: "–" })).toBe(template);
  });

  it("chooses a plural nested in another's branch", () => {
    const template = "{a, plural, one {one box of {b, plural, one {# cat} other {# cats}}} other {# boxes}}";
    expect(choosePlurals(template, "en", { a: 1, b: 2 })).toBe("one box of 2 cats");
  });

  it("refuses a block without an other branch or with a stray word (the catalog test relies on it)", () => {
    expect(pluralBranches("one {# x}")).toBeNull();
    expect(pluralBranches("one {# x} lots {# y} other {# z}")).toBeNull();
    expect(pluralBranches(" one {# x} other {# {name}s} ")).toEqual(
      new Map([
        ["one", "# x"],
        ["other", "# {name}s"],
      ]),
    );
  });
});
