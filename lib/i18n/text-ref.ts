/**
 * A message as data: a catalog key and the values of its `{name}` placeholders, so the page can
 * show it in the student's language (lib/i18n/render-text.ts) while the server keeps its English
 * in `message` (teacher views, CSV, API). A value is shown as given (a student's line, a Docker
 * error: quoted unchanged), or is itself a message, or a list said in prose ("a, b and c").
 * No node:* imports: the browser decodes it too.
 */
import { z } from "zod";
import type { TextKey } from "./texts/catalog";

export type TextValue = string | number | TextRef | TextList | CheckTitle | CheckPhrase | Size;
export interface TextRef {
  key: string;
  values?: Record<string, TextValue>;
}
/** A check's title: the page's language's when the lesson translates it, else `title` (its English). */
export interface CheckTitle {
  check: string;
  title: string;
}
/** A text of the check's checks.yaml (a `describe`, a `failMessage`): the page's language's when the lesson translates it, else `phrase` (its English). */
export interface CheckPhrase {
  check: string;
  phrase: string;
}
/** A size, written in the page's language's units: "8 GiB" / « 8 Gio » (`mib`), "1.5 MiB" / « 1,5 Mio » (`bytes`). */
export type Size = { mib: number } | { bytes: number };
export interface TextList {
  list: TextValue[];
  /** The word before the last item: "and" (the default) or "or"; "lines": one item a line; "semicolons": "a; b; c"; "commas": "a, b, c"; "sentences": "A. B." (a space between). */
  last?: "and" | "or" | "lines" | "semicolons" | "commas" | "sentences";
}

const textValueSchema: z.ZodType<TextValue> = z.lazy(() => z.union([z.string(), z.number(), textRefSchema, textListSchema, checkTitleSchema, checkPhraseSchema, sizeSchema]));
const sizeSchema: z.ZodType<Size> = z.union([z.object({ mib: z.number().nonnegative() }), z.object({ bytes: z.number().nonnegative() })]);
const checkPhraseSchema: z.ZodType<CheckPhrase> = z.object({ check: z.string().max(200), phrase: z.string().max(2000) });
const checkTitleSchema: z.ZodType<CheckTitle> = z.object({ check: z.string().max(200), title: z.string().max(1000) });
const textListSchema: z.ZodType<TextList> = z.object({ list: z.array(textValueSchema).max(500), last: z.enum(["and", "or", "lines", "semicolons", "commas", "sentences"]).optional() });

export const textRefSchema: z.ZodType<TextRef> = z
  .object({
    key: z.string().max(100),
    values: z.record(z.string().max(50), textValueSchema).optional(),
  })
  .describe("The message as a catalog key and its values: the page shows it in its language; `message` is its English");

/** A message of the catalog with its values (the compiler checks the key). */
export function say(key: TextKey, values?: Record<string, TextValue>): TextRef {
  return values === undefined ? { key } : { key, values };
}

/** A size in MiB, said in the page's units ("8 GiB" / « 8 Gio »). */
export const mibOf = (mib: number): Size => ({ mib });

/** A size in bytes, said in the page's units ("1.5 MiB" / « 1,5 Mio »). */
export const bytesOf = (bytes: number): Size => ({ bytes });

/** A list said in prose: "a, b and c" / « a, b et c ». */
export const listOf = (items: TextValue[], last: "and" | "or" = "and"): TextList => (last === "and" ? { list: items } : { list: items, last });

/** Clauses joined by semicolons: "a; b; c" (French typography puts its space before each: « a ; b ; c »). */
export const semicolonsOf = (items: TextValue[]): TextList => ({ list: items, last: "semicolons" });

/** Items joined by commas alone: "a, b, c" (details in brackets, no "and" before the last). */
export const commasOf = (items: TextValue[]): TextList => ({ list: items, last: "commas" });

/** Sentences one after the other, a space between. */
export const sentencesOf = (items: TextValue[]): TextList => ({ list: items, last: "sentences" });

/** Items one a line (a message made of several sentences, each on its own line). */
export const linesOf = (items: TextValue[]): TextList => ({ list: items, last: "lines" });

export const isTextRef = (value: unknown): value is TextRef => typeof value === "object" && value !== null && typeof (value as TextRef).key === "string";
