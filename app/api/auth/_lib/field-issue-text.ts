/**
 * A form field that a schema refused in zod's own words ("Invalid input: expected number, received
 * string"), said in ours instead: the field's name and what is wrong with it, as a catalog message
 * (lib/i18n/texts/teacher-texts.ts), so a French page never shows zod's English.
 */
import type { z } from "zod";
import { say, type TextRef } from "@/lib/i18n/text-ref";
import type { TextKey } from "@/lib/i18n/texts/catalog";

const EXPECTED: Record<string, TextKey> = { string: "form.aText", number: "form.aNumber", int: "form.aNumber", boolean: "form.aYesNo", array: "form.aList", object: "form.anObject" };

/** The value at `path` in the body as sent (undefined when it is not there). */
function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The field as a reader names it: `steps`, `steps.2` (a list's third item counts from 1 there: `steps 3`). */
const fieldName = (path: readonly PropertyKey[]) => path.map((key) => (typeof key === "number" ? String(key + 1) : String(key))).join(" ") || "—";

export function fieldIssueText(issue: z.core.$ZodIssue, body: unknown): TextRef {
  const field = fieldName(issue.path).slice(0, 80);
  if (valueAt(body, issue.path) === undefined) return say("form.fieldMissing", { field });
  const expected = issue.code === "invalid_type" && Object.hasOwn(EXPECTED, issue.expected) ? EXPECTED[issue.expected] : undefined;
  return expected ? say("form.fieldMustBe", { field, expected: say(expected) }) : say("form.fieldInvalid", { field });
}
