/**
 * The language a launch asks for: LTI's launch_presentation.locale claim, else OpenID's `locale`
 * (a BCP 47 tag such as "fr-FR", or "fr_FR" as some LMSs write it), when it is one the workbench
 * speaks. Only the error page's language depends on it, so it is read even from a token whose
 * signature failed.
 */
import { localeFromAcceptLanguage, type Locale } from "../../lib/i18n/locale";
import { CLAIMS } from "./lti-claims";

const tagOf = (value: unknown): Locale | undefined =>
  typeof value === "string" && /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(value) && value.length <= 35 ? localeFromAcceptLanguage(value.replace(/_/g, "-")) : undefined;

export function launchLocale(payload: Record<string, unknown>): Locale | undefined {
  const presentation = payload[CLAIMS.launchPresentation];
  const presented = typeof presentation === "object" && presentation !== null ? (presentation as { locale?: unknown }).locale : undefined;
  return tagOf(presented) ?? tagOf(payload.locale);
}
