/** A message of the catalog in each language; `{name}` marks where a value goes (the same names in both). */
import type { Locale } from "../locale";

export type TextTemplates = Record<string, Record<Locale, string>>;
