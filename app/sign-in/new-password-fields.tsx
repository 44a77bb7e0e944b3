"use client";
import { useId, useState } from "react";
import { useAccountText } from "../teacher/_ui/use-account-text";
import { FormError, useFormSubmit } from "../teacher/_ui/form-submit";
import styles from "../teacher/_ui/account.module.css";

const MIN = 10; // server/identity/passwords.ts PASSWORD_MIN_LENGTH; the server checks it again

/**
 * A new password typed twice. `onSubmit` sends it and answers an error message to show, or null.
 * Also used with an e-mail field before it (sign-up): `children` go first in the form.
 */
export function NewPasswordFields({ submitLabel, onSubmit, children }: { submitLabel: string; onSubmit: (password: string) => Promise<string | null>; children?: React.ReactNode }) {
  const t = useAccountText();
  const id = useId();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const { busy, error, onSubmit: submit } = useFormSubmit(async () => (password !== again ? t("account.mismatch") : onSubmit(password)));
  return (
    <form className={styles.form} noValidate onSubmit={submit}>
      {children}
      <div className={styles.field}>
        <label htmlFor={`${id}-new`}>{t("account.newPassword")}</label>
        <input id={`${id}-new`} type="password" autoComplete="new-password" required minLength={MIN} aria-describedby={`${id}-hint`} value={password} onChange={(e) => setPassword(e.target.value)} />
        <p id={`${id}-hint`} className={styles.hint}>
          {t("account.newPasswordHint", { min: MIN })}
        </p>
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-again`}>{t("account.repeatPassword")}</label>
        <input id={`${id}-again`} type="password" autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      <FormError error={error} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
