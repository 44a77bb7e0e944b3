/**
 * What a message needs to name a lesson's checks in the page's language: their titles and their
 * phrases (checks.yaml's describe and failMessage texts), from the lesson's checks.<locale>.yaml.
 * No node:* imports: the browser calls it.
 */
import type { TextContext } from "./render-text";

export interface TranslatedCheckText {
  title: string;
  phrases?: Record<string, string>;
}

export function checkTextContext(checkTexts: Readonly<Record<string, TranslatedCheckText>> | undefined): TextContext {
  const entries = Object.entries(checkTexts ?? {});
  return {
    checkTitles: Object.fromEntries(entries.map(([id, text]) => [id, text.title])),
    checkPhrases: Object.fromEntries(entries.flatMap(([id, text]) => (text.phrases ? [[id, text.phrases]] : []))),
  };
}
