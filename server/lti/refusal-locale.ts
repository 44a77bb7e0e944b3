/**
 * The language of a refused login's or launch's page: the one the launch asked for (its locale
 * claim), else the student's choice on this workbench (wb_locale cookie), else the browser's
 * (Accept-Language), else English, as every other page picks it.
 */
import { LOCALE_COOKIE, resolveLocale, type Locale } from "../../lib/i18n/locale";
import { readCookie } from "../identity/student-cookie";
import { isLtiRefusal } from "./lti-refusal";

export function refusalLocale(error: unknown, request: Request): Locale {
  if (isLtiRefusal(error) && error.locale) return error.locale;
  return resolveLocale(readCookie(request.headers.get("cookie"), LOCALE_COOKIE), request.headers.get("accept-language"));
}
