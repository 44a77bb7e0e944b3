"use client";
/**
 * "Start from my step N-1" / "Start from the reference of step N-1": a card over the editor while
 * the step's folder is missing or empty, and a menu in the file toolbar afterwards. Replacing
 * files is confirmed first (naming them); the server re-checks everything and decides the paths.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { describeSource, replacementMessage, type StartSource } from "@/lib/start-from";
import { api, ApiError, errorMessage } from "../api-client";
import type { StartOptions } from "../api-types";
import { CopyFromIcon } from "../icons";
import { useConfirm } from "./confirm-dialog";
import type { WorkspaceStore } from "./workspace-store";

export type StartFromPrevious = {
  step: number;
  previous: NonNullable<StartOptions["previous"]>;
  folder: string;
  /** Files now in the step's folder, relative to it (from the live file list). */
  targetFiles: string[];
  /** Files in the student's previous folder. */
  mineFiles: string[];
  busy: StartSource | null;
  error: string | null;
  /** Copies; failures go to the card (`error`) or, from the menu, to the file sidebar's notice. */
  start: (source: StartSource, from: "card" | "menu") => Promise<void>;
  dialog: ReactNode;
};

const filesUnder = (files: readonly { path: string }[], folder: string) =>
  files.filter((file) => file.path.startsWith(`${folder}/`)).map((file) => file.path.slice(folder.length + 1));

/** Top-level files before those in sub-folders, each level by name. */
const shallowestFirst = (paths: readonly string[]) =>
  [...paths].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));

/** null while loading, or when the step does not start from a previous one. */
export function useStartFromPrevious(step: number, store: WorkspaceStore): StartFromPrevious | null {
  const files = useSyncExternalStore(store.subscribe, () => store.getSnapshot().files, () => store.getSnapshot().files);
  const [options, setOptions] = useState<StartOptions | null>(null);
  const [busy, setBusy] = useState<StartSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();

  useEffect(() => {
    let cancelled = false;
    api.getStartOptions(step).then(
      ({ options }) => !cancelled && setOptions(options),
      () => undefined, // without it the actions are simply not offered; the lesson still works
    );
    return () => {
      cancelled = true;
    };
  }, [step]);

  const folder = options?.folder ?? "";
  const previous = options?.previous ?? null;
  const starterFiles = options?.starterFiles;
  const targetFiles = useMemo(
    () => (folder ? filesUnder(files, folder).filter((file) => !starterFiles?.includes(file)) : []),
    [files, folder, starterFiles],
  );
  const mineFiles = useMemo(() => (previous ? filesUnder(files, previous.folder) : []), [files, previous]);

  const busyRef = useRef(false);
  const start = useCallback(
    async (source: StartSource, from: "card" | "menu") => {
      if (!previous || busyRef.current) return;
      setError(null);
      const what = describeSource(source, previous.step);
      const askToReplace = (message: string) =>
        confirm({ title: `Replace ${folder}/?`, message, confirmLabel: "Replace my files", destructive: true });
      let replace = false;
      if (targetFiles.length > 0) {
        replace = await askToReplace(replacementMessage(folder, targetFiles, what));
        if (!replace) return;
      }
      busyRef.current = true;
      setBusy(source);
      try {
        await store.saveAll(); // nothing pending may land after the copy
        const answer = await api.startFrom(step, source, replace).catch(async (failure: unknown) => {
          // 409: the folder gained files since the page looked (made in the terminal): ask now.
          if (!(failure instanceof ApiError && failure.status === 409)) throw failure;
          void store.loadFiles();
          return (await askToReplace(failure.message)) ? api.startFrom(step, source, true) : null;
        });
        if (!answer) return;
        const { result } = answer;
        await store.reloadFolder(folder);
        const first = result.copied.find((path) => path === `${folder}/Dockerfile`) ?? shallowestFirst(result.copied)[0];
        if (first) store.openFile(first);
        const count = result.copied.length === 1 ? "1 file" : `${result.copied.length} files`;
        store.showNotice({ kind: "info", text: `Copied ${count} from ${what} into ${folder}/.` });
      } catch (failure) {
        if (from === "card") setError(errorMessage(failure));
        else store.showNotice({ kind: "error", text: errorMessage(failure) });
      } finally {
        busyRef.current = false;
        setBusy(null);
      }
    },
    [previous, targetFiles, folder, confirm, store, step],
  );

  if (!options || !previous) return null;
  return { step, previous, folder, targetFiles, mineFiles, busy, error, start, dialog };
}

