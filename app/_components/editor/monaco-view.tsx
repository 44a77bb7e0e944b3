"use client";
/**
 * The Monaco editor as a view of the WorkspaceStore: one model per open tab (created when the tab
 * is first shown, disposed when it closes), edits reported back to the store, lint and check
 * results shown as markers, and "reveal" requests (a check result's file:line) honoured.
 * Loaded with next/dynamic({ ssr: false }) only.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import Editor, { type OnMount } from "@monaco-editor/react";
import { EDITOR_THEMES, monaco } from "./monaco-setup";
import type { Theme } from "../settings/preferences";
import { languageForPath } from "./language-for-path";
import { problemsForFile, yamlSyntaxProblems, type Problem } from "./problem-markers";
import type { WorkspaceStore } from "../workbench/workspace-store";
import { markPage, PAGE_MARKS } from "../page-marks";

type CodeEditor = monaco.editor.IStandaloneCodeEditor;
type ModelEntry = { model: monaco.editor.ITextModel; revision: number; subscription: monaco.IDisposable };

const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  fontFamily: 'ui-monospace, "SF Mono", "Cascadia Code", "Roboto Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  renderWhitespace: "selection",
  fixedOverflowWidgets: true,
  tabSize: 4,
  padding: { top: 8 },
  // Tab moves the focus on (keyboard users are never trapped); Ctrl+M makes Tab indent instead.
  tabFocusMode: true,
};

type MonacoViewProps = {
  store: WorkspaceStore;
  theme: Theme;
  fontSize: number;
  /** Files can be read, not changed (small screens). */
  readOnly: boolean;
  /** The editor's accessible name: before a file is open, and for the open file `path`. */
  ariaLabel: (path: string | null) => string;
};

