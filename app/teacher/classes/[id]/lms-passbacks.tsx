"use client";
import { useId, useState } from "react";
import type { ClassLms } from "@/server/lti/class-lms";
import { postJson } from "../../_ui/post-json";
import { useFailureText } from "../../_ui/use-failure-text";
import { useAccountText } from "../../_ui/use-account-text";
import styles from "../../_ui/account.module.css";

/** A date the server and the browser write alike (no time zone of the browser's: no hydration mismatch). */
const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "");

/** The class's LMS (LTI) binding and every score sent to it, by student: sent, retrying and why, or given up (with a button to send it again). */
export function LmsPassbacks({ classId, lms }: { classId: string; lms: ClassLms }) {
  const failureText = useFailureText();
  const t = useAccountText();
  const id = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const retry = async (passbackId: string) => {
    setBusy(passbackId);
    setStatus(null);
    const result = await postJson<{ queued: true }>(`/api/classes/${encodeURIComponent(classId)}/lms`, { retry: passbackId });
    setBusy(null);
    setStatus(result.ok ? { error: false, text: t("account.lmsRetried") } : { error: true, text: failureText(result) });
  };
  const state = (p: ClassLms["passbacks"][number]) => {
    if (p.status === "sent") return t("account.lmsSent", { date: when(p.sentAt) });
    if (p.status === "failed") return t("account.lmsFailed", { attempts: p.attempts, reason: p.lastError ?? "" });
    return p.attempts === 0 ? t("account.lmsSending") : t("account.lmsPending", { attempts: p.attempts, date: when(p.nextAttemptAt), reason: p.lastError ?? "" });
  };
  return (
    <section aria-labelledby={`${id}-title`} className={styles.failures}>
      <h2 id={`${id}-title`}>{t("account.lmsTitle")}</h2>
      {lms.bound && <p className={styles.hint}>{t("account.lmsBound", { context: lms.bound.contextId, issuer: lms.bound.issuer })}</p>}
      {lms.bound && !lms.bound.gradeService && <p className="notice-error">{t("account.lmsNoService")}</p>}
      {lms.passbacks.length === 0 ? (
        <p>{t("account.lmsNone")}</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t("account.lmsStep")}</th>
              <th scope="col">{t("account.lmsUser")}</th>
              <th scope="col">{t("account.lmsScore")}</th>
              <th scope="col">{t("account.lmsState")}</th>
            </tr>
          </thead>
          <tbody>
            {lms.passbacks.map((p) => (
              <tr key={p.id}>
                <td>{p.step}</td>
                <td>
                  {p.name ?? p.userSub}
                  {/* The LMS's own id stays in view, smaller: the one to quote to the LMS's administrator. */}
                  {p.name !== null && (
                    <>
                      <br />
                      <span className="muted">{t("account.lmsUserId", { sub: p.userSub })}</span>
                    </>
                  )}
                </td>
                <td>
                  {p.scoreGiven}/{p.scoreMaximum}
                </td>
                <td className={p.status === "failed" ? "notice-error" : undefined}>
                  {state(p)}{" "}
                  {p.status === "failed" && (
                    <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void retry(p.id)}>
                      {t("account.lmsRetry")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className={status?.error ? "notice-error" : styles.hint}>
        {status?.text ?? ""}
      </p>
    </section>
  );
}
