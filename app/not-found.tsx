import Link from "next/link";
import { translator } from "@/lib/i18n/messages";
import { pageLocale } from "./_lib/page-locale";

export default async function NotFound() {
  const t = translator(await pageLocale());
  return (
    <main className="page page-narrow">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
      <p>
        <Link href="/">{t("top.backToCourse")}</Link>
      </p>
    </main>
  );
}
