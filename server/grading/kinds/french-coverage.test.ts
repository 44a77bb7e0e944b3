/**
 * The proof that a French student reads every result in French: each check kind's judge says its
 * failures and its successes through the catalog (a TextRef, never a bare English string), and
 * every lesson gives the French of its checks' `describe` and `failMessage` texts in checks.fr.yaml.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCourse, type Lesson } from "../../lessons/load-lessons";
import { phrasesOf } from "../check-phrases";
import { CHECK_KINDS } from "./registry";

const KINDS_DIR = path.dirname(new URL(import.meta.url).pathname);

/**
 * Calls that make a failing, skipped or errored result from a string or from a missing file's
 * English (`read.message`; its `why` is the catalog's), or replace a result's message with a string.
 */
const FAILURE_CALL = /\b(fail|skip|error|notJudgedHere)\(\s*([`"']|read\.message\b)|\bmessage:\s*([`"'])/g;

/** A success said as a string: `pass("…")`, `pass(\`…\`)`, or a condition with a string as its first branch (`pass(x ? \`…\` : …)`). */
const SUCCESS_CALL = /\bpass\(\s*(?:[^`"'();]*\?\s*)?[`"']/g;

/** Every place in a kind's own files where a failure's message is an English string. */
function englishResults(kind: string, call: RegExp): string[] {
  const dir = path.join(KINDS_DIR, kind);
  const found: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "spec.ts")) {
    const source = readFileSync(path.join(dir, file), "utf8");
    for (const match of source.matchAll(call)) {
      const line = source.slice(0, match.index).split("\n").length;
      found.push(`${kind}/${file}:${line}: ${source.split("\n")[line - 1]!.trim().slice(0, 100)}`);
    }
  }
  return found;
}

describe("every check kind's failures have their French", () => {
  it.each(Object.keys(CHECK_KINDS))("%s says its failures through the catalog", (kind) => {
    expect(englishResults(kind, FAILURE_CALL)).toEqual([]);
  });

  it.each(Object.keys(CHECK_KINDS))("%s says its successes through the catalog", (kind) => {
    expect(englishResults(kind, SUCCESS_CALL)).toEqual([]);
  });

  it("finds an English failure where there is one (the walk itself works)", () => {
    expect(FAILURE_CALL.test("return fail(`Expected ${x}`, { file });")).toBe(true);
    FAILURE_CALL.lastIndex = 0;
    expect(FAILURE_CALL.test('return fail(say("x.y", { x }), { file });')).toBe(false);
    FAILURE_CALL.lastIndex = 0;
    for (const english of ["return pass(`${file} is valid.`);", 'pass(done.length ? `${done.join("; ")}.` : "The swarm is active.")']) {
      expect(english.match(SUCCESS_CALL)).not.toBeNull();
    }
    for (const catalog of ['pass(say("x.y", { x }));', 'pass(found.length ? say("a.b") : say("a.c", { n }))', 'pass(\n      say("folder.found"))']) {
      expect(catalog.match(SUCCESS_CALL)).toBeNull();
    }
  });
});

describe("every lesson's describe and failMessage texts have their French", () => {
  let course: Lesson[];
  beforeAll(async () => {
    course = await loadCourse();
  });

  it("checks.fr.yaml translates each phrase of each check of checks.yaml", () => {
    const untranslated: string[] = [];
    let phrases = 0;
    for (const lesson of course) {
      for (const check of lesson.checks.checks) {
        const french = lesson.checkTexts.fr?.[check.id]?.phrases ?? {};
        for (const phrase of phrasesOf(check)) {
          phrases++;
          const said = french[phrase];
          // A proper name alone ("Apache") reads the same in French; a phrase of several words does not.
          if (!said || (said === phrase && /\s/.test(phrase))) untranslated.push(`${lesson.slug} ${check.id}: "${phrase.slice(0, 60)}"`);
        }
      }
    }
    expect(phrases).toBeGreaterThan(40);
    expect(untranslated).toEqual([]);
  });
});
