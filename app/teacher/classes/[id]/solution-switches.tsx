"use client";
import { useId, useState } from "react";
import { postJson } from "../../_ui/post-json";
import { useFailureText } from "../../_ui/use-failure-text";
import { useAccountText } from "../../_ui/use-account-text";
import styles from "../../_ui/account.module.css";

/** One checkbox per step of the class: its students see that step's reference solution while it is ticked. */
export function SolutionSwitches({ classId, steps, open }: { classId: string; steps: number[]; open: number[] }) {
  const failureText = useFailureText();
  const t = useAccountText();
  const id = useId();
  const [opened, setOpened] = useState<Set<number>>(() => new Set(open));
  const [busy, setBusy] = useState<number | null>(null);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const flip = async (step: number, want: boolean) => {
    const before = opened;
    const next = new Set(opened);
    if (want) next.add(step);
    else next.delete(step);
    setOpened(next); // the box follows the click at once; the server's answer confirms or undoes it
    setBusy(step);
    setStatus(null);
    const result = await postJson<{ solutionSteps: number[] }>(`/api/classes/${encodeURIComponent(classId)}/solutions`, { step, open: want });
    setBusy(null);
    if (!result.ok) {
      setOpened(before);
      return setStatus({ error: true, text: failureText(result) });
    }
    setOpened(new Set(result.data.solutionSteps));
    setStatus({ error: false, text: t(want ? "account.solutionOpened" : "account.solutionClosed", { step }) });
  };
  return (
    <section aria-labelledby={`${id}-title`} className={styles.failures}>
      <h2 id={`${id}-title`}>{t("account.solutionsTitle")}</h2>
      <p className={styles.hint}>{t("account.solutionsHelp")}</p>
      <fieldset className={styles.steps}>
        <legend className="visually-hidden">{t("account.solutionsTitle")}</legend>
        {steps.map((step) => (
          <label key={step}>
            <input type="checkbox" checked={opened.has(step)} disabled={busy !== null} onChange={(event) => void flip(step, event.target.checked)} /> {t("account.solutionStep", { step })}
          </label>
        ))}
      </fieldset>
      <p role="status" className={status?.error ? "notice-error" : styles.hint}>
        {status?.text ?? ""}
      </p>
    </section>
  );
}
