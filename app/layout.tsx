import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { pageLocale } from "./_lib/page-locale";
import { I18nProvider } from "./_components/i18n";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Docker Workbench", template: "%s · Docker Workbench" },
  description: "Learn Docker by doing: write Dockerfiles, run them in your own sandbox, and get graded.",
};

export const viewport: Viewport = { themeColor: "#14202e", colorScheme: "light" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await pageLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </body>
    </html>
  );
}
