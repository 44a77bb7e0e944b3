"use client";
import { useId, useState } from "react";
import { failureIn, postJson } from "../teacher/_ui/post-json";
import { useI18n } from "@/app/_components/i18n";
import { useAccountText } from "../teacher/_ui/use-account-text";
import { FormError, useFormSubmit } from "../teacher/_ui/form-submit";
import { NewPasswordFields } from "./new-password-fields";
import styles from "../teacher/_ui/account.module.css";

type SignedIn = { role: "student" | "teacher" | "admin"; mustChangePassword: boolean };

const homeOf = (role: SignedIn["role"]) => (role === "student" ? "/" : "/teacher");

/**
 * E-mail and password; then, for a one-time password, the new password the account keeps. Then
 * to `next` (a path of this site, checked by the page), else the account's home.
 */
export function SignInForm({ next = null }: { next?: string | null }) {
  const t = useAccountText();
  const { locale } = useI18n();
  const id = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [mustChange, setMustChange] = useState<SignedIn | null>(null);
  const { busy, error, onSubmit } = useFormSubmit(async () => {
    const result = await postJson<SignedIn>("/api/auth/sign-in", { email, password });
    if (!result.ok) return failureIn(result, locale);
    if (result.data.mustChangePassword) setMustChange(result.data);
    else window.location.assign(next ?? homeOf(result.data.role));
    return null;
  });

  if (mustChange) {
    return (
      <section aria-labelledby={`${id}-choose`}>
        <h2 id={`${id}-choose`}>{t("account.chooseTitle")}</h2>
        <p>{t("account.chooseIntro")}</p>
        <NewPasswordFields
          submitLabel={t("account.savePassword")}
          onSubmit={async (newPassword) => {
            const result = await postJson<{ changed: true }>("/api/auth/password", { currentPassword: password, newPassword });
            if (!result.ok) return failureIn(result, locale);
            window.location.assign(next ?? homeOf(mustChange.role));
            return null;
          }}
        />
      </section>
    );
  }

  return (
    <form className={styles.form} noValidate onSubmit={onSubmit}>
      <div className={styles.field}>
        <label htmlFor={`${id}-email`}>{t("account.email")}</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-password`}>{t("account.password")}</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <FormError error={error} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("account.signingIn") : t("account.signIn")}
        </button>
      </div>
    </form>
  );
}
