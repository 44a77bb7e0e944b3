import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { translate } from "@/lib/i18n/messages";
import { pageLocale } from "./_lib/page-locale";
import { pagePreferences } from "./_lib/page-preferences";
import { I18nProvider } from "./_components/i18n";
import { PreferencesProvider } from "./_components/settings/preferences-provider";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const locale = await pageLocale();
  return {
    title: { default: "Docker Workbench", template: "%s · Docker Workbench" },
    description: translate(locale, "meta.description"),
  };
}

export const viewport: Viewport = { themeColor: "#14202e", colorScheme: "light dark" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, preferences] = await Promise.all([pageLocale(), pagePreferences()]);
  return (
    <html lang={locale} data-theme={preferences.theme} data-font-size={preferences.fontSize}>
      <body>
        <I18nProvider locale={locale}>
          <PreferencesProvider initial={preferences}>{children}</PreferencesProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
