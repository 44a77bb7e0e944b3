import { describe, expect, it } from "vitest";
import { decideStart, replacementMessage, type StartRequest } from "./start-from";
import { renderText } from "./i18n/render-text";

const base: StartRequest = {
  source: "reference",
  folder: "2_wordpress_multiservice_better",
  previousFolder: "1_worpress_multiservice_dirty",
  previousStep: 1,
  target: { exists: false, files: [] },
  from: { exists: true, files: ["Dockerfile"] },
  replace: false,
};

describe("decideStart", () => {
  it("copies into a missing or empty step folder without asking", () => {
    expect(decideStart(base).kind).toBe("copy");
    expect(decideStart({ ...base, target: { exists: true, files: [] } }).kind).toBe("copy");
  });

  it("asks before replacing files, naming the folder and every file it would delete", () => {
    const decision = decideStart({ ...base, source: "mine", target: { exists: true, files: ["Dockerfile", "notes.txt"] } });
    expect(decision.kind).toBe("confirm");
    if (decision.kind !== "confirm") return;
    expect(decision.replacing).toEqual(["Dockerfile", "notes.txt"]);
    expect(decision.message).toContain("2_wordpress_multiservice_better/");
    expect(decision.message).toContain("Dockerfile, notes.txt");
    expect(decision.message).toContain("your step 1");
  });

  it("copies over files once the student confirmed", () => {
    expect(decideStart({ ...base, target: { exists: true, files: ["Dockerfile"] }, replace: true }).kind).toBe("copy");
  });

  it("says clearly when the student's previous folder does not exist or is empty", () => {
    const missing = decideStart({ ...base, source: "mine", from: { exists: false, files: [] } });
    expect(missing).toMatchObject({ kind: "missing" });
    expect(missing.kind === "missing" && missing.message).toMatch(/There is no folder 1_worpress_multiservice_dirty\/ in your workspace/);
    const empty = decideStart({ ...base, source: "mine", from: { exists: true, files: [] } });
    expect(empty.kind === "missing" && empty.message).toMatch(/1_worpress_multiservice_dirty\/ is empty/);
  });

  it("gives each refusal and confirmation in French too (the server's answer carries it as text)", () => {
    const files = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const confirm = decideStart({ ...base, source: "mine", target: { exists: true, files } });
    expect(confirm.kind === "confirm" && renderText(confirm.text, "fr")).toBe(
      "Remplacer les 8 fichiers de 2_wordpress_multiservice_better/ (a, b, c, d, e, f et 2 autres) par une copie de votre étape 1 ? Vos fichiers actuels de 2_wordpress_multiservice_better/ seront supprimés.",
    );
    expect(confirm.kind === "confirm" && confirm.message).toBe(
      "Replace the 8 files in 2_wordpress_multiservice_better/ (a, b, c, d, e, f and 2 more) with a copy of your step 1? Your current files in 2_wordpress_multiservice_better/ will be deleted.",
    );
    const missing = decideStart({ ...base, from: { exists: false, files: [] } });
    expect(missing.kind === "missing" && renderText(missing.text, "fr")).toBe("Ce cours n’a pas de correction pour l’étape 1 (1_worpress_multiservice_dirty/). Partez plutôt de votre propre étape 1.");
  });

  it("never replaces files when there is nothing to copy, even if confirmed", () => {
    const decision = decideStart({ ...base, from: { exists: false, files: [] }, target: { exists: true, files: ["a"] }, replace: true });
    expect(decision.kind).toBe("missing");
  });
});

describe("replacementMessage", () => {
  it("lists a few files and counts the rest", () => {
    const files = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const message = replacementMessage("5_x", files, "the reference solution of step 4");
    expect(message).toContain("the 8 files in 5_x/ (a, b, c, d, e, f and 2 more)");
    expect(replacementMessage("5_x", ["Dockerfile"], "x")).toContain("Replace the file in 5_x/ (Dockerfile)");
  });
});
