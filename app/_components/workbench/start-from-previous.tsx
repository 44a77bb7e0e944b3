"use client";
/**
 * "Start from my step N-1" / "Start from the reference of step N-1": a card over the editor while
 * the step's folder is missing or empty, and a menu in the file toolbar afterwards. Replacing
 * files is confirmed first (naming them); the server re-checks everything and decides the paths.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import type { StartSource } from "@/lib/start-from";
import type { Translate } from "@/lib/i18n/messages";
import { useI18n } from "../i18n";
import { richText } from "../i18n-rich";
import { api, ApiError, errorMessage } from "../api-client";
import type { StartOptions } from "../api-types";
import { CopyFromIcon } from "../icons";
import { useDismiss } from "../use-dismiss";
import { useConfirm } from "./confirm-dialog";
import type { WorkspaceStore } from "./workspace-store";

export type StartFromPrevious = {
  step: number;
  previous: NonNullable<StartOptions["previous"]>;
  folder: string;
  /** The previous step's folder is itself accepted by this step's checks (step 9 deploys step 8's folder, as the lab does). */
  previousAccepted: boolean;
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

const filesUnder = (files: readonly { path: string }[], folder: string) => files.filter((file) => file.path.startsWith(`${folder}/`)).map((file) => file.path.slice(folder.length + 1));

/** Top-level files before those in sub-folders, each level by name. */
const shallowestFirst = (paths: readonly string[]) => [...paths].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));

/** How many file names a confirmation lists before it says "and N more". */
const LISTED_FILES = 6;

/** "Replace the 3 files in 2_x/ (Dockerfile, a.sh, b.yml) with a copy of …? They will be deleted." */
function replacementText(t: Translate, folder: string, files: readonly string[], what: string): string {
  const more = files.length > LISTED_FILES ? t("start.andMore", { count: files.length - LISTED_FILES }) : "";
  const listed = files.slice(0, LISTED_FILES).join(", ") + more;
  return t("start.replace", { folder, files: listed, what, count: files.length });
}

/** null while loading, or when the step does not start from a previous one. */
export function useStartFromPrevious(step: number, store: WorkspaceStore): StartFromPrevious | null {
  const files = useSyncExternalStore(
    store.subscribe,
    () => store.getSnapshot().files,
    () => store.getSnapshot().files,
  );
  const [options, setOptions] = useState<StartOptions | null>(null);
  const [busy, setBusy] = useState<StartSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { confirm, dialog } = useConfirm();
  const { t, locale } = useI18n();

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
  const targetFiles = useMemo(() => (folder ? filesUnder(files, folder).filter((file) => !starterFiles?.includes(file)) : []), [files, folder, starterFiles]);
  const mineFiles = useMemo(() => (previous ? filesUnder(files, previous.folder) : []), [files, previous]);

  const busyRef = useRef(false);
  const start = useCallback(
    async (source: StartSource, from: "card" | "menu") => {
      if (!previous || busyRef.current) return;
      setError(null);
      const what = t(source === "mine" ? "start.what.mine" : "start.what.reference", { step: previous.step });
      const askToReplace = (message: string) => confirm({ title: t("start.replaceTitle", { folder }), message, confirmLabel: t("start.replaceConfirm"), destructive: true });
      let replace = false;
      if (targetFiles.length > 0) {
        replace = await askToReplace(replacementText(t, folder, targetFiles, what));
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
          return (await askToReplace(errorMessage(failure, locale))) ? api.startFrom(step, source, true) : null;
        });
        if (!answer) return;
        const { result } = answer;
        await store.reloadFolder(folder);
        const first = result.copied.find((path) => path === `${folder}/Dockerfile`) ?? shallowestFirst(result.copied)[0];
        if (first) store.openFile(first);
        const copied = result.copied.length;
        store.showNotice({
          kind: "info",
          text: t("start.copied", { count: copied, what, folder }),
        });
      } catch (failure) {
        if (from === "card") setError(errorMessage(failure, locale));
        else store.showNotice({ kind: "error", text: errorMessage(failure, locale) });
      } finally {
        busyRef.current = false;
        setBusy(null);
      }
    },
    [previous, targetFiles, folder, confirm, store, step, t, locale],
  );

  if (!options || !previous) return null;
  const previousAccepted = options.alsoAccepted?.includes(previous.folder) ?? false;
  return { step, previous, folder, previousAccepted, targetFiles, mineFiles, busy, error, start, dialog };
}

