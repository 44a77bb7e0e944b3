"use client";
import { useId, useState } from "react";
import { postJson } from "./_ui/post-json";
import { useFailureText } from "./_ui/use-failure-text";
import { useAccountText } from "./_ui/use-account-text";
import { FormError, useFormSubmit } from "./_ui/form-submit";
import styles from "./_ui/account.module.css";

/** A one-time password-reset link for one of the teacher's students (the server checks whose). */
export function ResetLinkForm() {
  const failureText = useFailureText();
  const t = useAccountText();
  const id = useId();
  const [email, setEmail] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const { error, onSubmit } = useFormSubmit(async () => {
    setLink(null);
    const result = await postJson<{ link: string }>("/api/auth/reset-links", { email });
    if (!result.ok) return failureText(result);
    setLink(`${window.location.origin}${result.data.link}`);
    return null;
  });
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("account.resetLinkTitle")}</h2>
      <p className="muted">{t("account.resetLinkIntro")}</p>
      <form className={styles.form} noValidate onSubmit={onSubmit}>
        <div className={styles.field}>
          <label htmlFor={`${id}-email`}>{t("account.email")}</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <FormError error={error} />
        <div>
          <button type="submit" className="btn">
            {t("account.resetLinkButton")}
          </button>
        </div>
      </form>
      {link && (
        <p role="status" className={`${styles.message} notice-info`}>
          {t("account.resetLinkMade")} <span className={styles.link}>{link}</span>
        </p>
      )}
    </section>
  );
}
