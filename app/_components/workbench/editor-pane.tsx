"use client";
/**
 * The "Editor" region: file tree with its actions (new, delete, upload, download), the tabs of
 * open files with a saved/unsaved indicator, and Monaco (client-only).
 */
import dynamic from "next/dynamic";
import { useI18n } from "../i18n";
import { useId, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from "react";
import type { MessageKey } from "@/lib/i18n/messages";
import { usePreferences } from "../settings/preferences-provider";
import { CODE_FONT_PX } from "../settings/preferences";
import { Splitter } from "./splitter";
import { LAYOUT_LIMITS } from "./pane-layout";
import { api } from "../api-client";
import { isDirty, type DocState, type WorkspaceStore } from "./workspace-store";
import { FileTree } from "./file-tree";
import { CloseIcon, DownloadIcon, NewFileIcon, TrashIcon, UploadIcon } from "../icons";
import { StartFromCard, StartFromMenu, type StartFromPrevious } from "./start-from-previous";

const MonacoView = dynamic(() => import("../editor/monaco-view"), {
  ssr: false,
  loading: () => <EditorLoading />,
});

function EditorLoading() {
  const { t } = useI18n();
  return <div className="pane-placeholder pane-placeholder-dark">{t("editor.loading")}</div>;
}

type EditorPaneProps = {
  store: WorkspaceStore;
  /** The step's folder: new files and uploads go there (null until the lesson is loaded). */
  folder: string | null;
  /** "Start from step N-1" actions, when the step builds on a previous one. */
  startFrom?: StartFromPrevious | null;
  /** Width of the file tree, percent of the pane; the splitter beside it changes it. */
  treeWidth: number;
  onTreeWidth: (width: number) => void;
  onTreeWidthReset: () => void;
  /** Files are shown, not edited (small screens). */
  readOnly: boolean;
  /** Monaco's code may load: false shows "Loading the editor…" (the workbench holds it until the terminal has drawn its prompt). */
  loadEditor?: boolean;
};

export function EditorPane({ store, folder, startFrom = null, treeWidth, onTreeWidth, onTreeWidthReset, readOnly, loadEditor = true }: EditorPaneProps) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const uploadRef = useRef<HTMLInputElement>(null);
  /** The folder last opened in the tree: new files are proposed there. */
  const [lastDir, setLastDir] = useState<string | null>(null);
  const [startDismissed, setStartDismissed] = useState(false);
  const showStartCard = startFrom !== null && startFrom.targetFiles.length === 0 && !startDismissed && state.filesStatus === "ready" && !readOnly;
  const tabsId = useId();
  const layoutRef = useRef<HTMLDivElement>(null);
  const { t } = useI18n();
  const { theme, preferences } = usePreferences();

  const dirty = useMemo(
    () =>
      new Set(
        Object.values(state.docs)
          .filter((doc) => isDirty(doc))
          .map((doc) => doc.path),
      ),
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
      setNameError(t(problem));
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
    if (!window.confirm(t("files.deleteConfirm", { path: state.active }))) return;
    void store.deleteFile(state.active);
  };

  return (
    <section className="pane editor-pane" aria-label={t("editor.region")}>
      <div className="editor-layout" ref={layoutRef} style={{ gridTemplateColumns: `minmax(6.5rem, ${treeWidth}%) var(--splitter-size) minmax(0, 1fr)` }}>
        <aside className="file-sidebar">
          <div className="pane-toolbar pane-toolbar-dark file-actions">
            <h2 className="pane-title">{t("pane.files")}</h2>
            <span className="toolbar-spacer" />
            {/* Read-only (a phone): only what reads or downloads. */}
            {!readOnly && (
              <>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={t("files.new")}
                  title={folder ? t("files.newIn", { folder }) : t("files.waiting")}
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
                  aria-label={t("files.delete")}
                  title={state.active ? t("files.deleteTitle", { path: state.active }) : t("files.deleteNone")}
                  onClick={deleteActive}
                  disabled={!state.active}
                >
                  <TrashIcon />
                </button>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={t("files.upload")}
                  title={folder ? t("files.uploadTitle", { folder }) : t("files.waiting")}
                  disabled={!folder}
                  onClick={() => uploadRef.current?.click()}
                >
                  <UploadIcon />
                </button>
                {startFrom && <StartFromMenu control={startFrom} />}
              </>
            )}
            <a className="icon-btn" href={api.workspaceZipUrl} download aria-label={t("files.download")} title={t("files.downloadTitle")} data-testid="download-workspace">
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
                {t("files.newLabel")} <code>{folder}/</code>
              </label>
              <input
                id={`${tabsId}-new`}
                className="text-input"
                value={newName}
                autoFocus
                placeholder={t("files.newPlaceholder")}
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
              <p className="new-file-help">{t("files.newHelp")}</p>
              {nameError && (
                <p id={`${tabsId}-new-error`} className="field-error">
                  {nameError}
                </p>
              )}
              <div className="new-file-buttons">
                <button type="submit" className="btn btn-small btn-primary">
                  {t("files.create")}
                </button>
                <button type="button" className="btn btn-small btn-ghost-dark" onClick={() => setCreating(false)}>
                  {t("common.cancel")}
                </button>
              </div>
            </form>
          )}

          <div className="file-tree-scroll">
            {state.filesStatus === "loading" && <p className="tree-empty">{t("files.loading")}</p>}
            {state.filesStatus === "error" && (
              <div className="tree-empty" role="alert">
                <p>{t("files.listFailed", { error: state.filesError ?? "" })}</p>
                <button type="button" className="btn btn-small" onClick={() => void store.loadFiles()}>
                  {t("common.retry")}
                </button>
              </div>
            )}
            {state.filesStatus === "ready" && (
              <FileTree files={state.files} folder={folder ?? ""} active={state.active} dirty={dirty} onOpen={(path) => store.openFile(path)} onToggleDir={setLastDir} />
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
              <button type="button" className="icon-btn" aria-label={t("common.dismiss")} onClick={() => store.dismissNotice()}>
                <span aria-hidden="true">×</span>
              </button>
            </div>
          )}
        </aside>

        <Splitter
          orientation="vertical"
          className="splitter-tree"
          label={t("split.tree")}
          value={treeWidth}
          {...LAYOUT_LIMITS.treeWidth}
          containerRef={layoutRef}
          onChange={onTreeWidth}
          onReset={onTreeWidthReset}
        />

        <div className="editor-main">
          <div className="tab-bar">
            <div className="tabs" role="tablist" aria-label={t("tabs.label")}>
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
                      title={t("tabs.title", { path })}
                      onClick={() => store.activate(path)}
                      onKeyDown={(event) => onTabKey(event, path)}
                    >
                      {baseName(path)}
                      {isDirty(doc) && (
                        <>
                          <span className="tab-dirty" aria-hidden="true">
                            ●
                          </span>
                          <span className="visually-hidden">{t("tabs.unsaved")}</span>
                        </>
                      )}
                    </button>
                    {/* For the pointer; from the keyboard, Delete on the tab closes it. */}
                    <button type="button" className="tab-close" aria-hidden="true" tabIndex={-1} title={t("tabs.close", { path })} onClick={() => void store.closeFile(path)}>
                      <CloseIcon />
                    </button>
                  </div>
                );
              })}
            </div>
            {readOnly ? (
              <span className="read-only-note" title={t("editor.readOnlyTitle")} data-testid="read-only-note">
                {t("editor.readOnly")}
              </span>
            ) : (
              <kbd className="key-hint" title={t("editor.tabHintTitle")}>
                {t("editor.tabHint")}
              </kbd>
            )}
            <SaveStatus doc={activeDoc} onRetry={() => state.active && void store.save(state.active)} />
          </div>

          <div className="editor-surface" id={`${tabsId}-panel`} role="tabpanel" aria-labelledby={state.active ? `${tabsId}-tab-${state.active}` : undefined} data-testid="editor">
            {loadEditor ? (
              <MonacoView
                store={store}
                theme={theme}
                fontSize={CODE_FONT_PX[preferences.fontSize]}
                readOnly={readOnly}
                ariaLabel={(path) => (path ? t("editor.editing", { path }) : t("editor.aria"))}
              />
            ) : (
              <EditorLoading />
            )}
            {showStartCard && startFrom && (
              <div className="editor-overlay start-overlay">
                <StartFromCard control={startFrom} onDismiss={() => setStartDismissed(true)} />
              </div>
            )}
            {!state.active && !showStartCard && (
              <div className="editor-overlay">
                <p>{t("editor.choose")}</p>
              </div>
            )}
            {activeDoc?.status === "loading" && (
              <div className="editor-overlay">
                <p>{t("editor.opening", { path: activeDoc.path })}</p>
              </div>
            )}
            {activeDoc?.status === "error" && (
              <div className="editor-overlay" role="alert">
                <p>{t("editor.openFailed", { path: activeDoc.path, error: activeDoc.error ?? "" })}</p>
                <button type="button" className="btn btn-small" onClick={() => store.openFile(activeDoc.path)}>
                  {t("common.retry")}
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

/** What is wrong with a new file's name (an interface text), or null. */
export function checkNewFileName(name: string): MessageKey | null {
  const trimmed = name.trim();
  if (!trimmed) return "files.name.empty";
  if (trimmed.startsWith("/") || trimmed.endsWith("/")) return "files.name.folder";
  if (trimmed.split("/").some((part) => part === ".." || part === "." || part === "")) return "files.name.outside";
  if (/[\\\0]/.test(trimmed) || trimmed.length > 200) return "files.name.invalid";
  return null;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
