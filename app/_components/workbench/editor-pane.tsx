"use client";
/**
 * The "Editor" region: file tree with its actions (new, delete, upload, download), the tabs of
 * open files with a saved/unsaved indicator, and Monaco (client-only).
 */
import dynamic from "next/dynamic";
import { useI18n } from "../i18n";
import { useId, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from "react";
import { api } from "../api-client";
import { isDirty, type DocState, type WorkspaceStore } from "./workspace-store";
import { FileTree } from "./file-tree";
import { CloseIcon, DownloadIcon, NewFileIcon, TrashIcon, UploadIcon } from "../icons";
import { StartFromCard, StartFromMenu, type StartFromPrevious } from "./start-from-previous";

const MonacoView = dynamic(() => import("../editor/monaco-view"), {
  ssr: false,
  loading: () => <div className="pane-placeholder pane-placeholder-dark">Loading the editor…</div>,
});

type EditorPaneProps = {
  store: WorkspaceStore;
  /** The step's folder: new files and uploads go there (null until the lesson is loaded). */
  folder: string | null;
  /** "Start from step N-1" actions, when the step builds on a previous one. */
  startFrom?: StartFromPrevious | null;
};

export function EditorPane({ store, folder, startFrom = null }: EditorPaneProps) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const uploadRef = useRef<HTMLInputElement>(null);
  /** The folder last opened in the tree: new files are proposed there. */
  const [lastDir, setLastDir] = useState<string | null>(null);
  const [startDismissed, setStartDismissed] = useState(false);
  const showStartCard = startFrom !== null && startFrom.targetFiles.length === 0 && !startDismissed && state.filesStatus === "ready";
  const tabsId = useId();
  const { t } = useI18n();

  const dirty = useMemo(
    () => new Set(Object.values(state.docs).filter((doc) => isDirty(doc)).map((doc) => doc.path)),
    [state.docs],
  );
  const activeDoc = state.active ? state.docs[state.active] : undefined;

  /** The tab list's keys: arrows move to the previous/next tab (and open it), Delete closes the tab. */
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, path: string) => {
    const index = state.open.indexOf(path);
    if (event.key === "Delete") {
      event.preventDefault();
      const neighbour = state.open[index + 1] ?? state.open[index - 1];
      void store.closeFile(path).then(() => {
        if (neighbour) document.getElementById(`${tabsId}-tab-${neighbour}`)?.focus();
      });
      return;
    }
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step || state.open.length < 2) return;
    event.preventDefault();
    const target = state.open[(index + step + state.open.length) % state.open.length]!;
    store.activate(target);
    document.getElementById(`${tabsId}-tab-${target}`)?.focus();
  };

  const submitNewFile = async (event: FormEvent) => {
    event.preventDefault();
    const problem = checkNewFileName(newName);
    if (problem) {
      setNameError(problem);
      return;
    }
    if (!folder) return;
    const ok = await store.createFile(`${folder}/${newName.trim()}`);
    if (ok) {
      setCreating(false);
      setNewName("");
      setNameError(null);
    }
  };

  const deleteActive = () => {
    if (!state.active) return;
    if (!window.confirm(`Delete ${state.active}? This cannot be undone.`)) return;
    void store.deleteFile(state.active);
  };

  return (
    <section className="pane editor-pane" aria-label="Editor">
      <div className="editor-layout">
        <aside className="file-sidebar">
          <div className="pane-toolbar pane-toolbar-dark file-actions">
            <h2 className="pane-title">{t("pane.files")}</h2>
            <span className="toolbar-spacer" />
            <button
              type="button"
              className="icon-btn"
              aria-label="New file"
              title={folder ? `New file in ${folder}/` : "Waiting for the lesson…"}
              disabled={!folder}
              onClick={() => {
                setCreating((open) => !open);
                setNameError(null);
                setNewName(folder && lastDir?.startsWith(`${folder}/`) ? `${lastDir.slice(folder.length + 1)}/` : "");
              }}
            >
              <NewFileIcon />
            </button>
            <button
              type="button"
              className="icon-btn"
              aria-label="Delete file"
              title={state.active ? `Delete ${state.active}` : "Select a file to delete it"}
              onClick={deleteActive}
              disabled={!state.active}
            >
              <TrashIcon />
            </button>
            <button
              type="button"
              className="icon-btn"
              aria-label="Upload files"
              title={folder ? `Upload files into ${folder}/` : "Waiting for the lesson…"}
              disabled={!folder}
              onClick={() => uploadRef.current?.click()}
            >
              <UploadIcon />
            </button>
            {startFrom && <StartFromMenu control={startFrom} />}
            <a className="icon-btn" href={api.workspaceZipUrl} download aria-label="Download workspace (zip)" title="Download your whole workspace as a zip">
              <DownloadIcon />
            </a>
            <input
              ref={uploadRef}
              type="file"
              multiple
              hidden
              aria-hidden="true"
              tabIndex={-1}
              onChange={(event) => {
                const files = Array.from(event.currentTarget.files ?? []);
                event.currentTarget.value = "";
                if (folder) void store.upload(folder, files);
              }}
            />
          </div>

          {creating && folder && (
            <form className="new-file-form" onSubmit={submitNewFile}>
              <label htmlFor={`${tabsId}-new`} className="new-file-label">
                New file in <code>{folder}/</code>
              </label>
              <input
                id={`${tabsId}-new`}
                className="text-input"
                value={newName}
                autoFocus
                placeholder="e.g. start.sh or apache_wordpress/Dockerfile"
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? `${tabsId}-new-error` : undefined}
                onChange={(event) => setNewName(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Escape") {
                    setCreating(false);
                    setNameError(null);
                  }
                }}
              />
              <p className="new-file-help">A slash makes sub-folders: apache_wordpress/Dockerfile.</p>
              {nameError && (
                <p id={`${tabsId}-new-error`} className="field-error">
                  {nameError}
                </p>
              )}
              <div className="new-file-buttons">
                <button type="submit" className="btn btn-small btn-primary">
                  Create
                </button>
                <button type="button" className="btn btn-small btn-ghost-dark" onClick={() => setCreating(false)}>
                  Cancel
                </button>
              </div>
            </form>
          )}

          <div className="file-tree-scroll">
            {state.filesStatus === "loading" && <p className="tree-empty">Loading files…</p>}
            {state.filesStatus === "error" && (
              <div className="tree-empty" role="alert">
                <p>Could not list your files: {state.filesError}</p>
                <button type="button" className="btn btn-small" onClick={() => void store.loadFiles()}>
                  Try again
                </button>
              </div>
            )}
            {state.filesStatus === "ready" && (
              <FileTree
                files={state.files}
                folder={folder ?? ""}
                active={state.active}
                dirty={dirty}
                onOpen={(path) => store.openFile(path)}
                onToggleDir={setLastDir}
              />
            )}
          </div>
          {state.busy && (
            <p className="file-busy" role="status">
              <span className="spinner" aria-hidden="true" /> {state.busy}
            </p>
          )}
          {state.notice && (
            <div className={`file-notice notice-${state.notice.kind}`} role={state.notice.kind === "error" ? "alert" : "status"}>
              <span>{state.notice.text}</span>
              <button type="button" className="icon-btn" aria-label="Dismiss message" onClick={() => store.dismissNotice()}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          )}
        </aside>

        <div className="editor-main">
          <div className="tab-bar">
            <div className="tabs" role="tablist" aria-label="Open files">
              {state.open.map((path) => {
                const doc = state.docs[path];
                const selected = path === state.active;
                return (
                  <div key={path} role="presentation" className={`tab${selected ? " is-active" : ""}`}>
                    <button
                      type="button"
                      role="tab"
                      id={`${tabsId}-tab-${path}`}
                      aria-selected={selected}
                      aria-controls={`${tabsId}-panel`}
                      aria-keyshortcuts="Delete ArrowLeft ArrowRight"
                      tabIndex={selected ? 0 : -1}
                      className="tab-label"
                      title={`${path} (Delete closes it; arrow keys move between tabs)`}
                      onClick={() => store.activate(path)}
                      onKeyDown={(event) => onTabKey(event, path)}
                    >
                      {baseName(path)}
                      {isDirty(doc) && (
                        <>
                          <span className="tab-dirty" aria-hidden="true">
                            ●
                          </span>
                          <span className="visually-hidden"> (unsaved)</span>
                        </>
                      )}
                    </button>
                    {/* For the pointer; from the keyboard, Delete on the tab closes it. */}
                    <button
                      type="button"
                      className="tab-close"
                      aria-hidden="true"
                      tabIndex={-1}
                      title={`Close ${path}`}
                      onClick={() => void store.closeFile(path)}
                    >
                      <CloseIcon />
                    </button>
                  </div>
                );
              })}
            </div>
            <kbd className="key-hint" title={t("editor.tabHintTitle")}>
              {t("editor.tabHint")}
            </kbd>
            <SaveStatus doc={activeDoc} onRetry={() => state.active && void store.save(state.active)} />
          </div>

          <div
            className="editor-surface"
            id={`${tabsId}-panel`}
            role="tabpanel"
            aria-labelledby={state.active ? `${tabsId}-tab-${state.active}` : undefined}
            data-testid="editor"
          >
            <MonacoView store={store} />
            {showStartCard && startFrom && (
              <div className="editor-overlay start-overlay">
                <StartFromCard control={startFrom} onDismiss={() => setStartDismissed(true)} />
              </div>
            )}
            {!state.active && !showStartCard && (
              <div className="editor-overlay">
                <p>Choose a file in the tree to edit it.</p>
              </div>
            )}
            {activeDoc?.status === "loading" && (
              <div className="editor-overlay">
                <p>Opening {activeDoc.path}…</p>
              </div>
            )}
            {activeDoc?.status === "error" && (
              <div className="editor-overlay" role="alert">
                <p>
                  Could not open {activeDoc.path}: {activeDoc.error}
                </p>
                <button type="button" className="btn btn-small" onClick={() => store.openFile(activeDoc.path)}>
                  Try again
                </button>
              </div>
            )}
          </div>
        </div>
      </div>
      {startFrom?.dialog}
    </section>
  );
}

function SaveStatus({ doc, onRetry }: { doc: DocState | undefined; onRetry: () => void }) {
  const { t } = useI18n();
  let text = "";
  let tone = "muted";
  if (doc?.status === "ready") {
    if (doc.saving) text = t("save.saving");
    else if (doc.saveError) {
      text = t("save.failed", { error: doc.saveError });
      tone = "error";
    } else if (isDirty(doc)) {
      text = t("save.unsaved");
      tone = "warn";
    } else {
      text = t("save.saved");
      tone = "ok";
    }
  }
  return (
    <div className={`save-status save-${tone}`} role="status" aria-live="polite" data-testid="save-status">
      {text}
      {doc?.saveError && !doc.saving && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t("save.retry")}
        </button>
      )}
    </div>
  );
}

export function checkNewFileName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return "Type a file name.";
  if (trimmed.startsWith("/") || trimmed.endsWith("/")) return "Give a file name, not a folder.";
  if (trimmed.split("/").some((part) => part === ".." || part === "." || part === "")) return "The file must stay in the step folder.";
  if (/[\\\0]/.test(trimmed) || trimmed.length > 200) return "That name cannot be used.";
  return null;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
