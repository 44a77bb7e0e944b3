"use client";
/** Short-lived messages from the server (protocol `error` frames not tied to a check). */
import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n";

export type Toast = { id: number; text: string };

const TOAST_MS = 10_000;
const MAX_TOASTS = 4;

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismissToast = useCallback((id: number) => {
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const addToast = useCallback(
    (text: string) => {
      const id = nextId.current++;
      setToasts((current) => [...current.filter((toast) => toast.text !== text), { id, text }].slice(-MAX_TOASTS));
      timers.current.set(
        id,
        setTimeout(() => dismissToast(id), TOAST_MS),
      );
    },
    [dismissToast],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  return { toasts, addToast, dismissToast };
}

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  const { t } = useI18n();
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" role="alert">
          <span>{toast.text}</span>
          <button type="button" className="icon-btn" aria-label={t("common.dismiss")} onClick={() => onDismiss(toast.id)}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </div>
  );
}
