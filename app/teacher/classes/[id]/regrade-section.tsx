"use client";
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import type { RegradeView } from "@/server/identity/class-regrades";
import { postJson } from "../../_ui/post-json";
import { useFailureText } from "../../_ui/use-failure-text";
import { useI18n } from "@/app/_components/i18n";
import { regradeText } from "./regrade-text";
import styles from "../../_ui/account.module.css";

/** How often an open page asks how a running re-grade goes. */
const POLL_MS = 1_500;

/** A date the server and the browser write alike (no time zone of the browser's: no hydration mismatch). */
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "");
const score = (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${Math.round(value * 10) / 10} %`);

/**
 * One step's re-grade (server/identity/class-regrades.ts): start a preview, follow it (polled; the
 * page shows the latest job at load, so a reload picks up where it was), read who would change, then
 * apply or cancel it.
 */
export function RegradeSection({ classId, step, initial }: { classId: string; step: number; initial: RegradeView | null }) {
  const failureText = useFailureText();
  const { locale } = useI18n();
  const t = useMemo(() => regradeText(locale), [locale]);
  const router = useRouter();
  const id = useId();
  const [view, setView] = useState<RegradeView | null>(initial);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const url = `/api/classes/${encodeURIComponent(classId)}/regrades`;
  const running = view?.status === "queued" || view?.status === "running";

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`${url}?step=${step}`, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      setView(((await response.json()) as { regrade: RegradeView | null }).regrade);
      setStatus((current) => (current?.text === t("lost") ? null : current));
    } catch {
      setStatus({ error: true, text: t("lost") });
    }
  }, [url, step, t]);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const act = async (body: { action: "preview"; step: number } | { action: "apply" | "cancel"; id: string }) => {
    setBusy(true);
    setStatus(null);
    const result = await postJson<{ regrade: RegradeView }>(url, body);
    setBusy(false);
    if (!result.ok) {
      setStatus({ error: true, text: failureText(result) });
      void refresh();
      return;
    }
    setView(result.data.regrade);
    // The grid above reads the grades: after Apply it shows the new ones.
    if (body.action === "apply") router.refresh();
  };

  const verdict = (from: string | null, to: string | null) => `${from ?? t("added")} → ${to ?? t("removed")}`;
  const yesNo = (value: boolean | null | undefined) => (value ? t("yes") : t("no"));
  const open = view && (running || view.status === "ready");
  return (
    <section aria-labelledby={`${id}-title`} className={styles.failures} data-regrade-step={step}>
      <h2 id={`${id}-title`}>{t("title", { step })}</h2>
      <p className={styles.hint}>{t("intro")}</p>
      <p className={styles["grid-tools"]}>
        <button type="button" className="btn btn-small" disabled={busy || running} onClick={() => void act({ action: "preview", step })}>
          {view && view.status === "ready" ? t("restart") : t("start", { step })}
        </button>
        {view?.status === "ready" && view.fresh && view.total > 0 && (
          <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void act({ action: "apply", id: view.id })}>
            {t("apply")}
          </button>
        )}
        {open && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void act({ action: "cancel", id: view.id })}>
            {t("cancel")}
          </button>
        )}
      </p>
      <div role="status" aria-live="polite">
        {view && running && (
          <p>
            <progress max={Math.max(view.total, 1)} value={view.done} aria-label={t("progress", { done: view.done, total: view.total })} />{" "}
            {view.status === "queued" ? t("queued") : t("progress", { done: view.done, total: view.total })}
            {view.current && ` — ${t("current", { name: view.current })}`}
          </p>
        )}
        {view?.status === "ready" && <p>{view.total === 0 ? t("none") : t("ready", { changed: view.changed, total: view.total })}</p>}
        {view?.status === "ready" && !view.fresh && <p className="notice-error">{t("stale")}</p>}
        {view?.status === "applied" && <p>{t("applied", { date: when(view.appliedAt) })}</p>}
        {view?.status === "cancelled" && <p>{t("cancelled")}</p>}
        {view?.status === "error" && <p className="notice-error">{t("error", { reason: view.errorMessage ?? "" })}</p>}
        {status && <p className={status.error ? "notice-error" : undefined}>{status.text}</p>}
      </div>
      {view && view.rows.length > 0 && view.status !== "cancelled" && (
        <div className={styles["table-wrap"]}>
          <table className={styles.table}>
            <caption>{t("caption", { step })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("student")}</th>
                <th scope="col">{t("score")}</th>
                <th scope="col">{t("passed")}</th>
                <th scope="col">{t("constraints")}</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr key={row.old.runId}>
                  <th scope="row">{row.name}</th>
                  {row.status === "graded" ? (
                    <>
                      <td className={row.scoreChanged ? styles.late : undefined}>
                        {score(row.old.score)} → {score(row.new?.score)}
                      </td>
                      <td className={row.passChanged ? styles.late : undefined}>
                        {yesNo(row.old.passed)} → {yesNo(row.new?.passed)}
                      </td>
                      <td>
                        {row.constraints.length === 0 ? (
                          t("noChange")
                        ) : (
                          <ul className={styles.message}>
                            {row.constraints.map((c) => (
                              <li key={c.id}>
                                {c.title}: {verdict(c.from, c.to)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </>
                  ) : (
                    <td colSpan={3} className={row.status === "error" ? "notice-error" : "muted"}>
                      {row.status === "error" ? t("rowError", { reason: row.errorMessage ?? "" }) : `${score(row.old.score)} → ${t("rowPending")}`}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
