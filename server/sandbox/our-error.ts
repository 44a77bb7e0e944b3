/**
 * A probe's error in our own words (not the engine's or a tool's): its English in `error`, as the
 * outcome always carried it, and the catalog message in `errorText`, for the page to say in the
 * student's language.
 */
import { englishOf } from "../../lib/i18n/render-text";
import type { TextRef } from "../../lib/i18n/text-ref";

export function ourError(text: TextRef): { error: string; errorText: TextRef } {
  return { error: englishOf(text), errorText: text };
}