/** The big card shown over the editor while the step's folder is empty. */
export function StartFromCard({ control, onDismiss }: { control: StartFromPrevious; onDismiss: () => void }) {
  const { previous, folder, mineFiles, busy, error, start } = control;
  const hasMine = mineFiles.length > 0;
  return (
    <div className="start-card" role="region" aria-labelledby="start-card-title" data-testid="start-from-previous">
      <h2 id="start-card-title">
        Start step {control.step} from step {previous.step}
      </h2>
      <p>
        Your folder <code>{folder}/</code> has none of your files yet. This step builds on{" "}
        <strong>{previous.title}</strong> (<code>{previous.folder}/</code>): copy it here to begin.
      </p>
      <div className="start-card-actions">
        <button
          type="button"
          className={`btn start-card-button${hasMine || !previous.hasReference ? " btn-primary" : ""}`}
          onClick={() => void start("mine", "card")}
          aria-busy={busy === "mine"}
          disabled={busy !== null}
        >
          <span className="start-card-label">
            {busy === "mine" && <span className="spinner" aria-hidden="true" />}
            Start from my step {previous.step}
          </span>
          <span className="start-card-detail">
            {hasMine
              ? `copies your ${previous.folder}/ (${mineFiles.length === 1 ? "1 file" : `${mineFiles.length} files`})`
              : `you have no ${previous.folder}/ yet`}
          </span>
        </button>
        {previous.hasReference && (
          <button
            type="button"
            className={`btn start-card-button${hasMine ? "" : " btn-primary"}`}
            onClick={() => void start("reference", "card")}
            aria-busy={busy === "reference"}
            disabled={busy !== null}
          >
            <span className="start-card-label">
              {busy === "reference" && <span className="spinner" aria-hidden="true" />}
              Start from the reference of step {previous.step}
            </span>
            <span className="start-card-detail">copies the course&apos;s solution of step {previous.step}</span>
          </button>
        )}
      </div>
      {!hasMine && !error && (
        <p className="start-card-note">
          There is no folder <code>{previous.folder}/</code> in your workspace, so your own step {previous.step} cannot be copied
          {previous.hasReference ? ": start from the reference instead." : "."}
        </p>
      )}
      {error && (
        <p className="start-card-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="link-button" onClick={onDismiss}>
        Or start from an empty folder
      </button>
    </div>
  );
}

/** The file toolbar's menu: the same two actions, reachable once the folder has files. */
export function StartFromMenu({ control }: { control: StartFromPrevious }) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const { previous, busy, start } = control;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const choose = (source: StartSource) => {
    setOpen(false);
    void start(source, "menu");
  };

  return (
    <div className="menu-anchor" ref={rootRef}>
      <button
        type="button"
        className="icon-btn"
        aria-label={`Start from step ${previous.step}`}
        title={`Copy step ${previous.step} into this step's folder`}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy !== null}
        onClick={() => setOpen((value) => !value)}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : <CopyFromIcon />}
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={`Start from step ${previous.step}`}>
          <button type="button" role="menuitem" className="menu-item" onClick={() => choose("mine")}>
            Start from my step {previous.step}
            <span className="menu-item-detail">copy {previous.folder}/</span>
          </button>
          {previous.hasReference && (
            <button type="button" role="menuitem" className="menu-item" onClick={() => choose("reference")}>
              Start from the reference of step {previous.step}
              <span className="menu-item-detail">the course&apos;s solution</span>
            </button>
          )}
        </div>
      )}
    </div>
  );
}
