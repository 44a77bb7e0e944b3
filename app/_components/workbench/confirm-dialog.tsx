"use client";
/**
 * A modal confirmation (native <dialog>: focus trapped, Escape cancels) that resolves a promise:
 * `if (await confirm({ … })) …`. The page renders `dialog` once.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../i18n";

export type ConfirmRequest = {
  title: string;
  message: string;
  confirmLabel: string;
  /** Shown in red: the action deletes something. */
  destructive?: boolean;
};

type Pending = ConfirmRequest & { resolve: (ok: boolean) => void };

export function useConfirm(): { confirm: (request: ConfirmRequest) => Promise<boolean>; dialog: ReactNode } {
  const [pending, setPending] = useState<Pending | null>(null);
  const confirm = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) => {
        setPending((current) => {
          current?.resolve(false);
          return { ...request, resolve };
        });
      }),
    [],
  );
  const answer = useCallback((ok: boolean) => {
    setPending((current) => {
      current?.resolve(ok);
      return null;
    });
  }, []);
  return { confirm, dialog: pending ? <ConfirmDialog request={pending} onAnswer={answer} /> : null };
}

function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest; onAnswer: (ok: boolean) => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-message"
      onCancel={(event) => {
        event.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id="confirm-dialog-title">{request.title}</h2>
      <p id="confirm-dialog-message">{request.message}</p>
      <div className="confirm-dialog-buttons">
        <button type="button" className="btn" autoFocus onClick={() => onAnswer(false)}>
          {t("common.cancel")}
        </button>
        <button type="button" className={`btn ${request.destructive ? "btn-danger" : "btn-primary"}`} onClick={() => onAnswer(true)}>
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
