"use client";
import { useId, useState } from "react";
import { failureIn, postJson } from "../../teacher/_ui/post-json";
import { useI18n } from "@/app/_components/i18n";
import { useAccountText } from "../../teacher/_ui/use-account-text";
import { NewPasswordFields } from "../../sign-in/new-password-fields";
import styles from "../../teacher/_ui/account.module.css";

/** Join the class, then (optionally) keep the work done so far under a new account. */
export function JoinPanel({ code, name, joined: joinedAtLoad, hasAccount, accountRequired }: { code: string; name: string; joined: boolean; hasAccount: boolean; accountRequired: boolean }) {
  const t = useAccountText();
  const { locale } = useI18n();
  const id = useId();
  const [joined, setJoined] = useState(joinedAtLoad);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [signedUp, setSignedUp] = useState<string | null>(null);

  if (!joined) {
    return (
      <>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const result = await postJson("/api/classes/join", { code });
            setBusy(false);
            if (result.ok) setJoined(true);
            else setError(failureIn(result, locale));
          }}
        >
          {busy ? t("account.joining") : t("account.joinButton")}
        </button>
        <p role="alert" className={error ? `${styles.message} notice-error` : undefined}>
          {error}
        </p>
      </>
    );
  }

  return (
    <>
      <p role="status" className={`${styles.message} notice-info`}>
        {t("account.joined", { name })}
      </p>
      <p>
        <a className="btn" href="/">
          {t("account.toCourse")}
        </a>
      </p>
      {hasAccount ? (
        <p>{t("account.hasAccount")}</p>
      ) : signedUp ? (
        <p role="status">{t("account.signedUp", { email: signedUp })}</p>
      ) : (
        <section aria-labelledby={`${id}-signup`}>
          <h2 id={`${id}-signup`}>{t("account.signUpTitle")}</h2>
          <p className="muted">{t(accountRequired ? "account.signUpRequired" : "account.signUpIntro")}</p>
          <NewPasswordFields
            submitLabel={t("account.signUp")}
            onSubmit={async (password) => {
              const result = await postJson("/api/auth/sign-up", { joinCode: code, email, password });
              if (!result.ok) return failureIn(result, locale);
              setSignedUp(email.trim().toLowerCase());
              return null;
            }}
          >
            <div className={styles.field}>
              <label htmlFor={`${id}-email`}>{t("account.email")}</label>
              <input id={`${id}-email`} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </div>
          </NewPasswordFields>
        </section>
      )}
    </>
  );
}
