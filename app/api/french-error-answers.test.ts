/**
 * The proof that a French student or teacher reads the HTTP routes' error answers in French: in the
 * routes a student calls (the file editor, uploads, the workspace zip, signing in and up, joining a
 * class, starting a step), those a teacher calls (classes, due dates, re-grades, students' work,
 * lesson previews, API tokens, reset links) and the server code behind them, every error is given
 * as a catalog message (`say(…)`), so its answer carries `error.text` beside the English
 * `error.message`. An English sentence written as a string there is what this walk finds; a form
 * field refused in zod's own English is said in ours (field-issue-text.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError, toErrorResponse } from "@/server/app-error";
import { renderText } from "@/lib/i18n/render-text";
import { say, bytesOf } from "@/lib/i18n/text-ref";
import { formMessageText } from "./auth/_lib/auth-http";
import { quotedStrings, readSources, type SourceFile } from "@/lib/i18n/testing/source-strings";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** What a student's requests reach: the routes, then the server functions that answer them. */
const STUDENT_ROUTES = [
  "app/api/_lib",
  "app/api/files",
  "app/api/workspace.zip",
  "app/api/steps",
  "app/api/course",
  "app/api/auth",
  "app/api/classes/join",
  "server/workspace",
  "server/identity/accounts.ts",
  "server/identity/classes.ts",
  "server/app-api.ts",
  "server/reference-solution.ts",
  "server/start-step.ts",
];

/** What a teacher's (or an admin's) requests reach. */
const TEACHER_ROUTES = ["app/api/classes", "app/api/teacher", "app/api/tokens", "app/api/auth", "server/identity", "server/authoring", "server/lti/class-lms.ts"];

/** Errors that no page shows, named with why (file, or file:its English). */
const NOT_SHOWN = new Set([
  "server/workspace/legacy-owner.ts", // the server's start-up, in its log
  "server/workspace/safe-dir.ts:The workspace service needs Linux (/proc/self/fd is missing).", // the operator's fault, logged
  "server/workspace/workspace-path.ts:Invalid student id.", // a fault of ours: the id comes from the signed cookie
  "server/workspace/snapshot.ts", // the grader's copy of a step folder: its error is a Check's result, said by the grader
]);

/** A sentence given to an AppError, a body reader's refusal or a form schema's check as English text. */
const ENGLISH_ERROR = /(?:new AppError\(\s*"\w+",\s*|read(?:Json|Text|Form)?Body\([^,]+,[^,]+,\s*|\.(?:min|max|email|regex)\([^"`()]*?,?\s*)(`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*")/g;

/** Each English sentence an error answer of these files would carry without its French, as "file:line: text". */
export function englishErrorAnswers(files: SourceFile[]): string[] {
  return (
    quotedStrings(files, ENGLISH_ERROR)
      .filter(({ file, text }) => !NOT_SHOWN.has(file) && /\w+ \w+/.test(text) && !NOT_SHOWN.has(`${file}:${text}`))
      // A form schema's message is recognised as the catalog's when the form is read (auth-http.ts).
      .filter(({ text, match }) => !(match.startsWith(".") && formMessageText(text)))
      .map(({ file, line, text }) => `${file}:${line}: ${text.slice(0, 120)}`)
  );
}

describe("the routes a student or a teacher meets answer their errors in French too", () => {
  it("every error of the student's routes and the code behind them is a catalog message", () => {
    const files = readSources(ROOT, STUDENT_ROUTES, { names: /\.tsx?$/ });
    expect(files.length).toBeGreaterThan(25);
    expect(englishErrorAnswers(files)).toEqual([]);
  });

  it("every error of the teacher's routes and the code behind them is a catalog message", () => {
    const files = readSources(ROOT, TEACHER_ROUTES, { names: /\.tsx?$/ });
    expect(files.length).toBeGreaterThan(30);
    expect(englishErrorAnswers(files)).toEqual([]);
  });

  it("the password rules' messages, written in the schema, are recognised as the catalog's", () => {
    const password = readFileSync(path.join(ROOT, "server/identity/passwords.ts"), "utf8");
    expect(englishErrorAnswers([{ file: "server/identity/passwords.ts", source: password }])).toEqual([]);
    expect(formMessageText("A password has at least 10 characters.")).toEqual({ key: "auth.passwordMin", values: { count: 10 } });
  });

  it("finds an English error (the walk itself works)", () => {
    const source = [
      'throw new AppError("not_found", `There is no file “${relPath}”.`);',
      'const body = await readJsonBody(request, 4096, "The request is too large.");',
      'const email = z.string().max(254, "That mail address is far too long.");',
      'throw new AppError("not_found", say("files.noFile", { path: show(relPath) }));',
      'z.string().min(1, "Enter your password.")',
    ].join("\n");
    expect(englishErrorAnswers([{ file: "x.ts", source }])).toEqual(["x.ts:1: There is no file “1”.", "x.ts:2: The request is too large.", "x.ts:3: That mail address is far too long."]);
  });

  it("an error answer keeps its English message and carries the catalog message, which reads in French", () => {
    const { status, body } = toErrorResponse(new AppError("too_large", say("upload.tooLarge", { size: bytesOf(20 * 1024 * 1024) })));
    expect(status).toBe(413);
    expect(body.error.message).toBe("An upload may hold at most 20 MiB.");
    expect(renderText(body.error.text!, "fr")).toBe("Un import peut contenir au plus 20\u00a0Mio.");
    const fault = toErrorResponse(new Error("ENOENT /var/lib/secret"));
    expect(fault.body.error.message).toBe("Something went wrong on our side. Try again; if it persists, tell your teacher.");
    expect(renderText(fault.body.error.text!, "fr")).toMatch(/^Quelque chose s’est mal passé de notre côté/);
  });
});
