/**
 * The texts a teacher writes in checks.yaml that a judge quotes in its messages besides the title
 * and hints: each `describe` (a package, variable, command, container or service named for the
 * student) and the `failMessage` of a script check. checks.<locale>.yaml gives them in another
 * language in this order; a judge marks them with `phraseOf` so the page says them in its language.
 */
import type { CheckPhrase } from "../../lib/i18n/text-ref";
import type { CheckSpec } from "./check-spec";

function describesIn(value: unknown, into: string[]): void {
  if (Array.isArray(value)) for (const item of value) describesIn(item, into);
  else if (typeof value === "object" && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      if (key === "describe" && typeof field === "string") into.push(field);
      else describesIn(field, into);
    }
  }
}

/** A check's `describe` texts, in the order checks.yaml writes them (repeats kept). */
export function describesOf(spec: CheckSpec): string[] {
  const found: string[] = [];
  describesIn(spec, found);
  return found;
}

/** Every phrase of a check a translation must give: its describes, then its failMessage. */
export function phrasesOf(spec: CheckSpec): string[] {
  const failMessage = "failMessage" in spec && typeof spec.failMessage === "string" ? [spec.failMessage] : [];
  return [...new Set([...describesOf(spec), ...failMessage])];
}

/** A phrase of the check's own checks.yaml, said in the page's language when the lesson translates it. */
export const phraseOf = (spec: { id: string }, phrase: string): CheckPhrase => ({ check: spec.id, phrase });
