/**
 * What the account and class routes share: a small JSON body read through the size-limited reader
 * and checked with zod, and JSON answers that set cookies.
 */
import type { z } from "zod";
import { AppError } from "@/server/app-error";
import { say, type TextRef } from "@/lib/i18n/text-ref";
import { HTTP_TEXTS } from "@/lib/i18n/texts/http-texts";
import { TEACHER_TEXTS } from "@/lib/i18n/texts/teacher-texts";
import { fieldIssueText } from "./field-issue-text";
import { readJsonBody } from "../../_lib/read-body";

/** Every account or class form is a few short fields. */
export const AUTH_BODY_LIMIT = 4 * 1024;

export async function readValidBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const body = await readJsonBody(request, AUTH_BODY_LIMIT, say("auth.formTooLarge"));
  // Not a JSON object at all (no page of ours sends that): said as such, not in zod's own words.
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new AppError("bad_request", say("auth.formInvalid"));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    // A message of our schemas is the catalog's; any other is zod's own English, said in our words instead.
    const issue = parsed.error.issues[0];
    throw new AppError("bad_request", (issue && formMessageText(issue.message)) ?? (issue ? fieldIssueText(issue, body) : say("auth.formInvalid")));
  }
  return parsed.data;
}

/** The forms' messages (the schemas' words, "A password has at least 10 characters."), as the catalog's: the page then says them in its language. */
const FORM_MESSAGES = [...Object.entries(HTTP_TEXTS), ...Object.entries(TEACHER_TEXTS)]
  .filter(([key, { en }]) => /^(?:auth|classForm)\./.test(key) && !en.includes(", plural,"))
  .map(([key, { en }]) => {
    const name = /\{(\w+)\}/.exec(en)?.[1];
    const pattern = new RegExp(`^${en.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/, "(\\d+)")}$`);
    return { key, name, pattern };
  });

export function formMessageText(english: string): TextRef | undefined {
  for (const { key, name, pattern } of FORM_MESSAGES) {
    const match = pattern.exec(english);
    if (match) return name ? { key, values: { [name]: Number(match[1]) } } : { key };
  }
  return undefined;
}

/** A no-store JSON answer with Set-Cookie headers. */
export function jsonWithCookies(body: unknown, cookies: string[], status = 200): Response {
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(JSON.stringify(body), { status, headers });
}
