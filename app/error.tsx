"use client";
// Error boundaries must be client components. Shown when a page throws while rendering.
import Link from "next/link";
import { useEffect } from "react";
import { useI18n } from "./_components/i18n";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String((error as { digest?: unknown }).digest ?? "") : "";
  return (
    <main className="page page-narrow">
      <h1>{t("error.title")}</h1>
      <p>{t("error.text")}</p>
      {digest && <p className="muted">{t("error.reference", { digest })}</p>}
      <p className="button-row">
        <button type="button" className="btn btn-primary" onClick={() => retry()}>
          {t("common.retry")}
        </button>
        <Link href="/" className="btn">
          {t("top.backToCourse")}
        </Link>
      </p>
    </main>
  );
}
