import { describe, expect, it } from "vitest";
import { hintLevelName, readRevealedHints, revealedHintsKey, writeRevealedHints, type HintStorage } from "./hint-reveal";

function memoryStorage(): HintStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe("revealed hint levels", () => {
  it("start at none, and remember each student's, step's and check's count apart", () => {
    const storage = memoryStorage();
    expect(readRevealedHints(storage, { owner: "ann", step: 1 }, "base-image", 3)).toBe(0);
    writeRevealedHints(storage, { owner: "ann", step: 1 }, "base-image", 2);
    expect(readRevealedHints(storage, { owner: "ann", step: 1 }, "base-image", 3)).toBe(2);
    expect(readRevealedHints(storage, { owner: "ann", step: 2 }, "base-image", 3)).toBe(0);
    expect(readRevealedHints(storage, { owner: "ann", step: 1 }, "zip-download", 3)).toBe(0);
    // Another student in the same browser starts with none revealed.
    expect(readRevealedHints(storage, { owner: "bob", step: 1 }, "base-image", 3)).toBe(0);
  });

  it("are forgotten when set back to none (the check passed)", () => {
    const storage = memoryStorage();
    writeRevealedHints(storage, { owner: "ann", step: 3 }, "user-instruction", 3);
    writeRevealedHints(storage, { owner: "ann", step: 3 }, "user-instruction", 0);
    expect(storage.data.has(revealedHintsKey({ owner: "ann", step: 3 }, "user-instruction"))).toBe(false);
    expect(readRevealedHints(storage, { owner: "ann", step: 3 }, "user-instruction", 3)).toBe(0);
  });

  it("never exceed the levels the check has, and read a tampered value as none", () => {
    const storage = memoryStorage();
    writeRevealedHints(storage, { owner: "ann", step: 1 }, "names", 3);
    expect(readRevealedHints(storage, { owner: "ann", step: 1 }, "names", 1)).toBe(1);
    storage.setItem(revealedHintsKey({ owner: "ann", step: 1 }, "names"), "-1");
    expect(readRevealedHints(storage, { owner: "ann", step: 1 }, "names", 3)).toBe(0);
    storage.setItem(revealedHintsKey({ owner: "ann", step: 1 }, "names"), "3; alert(1)");
    expect(readRevealedHints(storage, { owner: "ann", step: 1 }, "names", 3)).toBe(0);
  });

  it("survive a storage that refuses to work: nothing remembered, nothing thrown", () => {
    const refusing: HintStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    expect(() => writeRevealedHints(refusing, { owner: "ann", step: 1 }, "build", 1)).not.toThrow();
    expect(readRevealedHints(refusing, { owner: "ann", step: 1 }, "build", 3)).toBe(0);
    expect(readRevealedHints(null, { owner: "ann", step: 1 }, "build", 3)).toBe(0);
  });
});

describe("hint level names", () => {
  it("call the last level the answer, the one before it a hint, and the first of three a nudge", () => {
    expect([0, 1, 2].map((i) => hintLevelName(i, 3))).toEqual(["nudge", "hint", "answer"]);
    expect([0, 1].map((i) => hintLevelName(i, 2))).toEqual(["hint", "answer"]);
    expect(hintLevelName(0, 1)).toBe("answer");
  });
});
