/** Small display helpers shared by the course list and the workbench. */
import type { Locale } from "@/lib/i18n/locale";
import { translate } from "@/lib/i18n/messages";

/** Scores are percentages 0–100 with at most one decimal (87.5%). */
export function formatScore(score: number): string {
  const rounded = Math.round(score * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)}%`;
}

/** "just now", "5 minutes ago", "il y a 3 heures", then the date, in the page's language. */
export function formatWhen(iso: string, locale: Locale, now = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return "";
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return translate(locale, "when.now");
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "always", style: "short" });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 24) return relative.format(-hours, "hour");
  return new Date(time).toLocaleDateString(locale, { year: "numeric", month: "short", day: "numeric" });
}
