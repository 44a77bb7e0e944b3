"use client";
import { useId, useState } from "react";
import { postJson } from "./_ui/post-json";
import { useFailureText } from "./_ui/use-failure-text";
import { useAccountText } from "./_ui/use-account-text";
import { FormError, useFormSubmit } from "./_ui/form-submit";
import styles from "./_ui/account.module.css";

type Token = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

/** The teacher's tokens for scripts (docs/api.md): made with a name, the secret shown once, revoked here. */
export function ApiTokensSection({ initial }: { initial: Token[] }) {
  const failureText = useFailureText();
  const t = useAccountText();
  const id = useId();
  const [tokens, setTokens] = useState(initial);
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const { busy, error, onSubmit } = useFormSubmit(async () => {
    setSecret(null);
    const result = await postJson<Token & { token: string }>("/api/tokens", { name });
    if (!result.ok) return failureText(result);
    const { token, ...record } = result.data;
    setTokens((list) => [record, ...list]);
    setSecret(token);
    setName("");
    return null;
  });
  const revoke = async (token: Token) => {
    setRevokeError(null);
    const response = await fetch(`/api/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE", credentials: "same-origin" }).catch(() => null);
    if (!response?.ok) return setRevokeError(t("account.tokenRevokeFailed", { name: token.name }));
    setTokens((list) => list.filter((item) => item.id !== token.id));
  };
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : t("account.never"));
  return (
    <section aria-labelledby={`${id}-title`} className={styles.failures}>
      <h2 id={`${id}-title`}>{t("account.tokensTitle")}</h2>
      <p className="muted">{t("account.tokensIntro")}</p>
      {tokens.length > 0 && (
        <div className={styles["table-wrap"]}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t("account.tokenName")}</th>
                <th scope="col">{t("account.tokenCreated")}</th>
                <th scope="col">{t("account.tokenUsed")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("account.tokenRevoke")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{when(token.createdAt)}</td>
                  <td>{when(token.lastUsedAt)}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => void revoke(token)} aria-label={t("account.tokenRevokeNamed", { name: token.name })}>
                      {t("account.tokenRevoke")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revokeError && (
        <p role="alert" className="notice-error">
          {revokeError}
        </p>
      )}
      <form className={styles.form} noValidate onSubmit={onSubmit}>
        <div className={styles.field}>
          <label htmlFor={`${id}-name`}>{t("account.tokenName")}</label>
          <input id={`${id}-name`} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </div>
        <FormError error={error} />
        <div>
          <button type="submit" className="btn" disabled={busy}>
            {t("account.tokenMake")}
          </button>
        </div>
      </form>
      {secret && (
        <p role="status" className={`${styles.message} notice-info`}>
          {t("account.tokenMade")} <code className={styles.link}>{secret}</code>
        </p>
      )}
    </section>
  );
}
