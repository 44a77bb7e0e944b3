"use client";
/**
 * A banner on every page while learner engines cannot start on this server (the server's start-up
 * probe failed): students read it at once instead of waiting for their own engine to time out.
 * Asked again every 30 s while it fails, so it disappears when the operator has fixed the host.
 */
import { useEffect, useState } from "react";
import { api } from "./api-client";
import { useI18n } from "./i18n";

const RECHECK_MS = 30_000;

export function EngineHealthBanner() {
  const { t } = useI18n();
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const ask = async () => {
      const health = await api.getHealth().catch(() => null);
      if (cancelled) return;
      const failed = health?.engines.state === "failed";
      setMessage(failed ? health.engines.message : null);
      if (failed) timer = setTimeout(() => void ask(), RECHECK_MS);
    };
    void ask();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, []);
  if (!message) return null;
  return (
    <div className="banner banner-error engine-health-banner" role="alert" data-testid="engine-health-banner">
      <strong>{t("health.down")}</strong> {message}
    </div>
  );
}
