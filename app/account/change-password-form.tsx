"use client";
import { useEffect, useId, useRef, useState } from "react";
import { failureIn, postJson } from "../teacher/_ui/post-json";
import { useI18n } from "@/app/_components/i18n";
import { useAccountText } from "../teacher/_ui/use-account-text";
import { NewPasswordFields } from "../sign-in/new-password-fields";
import styles from "../teacher/_ui/account.module.css";

type Changed = { changed: true; signedOutElsewhere: number };

/**
 * The current password, then the new one twice (the same fields as the first sign-in's). Once
 * changed, the form gives way to a message saying how many other sessions were signed out.
 */
export function ChangePasswordForm() {
  const t = useAccountText();
  const { locale } = useI18n();
  const id = useId();
  const [current, setCurrent] = useState("");
  const [signedOutElsewhere, setSignedOutElsewhere] = useState<number | null>(null);
  const done = useRef<HTMLParagraphElement>(null);
  // The form (and the focused button) is gone: the message takes the focus, so it is read out.
  useEffect(() => {
    if (signedOutElsewhere !== null) done.current?.focus();
  }, [signedOutElsewhere]);

  if (signedOutElsewhere !== null) {
    return (
      <p ref={done} tabIndex={-1} role="status" className={`${styles.message} notice-info`}>
        {signedOutElsewhere > 0 ? t("account.changedElsewhere", { count: signedOutElsewhere }) : t("account.changedAlone")}
      </p>
    );
  }
  return (
    <NewPasswordFields
      submitLabel={t("account.changeButton")}
      onSubmit={async (newPassword) => {
        if (!current) return t("account.currentMissing");
        const result = await postJson<Changed>("/api/auth/password", { currentPassword: current, newPassword });
        if (result.ok) {
          setSignedOutElsewhere(result.data.signedOutElsewhere);
          return null;
        }
        // 403 is the wrong current password: said in the page's language. Others (too short,
        // too many tries with the minutes to wait) are the server's words.
        return result.status === 403 ? t("account.currentWrong") : failureIn(result, locale);
      }}
    >
      <div className={styles.field}>
        <label htmlFor={`${id}-current`}>{t("account.currentPassword")}</label>
        <input id={`${id}-current`} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
    </NewPasswordFields>
  );
}
