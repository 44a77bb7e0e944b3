"use client";
import { useId, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { fromLocalInput, toLocalInput } from "./local-date";
import styles from "./account.module.css";

type Outcome = { error: boolean; text: string };

/**
 * One due date: a date-and-time field in the teacher's time zone, Save, and Remove (when a date is
 * set). `send` posts the ISO date (or null to remove it) and says what happened; the page's
 * server-rendered figures are refreshed after a change.
 */
export function DueDateForm({
  label,
  initial,
  saveLabel,
  clearLabel,
  emptyText,
  send,
}: {
  label: string;
  /** ISO date, or null without one. */
  initial: string | null;
  saveLabel: string;
  clearLabel: string;
  /** Said when Save is pressed without a date. */
  emptyText: string;
  send: (dueAt: string | null) => Promise<Outcome>;
}) {
  const id = useId();
  const router = useRouter();
  const [value, setValue] = useState(() => (initial ? toLocalInput(initial) : ""));
  const [saved, setSaved] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const submit = async (dueAt: string | null) => {
    setBusy(true);
    setOutcome(null);
    const result = await send(dueAt);
    setBusy(false);
    setOutcome(result);
    if (result.error) return;
    setSaved(dueAt);
    if (dueAt === null) setValue("");
    router.refresh();
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const dueAt = fromLocalInput(value);
    if (!dueAt) return setOutcome({ error: true, text: emptyText });
    void submit(dueAt);
  };
  return (
    <form className={styles["due-form"]} onSubmit={onSubmit}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="datetime-local" value={value} onChange={(event) => setValue(event.target.value)} disabled={busy} />
      <button type="submit" className="btn btn-small" disabled={busy}>
        {saveLabel}
      </button>
      {saved && (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void submit(null)}>
          {clearLabel}
        </button>
      )}
      <span role="status" className={outcome?.error ? "notice-error" : styles.hint}>
        {outcome?.text ?? ""}
      </span>
    </form>
  );
}
