"use client";
import { useState, type FormEvent } from "react";
import styles from "./account.module.css";

/**
 * What the account and class forms share: a submit runs once at a time (busy meanwhile), and the
 * message it returns (null when all went well) is what the form's alert shows.
 */
export function useFormSubmit(run: () => Promise<string | null>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    let message: string | null = null;
    try {
      message = await run();
    } finally {
      setBusy(false);
    }
    setError(message);
  };
  return { busy, error, onSubmit };
}

/** The form's alert: empty (and announced when it fills) until a submit goes wrong. */
export function FormError({ error }: { error: string | null }) {
  return (
    <p role="alert" className={error ? `${styles.message} notice-error` : undefined}>
      {error}
    </p>
  );
}
