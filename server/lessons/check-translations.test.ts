/**
 * Levelled hints (nudge → concrete hint → answer) and the checks.<locale>.yaml overlay: what the
 * loader accepts, what it refuses (saying which file and check), and what reaches a result.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hintLevels } from "../grading/check-spec";
import { runStaticChecks } from "../grading/run-checks";
import { LESSONS_DIR, loadCourse, loadLesson, type Lesson } from "./load-lessons";

const tmp = mkdtempSync(path.join(os.tmpdir(), "wb-check-texts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let course: Lesson[];
beforeAll(async () => {
  course = await loadCourse();
});
const lesson = (step: number) => course.find((l) => l.step === step)!;

/** A copy of lesson 01 whose `file` is changed by `edit`. */
function copyOfStep1(name: string, file: string, edit: (text: string) => string): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(LESSONS_DIR, "01-dirty-dockerfile"), dir, { recursive: true });
  const target = path.join(dir, file);
  writeFileSync(target, edit(readFileSync(target, "utf8")));
  return dir;
}

describe("levelled hints", () => {
  it("steps 1 to 9 give every check three levels, from a nudge to the answer", () => {
    for (const step of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      for (const check of lesson(step).checks.checks.filter((c) => !/^step\d-/.test(c.id))) {
        expect(check.hints, `step ${step} ${check.id}`).toHaveLength(3);
        const [nudge, , answer] = check.hints!;
        // The nudge is the short one; the answer is the full explanation.
        expect(nudge!.length, `step ${step} ${check.id}`).toBeLessThan(answer!.length);
      }
    }
  });

  it("sends every level with a failed check, the answer as its hint, and none with a passed one", () => {
    const step1 = lesson(1);
    const results = runStaticChecks(step1.checks, { folder: step1.checks.folder, files: { [`${step1.checks.folder}/Dockerfile`]: "FROM ubuntu:22.04\nCMD [\"bash\"]\n" } });
    const base = results.find((r) => r.id === "base-image")!;
    const spec = step1.checks.checks.find((c) => c.id === "base-image")!;
    expect(base.status).toBe("fail");
    expect(base.hints).toEqual(spec.hints);
    expect(base.hint).toBe(spec.hints![2]);
    const folder = results.find((r) => r.id === "folder")!;
    expect(folder.status).toBe("pass");
    expect(folder).not.toHaveProperty("hints");
  });

  it("keeps a lone hint valid as the only level, the answer", () => {
    expect(hintLevels({ hint: "Write FROM debian." })).toEqual(["Write FROM debian."]);
    expect(hintLevels({})).toEqual([]);
  });

  it("refuses a check that gives both hint and hints, or more than three levels", async () => {
    const both = copyOfStep1("both", "checks.yaml", (t) => t.replace("  - id: base-image\n", "  - id: base-image\n    hint: Write FROM debian.\n"));
    await expect(loadLesson(both)).rejects.toThrow(/checks\.yaml: check "base-image" gives both hint and hints/);
    const four = copyOfStep1("four", "checks.yaml", (t) => t.replace(/(  - id: base-image\n[\s\S]*?    hints:\n)/, "$1      - A fourth level.\n"));
    await expect(loadLesson(four)).rejects.toThrow(/four\/checks\.yaml:\d+: checks\.1\.hints/);
  });
});

