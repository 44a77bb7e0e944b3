/**
 * The proof that a French student reads the server's own lines in French: every message the
 * server's student-facing code writes as a string (a progress line, a status, an error a student
 * is shown) is one the catalog knows (server/ws/message-text.ts recognises it as it is sent), so
 * the page can say it in French. A `${…}` part of a template stands for any value.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recognizeServerText } from "./message-text";
import { quotedStrings, readSources, type SourceFile } from "../../lib/i18n/testing/source-strings";

const SERVER = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** Where the lines a student reads during a Check, a Submit, a preview or a teacher's preview run are written. */
const STUDENT_FACING = ["grading-services", "sandbox", "ws", "preview", "authoring", "grading/disk-full.ts"];

/** Lines only an operator or a teacher's command line reads (the CLI, the server's log), named with why. */
const NOT_FOR_STUDENTS = new Set([
  "grading-services/server-grader-engines.ts", // `npm run grade` run outside the server: the operator's terminal
  "grading-services/cli.ts", // the operator's terminal
  "grading-services/sandbox-copy.ts", // copies a folder named on the operator's command line
  "grading-services/regrade-worker.ts", // a re-grade row's error, in the teacher's re-grade table
  "authoring/preview-files.ts", // HTTP answers to the teacher's preview page
  "authoring/preview-runs.ts:Step 1 has no reference solution (lessons/1/solution/).", // the teacher's preview page, as an HTTP answer
  "authoring/preview-runs.ts:Your preview run of step 1 is still going: wait for it to finish, then start another.", // the same
  "sandbox/engine-manager.ts:No free engine place to start one ahead of the page.", // a pool refill's reason, logged only
  "sandbox/root-helper/root-helper.ts", // the root helper's answers to the server over its IPC channel: logged; a student's request that needed them fails with the engine's or the files' own catalog message
  "sandbox/wordpress-journey.ts", // the journey's transcript, said through the catalog by its judge (french-coverage.test.ts)
]);

/** A string given as a progress line, a message field or an AppError's message. */
const SENT_STRING = /(?:\bprogress\??\.?\(\s*(?:"\w+",\s*)?|onProgress\??\.?\(\s*(?:"\w+",\s*)?|new AppError\(\s*"\w+",\s*|\bmessage:\s*)(`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*")/g;

/** The strings written for a student that the catalog does not know, as "file:line: text". */
export function unknownServerLines(files: SourceFile[]): string[] {
  return (
    quotedStrings(files, SENT_STRING)
      // A word or two (a stage name, a state) is no sentence; the catalog holds sentences.
      .filter(({ file, text }) => !NOT_FOR_STUDENTS.has(file) && /\w+ \w+ \w+/.test(text) && !NOT_FOR_STUDENTS.has(`${file}:${text}`))
      .filter(({ text }) => !recognizeServerText(text))
      .map(({ file, line, text }) => `${file}:${line}: ${text.slice(0, 120)}`)
  );
}

/** A probe's error written as an English sentence (`error: "the node has no …"`) rather than with ourError(say(…)). */
const ENGLISH_PROBE_ERROR = /\berror:\s*[`"'][^`"']*[a-z]{3,} [a-z]{2,}/g;

export function englishProbeErrors(files: SourceFile[]): string[] {
  return files.flatMap(({ file, source }) => [...source.matchAll(ENGLISH_PROBE_ERROR)].map((match) => `${file}:${source.slice(0, match.index).split("\n").length}`));
}

describe("the server's own lines have their French", () => {
  it("every string the server sends a student is a message of the catalog", () => {
    const files = readSources(SERVER, STUDENT_FACING, { names: /\.ts$/ });
    expect(files.length).toBeGreaterThan(40);
    expect(unknownServerLines(files)).toEqual([]);
  });

  it("every probe says its own errors through the catalog (the engine's and tools' words are quoted as they are)", () => {
    const files = readSources(SERVER, ["sandbox"], { names: /\.ts$/, withTestSupport: true });
    expect(englishProbeErrors(files)).toEqual([]);
    expect(englishProbeErrors([{ file: "p.ts", source: 'return { ...probed, error: "the node has no address" };\nreturn { ...ourError(say("probe.noAddress")) };' }])).toEqual(["p.ts:1"]);
  });

  it("finds a line the catalog does not know (the walk itself works)", () => {
    const source =
      'progress("sandbox", `Copying ${n} files into the sandbox…`);\nthrow new AppError("not_found", "Your workspace folder is gone.");\nemit({ message: "Waiting for your Docker engine…" });';
    expect(unknownServerLines([{ file: "x.ts", source }])).toEqual(["x.ts:1: Copying 1 files into the sandbox…", "x.ts:2: Your workspace folder is gone."]);
  });
});
