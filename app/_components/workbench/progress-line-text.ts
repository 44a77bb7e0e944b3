/**
 * The line a running Check shows: its stage and its message, in the page's language. The stage is
 * a short name the server gives (static, build, a check kind…); a check kind other than build
 * reads "check" in words in French, and stays as the server named it in English.
 */
import type { Locale } from "@/lib/i18n/locale";
import type { MessageKey, Translate } from "@/lib/i18n/messages";
import { localizedMessage, type TextContext } from "@/lib/i18n/render-text";
import type { CheckProgress } from "./check-state";

const STAGES: Record<string, MessageKey> = {
  static: "check.stage.static",
  starting: "check.stage.starting",
  engine: "check.stage.engine",
  sandbox: "check.stage.sandbox",
  swarm: "check.stage.swarm",
  queue: "check.stage.queue",
  build: "check.stage.build",
  done: "check.stage.done",
};

export function progressStageLabel(stage: string, locale: Locale, t: Translate): string {
  const key = Object.hasOwn(STAGES, stage) ? STAGES[stage] : undefined;
  if (key) return t(key);
  return locale === "en" ? stage : t("check.stage.check");
}

export function progressLineText(progress: CheckProgress, locale: Locale, t: Translate, context: TextContext = {}): string {
  const colon = locale === "fr" ? " : " : ": ";
  return `${progressStageLabel(progress.stage, locale, t)}${colon}${localizedMessage(progress.message, progress.text, locale, context)}`;
}
