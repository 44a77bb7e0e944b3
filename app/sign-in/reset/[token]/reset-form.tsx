"use client";
import { useState } from "react";
import { postJson } from "../../../teacher/_ui/post-json";
import { useAccountText } from "../../../teacher/_ui/use-account-text";
import { NewPasswordFields } from "../../new-password-fields";

export function ResetForm({ token }: { token: string }) {
  const t = useAccountText();
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
        if (!result.ok) return result.message;
        setDone(true);
        return null;
      }}
    />
  );
}
