"use client";
/**
 * The banner above the terminal for the state of the student's own engine (engine-banner.ts says
 * which): a spinner while it starts, the title, the detail, the queue's estimated wait, and Try
 * again after an error.
 */
import { useI18n } from "../i18n";
import type { EngineBanner, EngineStatus } from "./engine-banner";

type EngineBannerViewProps = { banner: EngineBanner; engine: EngineStatus; connected: boolean; onRetry: () => void };

export function EngineBannerView({ banner, engine, connected, onRetry }: EngineBannerViewProps) {
  const { t } = useI18n();
  const detail = banner.detail && ("key" in banner.detail ? t(banner.detail.key) : banner.detail.message);
  return (
    <div className={`banner banner-${banner.tone}`} role={banner.tone === "error" ? "alert" : "status"}>
      {engine.state === "starting" && <span className="spinner" aria-hidden="true" />}
      <strong>{t(banner.title)}</strong>
      {detail && <> {detail}</>}
      {banner.estimate && <span className="engine-queue-eta"> {t(banner.estimate.key, banner.estimate.values)}</span>}
      {engine.state === "error" && connected && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}
