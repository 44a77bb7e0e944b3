"use client";
import { DueDateForm } from "@/app/teacher/_ui/due-date-form";
import { formatLocal } from "@/app/teacher/_ui/local-date";
import { postJson } from "@/app/teacher/_ui/post-json";
import { useFailureText } from "@/app/teacher/_ui/use-failure-text";
import { useAccountText } from "@/app/teacher/_ui/use-account-text";
import { useI18n } from "@/app/_components/i18n";

/** This student's own due date for the step (an extension), or back to the class's. */
export function ExtensionEditor({ classId, studentId, step, own }: { classId: string; studentId: string; step: number; own: string | null }) {
  const failureText = useFailureText();
  const t = useAccountText();
  const { locale } = useI18n();
  return (
    <DueDateForm
      label={t("account.extensionLabel")}
      initial={own}
      saveLabel={t("account.extensionSave")}
      clearLabel={t("account.extensionClear")}
      emptyText={t("account.deadlineEmpty")}
      send={async (dueAt) => {
        const result = await postJson(`/api/classes/${encodeURIComponent(classId)}/extensions`, { studentId, step, dueAt });
        if (!result.ok) return { error: true, text: failureText(result) };
        return { error: false, text: dueAt ? t("account.extensionSaved", { step, date: formatLocal(dueAt, locale) }) : t("account.extensionCleared") };
      }}
    />
  );
}
