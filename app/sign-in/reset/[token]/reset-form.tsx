"use client";
import { useState } from "react";
import { failureIn, postJson } from "../../../teacher/_ui/post-json";
import { useI18n } from "@/app/_components/i18n";
import { useAccountText } from "../../../teacher/_ui/use-account-text";
import { NewPasswordFields } from "../../new-password-fields";

export function ResetForm({ token }: { token: string }) {
  const t = useAccountText();
  const { locale } = useI18n();
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <p role="status">
        {t("account.resetDone")} <a href="/sign-in">{t("account.signIn")}</a>
      </p>
    );
  }
  return (
    <NewPasswordFields
      submitLabel={t("account.savePassword")}
      onSubmit={async (newPassword) => {
        const result = await postJson("/api/auth/reset", { token, newPassword });
        if (!result.ok) return failureIn(result, locale);
        setDone(true);
        return null;
      }}
    />
  );
}