/** The big card shown over the editor while the step's folder is empty. */
export function StartFromCard({ control, onDismiss }: { control: StartFromPrevious; onDismiss: () => void }) {
  const { previous, folder, mineFiles, busy, error, start } = control;
  const { t } = useI18n();
  const hasMine = mineFiles.length > 0;
  const previousFolder = <code>{previous.folder}/</code>;
  return (
    <div className="start-card" role="region" aria-labelledby="start-card-title" data-testid="start-from-previous">
      <h2 id="start-card-title">{t("start.title", { step: control.step, previous: previous.step })}</h2>
      <p>
        {richText(t("start.intro"), {
          folder: <code>{folder}/</code>,
          title: <strong>{previous.title}</strong>,
          previousFolder,
        })}
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
            {t("start.mine", { step: previous.step })}
          </span>
          <span className="start-card-detail">
            {hasMine ? t("start.mineCopies", { folder: previous.folder, count: t("common.files", { count: mineFiles.length }) }) : t("start.mineMissing", { folder: previous.folder })}
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
              {t("start.reference", { step: previous.step })}
            </span>
            <span className="start-card-detail">{t("start.referenceDetail", { step: previous.step })}</span>
          </button>
        )}
      </div>
      {!hasMine && !error && <p className="start-card-note">{richText(t(previous.hasReference ? "start.noMineUseReference" : "start.noMine", { step: previous.step }), { folder: previousFolder })}</p>}
      {hasMine && control.previousAccepted && (
        <p className="start-card-note" data-testid="start-card-lab-folder">
          Or keep working in <code>{previous.folder}/</code> itself, as the lab does: while <code>{folder}/</code> holds none of your files, the checks read <code>{previous.folder}/</code>. Step{" "}
          {previous.step}&apos;s own checks read it too, so a copy keeps step {previous.step} as it passed.
        </p>
      )}
      {error && (
        <p className="start-card-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="link-button" onClick={onDismiss}>
        {t("start.empty")}
      </button>
    </div>
  );
}

/** The file toolbar's menu: the same two actions, reachable once the folder has files. */
export function StartFromMenu({ control }: { control: StartFromPrevious }) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const { previous, busy, start } = control;
  const { t } = useI18n();

  useDismiss(open, rootRef, () => setOpen(false));

  const choose = (source: StartSource) => {
    setOpen(false);
    void start(source, "menu");
  };

  return (
    <div className="menu-anchor" ref={rootRef}>
      <button
        type="button"
        className="icon-btn"
        aria-label={t("start.menu", { step: previous.step })}
        title={t("start.menuTitle", { step: previous.step })}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy !== null}
        onClick={() => setOpen((value) => !value)}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : <CopyFromIcon />}
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={t("start.menu", { step: previous.step })}>
          <button type="button" role="menuitem" className="menu-item" onClick={() => choose("mine")}>
            {t("start.mine", { step: previous.step })}
            <span className="menu-item-detail">{t("start.menuMine", { folder: previous.folder })}</span>
          </button>
          {previous.hasReference && (
            <button type="button" role="menuitem" className="menu-item" onClick={() => choose("reference")}>
              {t("start.reference", { step: previous.step })}
              <span className="menu-item-detail">{t("start.menuReference")}</span>
            </button>
          )}
        </div>
      )}
    </div>
  );
}
