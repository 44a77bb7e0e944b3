"use client";
/**
 * The page's language, chosen on the server for each request (app/layout.tsx), and the switch
 * that changes it: the choice is kept in the wb_locale cookie for a year and the page reloads in
 * the new language (lesson included).
 */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locale";
import { translator, type Translate } from "@/lib/i18n/messages";

const I18nContext = createContext<{ locale: Locale; t: Translate }>({ locale: "en", t: translator("en") });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);

export function LanguageSwitch({ className = "" }: { className?: string }) {
  const { locale, t } = useI18n();
  return (
    <label className={`language-switch ${className}`}>
      <span className="visually-hidden">{t("lang.switch")}</span>
      <select
        value={locale}
        data-testid="language-switch"
        onChange={(event) => {
          document.cookie = `${LOCALE_COOKIE}=${event.target.value}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax`;
          window.location.reload();
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
