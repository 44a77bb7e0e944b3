"use client";
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { postJson } from "./_ui/post-json";
import { useFailureText } from "./_ui/use-failure-text";
import { useAccountText } from "./_ui/use-account-text";
import { FormError, useFormSubmit } from "./_ui/form-submit";
import styles from "./_ui/account.module.css";

type Created = { id: string; name: string; joinCode: string; joinPath: string };

/** Name and steps; answers with the join code and the link to give the students. */
export function CreateClassForm({ steps }: { steps: { step: number; title: string }[] }) {
  const failureText = useFailureText();
  const t = useAccountText();
  const id = useId();
  const router = useRouter();
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<Set<number>>(() => new Set(steps.map((s) => s.step)));
  const [created, setCreated] = useState<Created | null>(null);
  const { busy, error, onSubmit } = useFormSubmit(async () => {
    const result = await postJson<Created>("/api/classes", { name, steps: [...chosen].sort((a, b) => a - b) });
    if (!result.ok) return failureText(result);
    setCreated(result.data);
    setName("");
    router.refresh();
    return null;
  });
  const toggle = (step: number) =>
    setChosen((before) => {
      const next = new Set(before);
      if (!next.delete(step)) next.add(step);
      return next;
    });
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("account.createTitle")}</h2>
      <form className={styles.form} noValidate onSubmit={onSubmit}>
        <div className={styles.field}>
          <label htmlFor={`${id}-name`}>{t("account.className")}</label>
          <input id={`${id}-name`} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset className={styles.steps}>
          <legend className={styles.legend}>{t("account.stepsLegend")}</legend>
          {steps.map(({ step, title }) => (
            <label key={step}>
              <input type="checkbox" checked={chosen.has(step)} onChange={() => toggle(step)} /> {step}. {title}
            </label>
          ))}
        </fieldset>
        <FormError error={error} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t("account.create")}
          </button>
        </div>
      </form>
      {created && (
        <p role="status" className={`${styles.message} notice-info`}>
          {t("account.created", { name: created.name, code: created.joinCode })}{" "}
          <a className={styles.link} href={created.joinPath} data-testid="join-link">
            {`${window.location.origin}${created.joinPath}`}
          </a>
        </p>
      )}
    </section>
  );
}
