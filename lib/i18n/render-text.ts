/**
 * A TextRef said in a language: its catalog template with its plurals chosen for their numbers
 * (`{count, plural, one {# file} other {# files}}`, lib/i18n/plural.ts) and each `{name}` replaced
 * by its value (a nested message is said in the same language, a list in prose: "a, b and c" / « a, b et c »).
 * Undefined when the catalog does not know the key or a value is missing: the caller then shows
 * the English the server sent. No node:* imports: the browser renders with it.
 */
import type { Locale } from "./locale";
import { isTextRef, type TextRef, type TextValue } from "./text-ref";
import { TEXTS } from "./texts/catalog";
import { formatBytesIn, formatMiBIn } from "./format-size";
import { choosePlurals, pluralBlocksOf } from "./plural";

const LAST_WORD: Record<Locale, Record<"and" | "or", string>> = { en: { and: "and", or: "or" }, fr: { and: "et", or: "ou" } };

/** Nested messages deeper than this are refused (a hostile or broken value cannot recurse without end). */
const MAX_DEPTH = 8;

/** What the page knows besides the catalog: the lesson's check titles in its language, by check id, and their phrases (English → its language). */
export interface TextContext {
  checkTitles?: Readonly<Record<string, string>>;
  checkPhrases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function phraseIn(context: TextContext, check: string, phrase: string): string {
  const phrases = Object.hasOwn(context.checkPhrases ?? {}, check) ? context.checkPhrases![check] : undefined;
  return (phrases && Object.hasOwn(phrases, phrase) ? phrases[phrase] : undefined) ?? phrase;
}

function renderValue(value: TextValue, locale: Locale, depth: number, context: TextContext): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (isTextRef(value)) return renderAt(value, locale, depth + 1, context);
  if ("mib" in value) return formatMiBIn(value.mib, locale);
  if ("bytes" in value) return formatBytesIn(value.bytes, locale);
  if ("phrase" in value) return phraseIn(context, value.check, value.phrase);
  if ("check" in value) return (Object.hasOwn(context.checkTitles ?? {}, value.check) ? context.checkTitles![value.check] : undefined) ?? value.title;
  const items = value.list.map((item) => renderValue(item, locale, depth + 1, context));
  if (items.some((item) => item === undefined)) return undefined;
  const words = items as string[];
  if (value.last === "lines") return words.join("\n");
  if (value.last === "sentences") return words.join(" ");
  if (value.last === "commas") return words.join(", ");
  if (value.last === "semicolons") return words.join(locale === "fr" ? " ; " : "; ");
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${LAST_WORD[locale][value.last === "or" ? "or" : "and"]} ${words.at(-1)}`;
}

function renderAt(ref: TextRef, locale: Locale, depth: number, context: TextContext): string | undefined {
  if (depth > MAX_DEPTH || !Object.hasOwn(TEXTS, ref.key)) return undefined;
  const values = ref.values ?? {};
  const numbers = Object.fromEntries(Object.entries(values).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
  const template = choosePlurals(TEXTS[ref.key as keyof typeof TEXTS][locale], locale, numbers);
  // A plural left unchosen lacks its number: as incomplete as a missing `{name}`.
  if (pluralBlocksOf(template).length > 0) return undefined;
  let complete = true;
  const text = template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    const said = value === undefined ? undefined : renderValue(value, locale, depth, context);
    if (said === undefined) complete = false;
    return said ?? "";
  });
  return complete ? text : undefined;
}

export function renderText(ref: TextRef, locale: Locale, context: TextContext = {}): string | undefined {
  return renderAt(ref, locale, 0, context);
}

/** The English of a message built on the server (every key there is the catalog's, so it always renders). */
export function englishOf(ref: TextRef): string {
  const text = renderText(ref, "en");
  if (text === undefined) throw new Error(`the message "${ref.key}" is not in the catalog or lacks a value`);
  return text;
}

/** What the page shows: the message in its language when it can, else the English the server sent. */
export function localizedMessage(message: string, text: TextRef | undefined, locale: Locale, context: TextContext = {}): string {
  if (!text || locale === "en") return message;
  return renderText(text, locale, context) ?? message;
}
