"use client";
import { useId } from "react";
import { DueDateForm } from "../../_ui/due-date-form";
import { formatLocal } from "../../_ui/local-date";
import { postJson } from "../../_ui/post-json";
import { useFailureText } from "../../_ui/use-failure-text";
import { useAccountText } from "../../_ui/use-account-text";
import { useI18n } from "@/app/_components/i18n";
import styles from "../../_ui/account.module.css";

/** The class's due date for each of its steps. */
export function DeadlineEditor({ classId, steps, deadlines }: { classId: string; steps: number[]; deadlines: Record<number, string> }) {
  const failureText = useFailureText();
  const t = useAccountText();
  const { locale } = useI18n();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-title`} className={styles.failures}>
      <h2 id={`${id}-title`}>{t("account.deadlinesTitle")}</h2>
      <p className={styles.hint}>{t("account.deadlinesHelp")}</p>
      {steps.map((step) => (
        <DueDateForm
          key={step}
          label={t("account.deadlineStep", { step })}
          initial={deadlines[step] ?? null}
          saveLabel={t("account.deadlineSave")}
          clearLabel={t("account.deadlineClear")}
          emptyText={t("account.deadlineEmpty")}
          send={async (dueAt) => {
            const result = await postJson(`/api/classes/${encodeURIComponent(classId)}/deadlines`, { step, dueAt });
            if (!result.ok) return { error: true, text: failureText(result) };
            return { error: false, text: dueAt ? t("account.deadlineSaved", { step, date: formatLocal(dueAt, locale) }) : t("account.deadlineCleared", { step }) };
          }}
        />
      ))}
    </section>
  );
}