export default function MonacoView({ store, theme, fontSize, readOnly, ariaLabel }: MonacoViewProps) {
  const labelRef = useRef(ariaLabel);
  labelRef.current = ariaLabel;
  const options = useMemo(() => ({ ...EDITOR_OPTIONS, fontSize, readOnly, domReadOnly: readOnly }), [fontSize, readOnly]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const editorRef = useRef<CodeEditor | null>(null);
  const models = useRef(new Map<string, ModelEntry>());
  const viewStates = useRef(new Map<string, monaco.editor.ICodeEditorViewState | null>());
  const shownRef = useRef<string | null>(null);
  const applyingRef = useRef(false);
  const lastRevealSeq = useRef(0);
  // Bumped on every editor instance the wrapper mounts, so the effects below re-attach to it.
  const [editorGeneration, setEditorGeneration] = useState(0);
  const [shownPath, setShownPath] = useState<string | null>(null);
  const [modelsVersion, setModelsVersion] = useState(0);

  const handleMount: OnMount = (editor) => {
    markPage(PAGE_MARKS.editorMounted);
    // The wrapper creates an anonymous model; the workbench uses its own, one per file.
    const initial = editor.getModel();
    editor.setModel(null);
    initial?.dispose();
    editor.updateOptions({ ariaLabel: labelRef.current(null) });
    editorRef.current = editor;
    setEditorGeneration((generation) => generation + 1);
  };

  // Show the active file: create its model on first use, refresh it when reloaded from disk.
  const { active } = snapshot;
  const activeDoc = active ? snapshot.docs[active] : undefined;
  useEffect(() => {
    const editor = editorRef.current;
    if (editorGeneration === 0 || !editor) return;
    const show = (path: string | null, model: monaco.editor.ITextModel | null) => {
      const previous = shownRef.current;
      if (previous && previous !== path && editor.getModel()) viewStates.current.set(previous, editor.saveViewState());
      if (editor.getModel() !== model) {
        editor.setModel(model);
        const saved = path ? viewStates.current.get(path) : null;
        if (saved) editor.restoreViewState(saved);
      }
      if (path) editor.updateOptions({ ariaLabel: labelRef.current(path) });
      shownRef.current = path;
      setShownPath(path);
    };
    if (!active || !activeDoc || activeDoc.status !== "ready") {
      show(null, null);
      return;
    }
    let entry = models.current.get(active);
    if (!entry) {
      const path = active;
      const uri = monaco.Uri.from({ scheme: "workspace", path: "/" + path });
      monaco.editor.getModel(uri)?.dispose();
      const model = monaco.editor.createModel(activeDoc.current, languageForPath(path), uri);
      const subscription = model.onDidChangeContent(() => {
        if (!applyingRef.current) store.edit(path, model.getValue());
      });
      entry = { model, revision: activeDoc.revision, subscription };
      models.current.set(path, entry);
      setModelsVersion((version) => version + 1);
    } else if (entry.revision !== activeDoc.revision) {
      applyingRef.current = true;
      try {
        if (entry.model.getValue() !== activeDoc.current) entry.model.setValue(activeDoc.current);
      } finally {
        applyingRef.current = false;
      }
      entry.revision = activeDoc.revision;
    }
    show(active, entry.model);
    // activeDoc.current is read only when (re)creating the model: typing must not reset it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editorGeneration, store, active, activeDoc?.status, activeDoc?.revision]);

  // Dispose the models of closed tabs.
  const { open } = snapshot;
  useEffect(() => {
    let changed = false;
    for (const [path, entry] of models.current) {
      if (open.includes(path)) continue;
      if (editorRef.current?.getModel() === entry.model) editorRef.current.setModel(null);
      entry.subscription.dispose();
      entry.model.dispose();
      models.current.delete(path);
      viewStates.current.delete(path);
      changed = true;
    }
    if (changed) setModelsVersion((version) => version + 1);
  }, [open]);

  // Lint and check results that name a file (and lint findings) become markers in that file.
  const { lint, checkResults } = snapshot;
  useEffect(() => {
    for (const [path, { model }] of models.current) {
      const problems = problemsForFile(path, lint[path], checkResults);
      monaco.editor.setModelMarkers(model, "lint", toMarkers(model, problems.lint));
      monaco.editor.setModelMarkers(model, "check", toMarkers(model, problems.check));
    }
  }, [lint, checkResults, modelsVersion]);

  // YAML files: syntax errors are marked as the student types, without a round trip.
  const yamlWatchers = useRef(new Map<string, monaco.IDisposable>());
  useEffect(() => {
    const watchers = yamlWatchers.current;
    for (const [path, watcher] of watchers) {
      if (models.current.has(path)) continue;
      watcher.dispose();
      watchers.delete(path);
    }
    for (const [path, { model }] of models.current) {
      if (watchers.has(path) || model.getLanguageId() !== "yaml") continue;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const mark = () => {
        if (!model.isDisposed()) monaco.editor.setModelMarkers(model, "yaml", toMarkers(model, yamlSyntaxProblems(model.getValue())));
      };
      const subscription = model.onDidChangeContent(() => {
        clearTimeout(timer);
        timer = setTimeout(mark, 250);
      });
      mark();
      watchers.set(path, { dispose: () => (clearTimeout(timer), subscription.dispose()) });
    }
  }, [modelsVersion]);
  useEffect(() => {
    const watchers = yamlWatchers.current;
    return () => {
      for (const watcher of watchers.values()) watcher.dispose();
      watchers.clear();
    };
  }, []);

  // Go to a line when asked (clicking a check result), once the file is shown.
  const { reveal } = snapshot;
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal || reveal.seq === lastRevealSeq.current || reveal.path !== shownPath) return;
    lastRevealSeq.current = reveal.seq;
    const model = editor.getModel();
    if (!model) return;
    const line = Math.min(Math.max(1, reveal.line), model.getLineCount());
    editor.revealLineInCenter(line);
    editor.setPosition({ lineNumber: line, column: model.getLineFirstNonWhitespaceColumn(line) || 1 });
    editor.focus();
  }, [reveal, shownPath]);

  // Unmount: every model and listener goes (the wrapper disposes the editor itself).
  useEffect(() => {
    const entries = models.current;
    const states = viewStates.current;
    return () => {
      editorRef.current?.setModel(null);
      for (const entry of entries.values()) {
        entry.subscription.dispose();
        entry.model.dispose();
      }
      entries.clear();
      states.clear();
    };
  }, []);

  return <Editor theme={EDITOR_THEMES[theme]} options={options} onMount={handleMount} keepCurrentModel loading={<div className="pane-placeholder" />} />;
}

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning } as const;

function toMarkers(model: monaco.editor.ITextModel, problems: readonly Problem[]): monaco.editor.IMarkerData[] {
  const lineCount = model.getLineCount();
  return problems.map((problem) => {
    const line = Math.min(Math.max(1, problem.line), lineCount);
    const endLine = Math.min(Math.max(line, problem.endLine ?? line), lineCount);
    const wholeLine = problem.column === undefined;
    return {
      severity: SEVERITY[problem.severity],
      message: problem.message,
      source: problem.source,
      ...(problem.code ? { code: problem.code } : {}),
      startLineNumber: line,
      startColumn: wholeLine ? model.getLineFirstNonWhitespaceColumn(line) || 1 : Math.min(problem.column ?? 1, model.getLineMaxColumn(line)),
      endLineNumber: endLine,
      endColumn: wholeLine ? model.getLineMaxColumn(line) : Math.min(Math.max(problem.endColumn ?? model.getLineMaxColumn(endLine), 1), model.getLineMaxColumn(endLine)),
    };
  });
}