describe("checks.fr.yaml", () => {
  it("gives steps 1 to 9 a French title and as many hint levels for every check, kept ones included", () => {
    for (const step of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const texts = lesson(step).checkTexts.fr!;
      for (const check of lesson(step).checks.checks) {
        const fr = texts[check.id];
        expect(fr, `step ${step} ${check.id} in French`).toBeDefined();
        expect(fr!.title, `step ${step} ${check.id}`).not.toBe(check.title);
        expect(fr!.hints).toHaveLength(hintLevels(check).length);
      }
      expect(lesson(step).warnings.filter((w) => w.includes("checks.fr.yaml")), `step ${step}`).toEqual([]);
    }
    const kept = lesson(3).checkTexts.fr!["step1-zip-download"]!;
    expect(kept.title).toMatch(/^Repris de l’étape 1 : WordPress est téléchargé/);
    expect(kept.hints[0]).toMatch(/^Règle de l’étape 1 non respectée : /);
    expect(kept.hints[2]).toContain("latest.zip");
    // A check kept in several files says which one, in French too.
    const perFile = Object.entries(lesson(6).checkTexts.fr!).filter(([id]) => id.startsWith("step2-best-practices-"));
    expect(perFile.map(([, text]) => text.title.match(/\(([^)]+)\)$/)?.[1]).sort()).toEqual(["apache_wordpress/Dockerfile", "mysql_wordpress/Dockerfile"]);
  });

  it("refuses an id checks.yaml does not have, and a different number of levels, naming the file and check", async () => {
    const unknown = copyOfStep1("unknown", "checks.fr.yaml", (t) => t.replace("\n  base-image:\n", "\n  base-imag:\n"));
    await expect(loadLesson(unknown)).rejects.toThrow(/unknown\/checks\.fr\.yaml: the check "base-imag" is not in checks\.yaml/);
    const fewer = copyOfStep1("fewer", "checks.fr.yaml", (t) => t.replace(/(\n  base-image:\n    title: [^\n]*\n    hints:\n)      - >-\n[^\n]*\n/, "$1"));
    await expect(loadLesson(fewer)).rejects.toThrow(/fewer\/checks\.fr\.yaml: check "base-image" gives 2 of its hint levels, but checks\.yaml gives 3/);
  });

  it("refuses describe texts or a failMessage that do not match checks.yaml's, naming the file and check", async () => {
    const fewer = copyOfStep1("fewer-describes", "checks.fr.yaml", (t) => t.replace('      - "l’extension MySQL de PHP"\n', ""));
    await expect(loadLesson(fewer)).rejects.toThrow(/fewer-describes\/checks\.fr\.yaml: check "required-packages" gives 3 of its describe texts, but checks\.yaml gives 4/);
    const noFailMessage = copyOfStep1("no-fail-message", "checks.fr.yaml", (t) => t.replace(/\n    failMessage: >-\n      Les sources[^\n]*\n[^\n]*/, ""));
    await expect(loadLesson(noFailMessage)).rejects.toThrow(/no-fail-message\/checks\.fr\.yaml: check "sources-in-place" has no failMessage, but checks\.yaml gives one/);
    const extra = copyOfStep1("extra-fail-message", "checks.fr.yaml", (t) => t.replace("\n  base-image:\n", '\n  base-image:\n    failMessage: "En trop."\n'));
    await expect(loadLesson(extra)).rejects.toThrow(/extra-fail-message\/checks\.fr\.yaml: check "base-image" has a failMessage, but checks\.yaml gives none/);
  });

  it("gives each describe and failMessage its French by its English, for the page to say in French", () => {
    const step1 = lesson(1).checkTexts.fr!;
    expect(step1["required-packages"]!.phrases).toEqual({
      "the Apache web server": "le serveur web Apache",
      "PHP for Apache": "PHP pour Apache",
      "PHP's MySQL extension": "l’extension MySQL de PHP",
      "the MariaDB server": "le serveur MariaDB",
    });
    expect(step1["sources-in-place"]!.phrases!["Expected the WordPress sources in /var/www/html/wordpress (wp-includes/version.php is missing)."]).toMatch(/^Les sources de WordPress/);
    // A kept check (step 2 keeps step 1's) takes the phrases of the step that wrote it.
    expect(lesson(2).checkTexts.fr!["step1-names"]!.phrases).toEqual(step1.names!.phrases);
    expect(Object.values(step1.names!.phrases!)).toContain("la commande build qui étiquette l’image mon_image_wordpress");
  });

  it("leaves a check it does not translate in English, with a warning that names it", async () => {
    const missing = copyOfStep1("missing", "checks.fr.yaml", (t) => t.replace(/\n  base-image:\n[\s\S]*?(?=\n  no-wordpress-package:)/, ""));
    const loaded = await loadLesson(missing);
    expect(loaded.checkTexts.fr!["base-image"]).toBeUndefined();
    expect(loaded.checkTexts.fr!.folder!.title).toMatch(/^Le dossier/);
    expect(loaded.warnings).toEqual([`missing/checks.fr.yaml: check "base-image" is not translated (shown in English)`]);
  });
});
