"use client";
import { useId, useState } from "react";
import { postJson } from "./_ui/post-json";
import { useAccountText } from "./_ui/use-account-text";
import styles from "./_ui/account.module.css";

/** A one-time password-reset link for one of the teacher's students (the server checks whose). */
export function ResetLinkForm() {
  const t = useAccountText();
  const id = useId();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("account.resetLinkTitle")}</h2>
      <p className="muted">{t("account.resetLinkIntro")}</p>
      <form
        className={styles.form}
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setError(null);
          setLink(null);
          const result = await postJson<{ link: string }>("/api/auth/reset-links", { email });
          if (result.ok) setLink(`${window.location.origin}${result.data.link}`);
          else setError(result.message);
        }}
      >
        <div className={styles.field}>
          <label htmlFor={`${id}-email`}>{t("account.email")}</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <p role="alert" className={error ? `${styles.message} notice-error` : undefined}>
          {error}
        </p>
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
