"use client";
/**
 * The workbench page for one step: lesson and check results on the left, editor and terminal on
 * the right, resizable. It owns the websocket, the workspace store and the check state, and wires
 * them together: socket messages to the panes, the Check button to save-then-`check.run` (practice,
 * in the student's own engine) and Submit for grading to save-then-`check.submit` (graded in a
 * fresh sandbox the server owns; only that counts).
 */
import Link from "next/link";
import { EngineHealthBanner } from "../engine-health-banner";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from "react";
import type { CheckMode, ServerMessage } from "@/lib/protocol/messages";
import { api, ApiError, errorMessage } from "../api-client";
import type { CourseStep, Lesson } from "../api-types";
import { useConnectionState, useSocketMessages, useSocketOpen, useWorkbenchSocket } from "../socket/use-workbench-socket";
import { TerminalPane, type EngineStatus } from "../terminal/terminal-pane";
import type { TerminalController } from "../terminal/terminal-view";
import { chunkInput, commandForTerminal } from "../terminal/terminal-input";
import { checkReducer, initialCheckState, isCheckBusy, isCheckError } from "./check-state";
import { CheckPanel } from "./check-panel";
import { StepNav, StepSuccess } from "./step-nav";
import { latestStatuses } from "./task-ticks";
import { LanguageSwitch, useI18n } from "../i18n";
import { ConnectionIndicator } from "./connection-indicator";
import { EditorPane } from "./editor-pane";
import { LessonPane } from "./lesson-pane";
import { Splitter } from "./splitter";
import { Toasts, useToasts } from "./toasts";
import { LAYOUT_LIMITS, usePersistedLayout } from "./use-persisted-layout";
import { WorkspaceStore } from "./workspace-store";
import { useStartFromPrevious } from "./start-from-previous";

type LessonState =
  | { status: "loading" }
  | { status: "ready"; lesson: Lesson }
  | { status: "error"; message: string; notFound: boolean };

/** How long to wait for check.started after sending check.run. */
const CHECK_START_TIMEOUT_MS = 60_000;
const NO_LINT = {};

export function Workbench({ step }: { step: number }) {
  const socket = useWorkbenchSocket();
  const connection = useConnectionState(socket);
  const [store] = useState(
    () =>
      new WorkspaceStore({
        step,
        api,
        sendLint: (path, content) => socket.send({ type: "lint", step, path, content }),
      }),
  );
  const filesStatus = useSyncExternalStore(store.subscribe, () => store.getSnapshot().filesStatus, () => "loading");
  const lint = useSyncExternalStore(store.subscribe, () => store.getSnapshot().lint, () => NO_LINT);
  const [lessonState, setLessonState] = useState<LessonState>({ status: "loading" });
  const [lessonAttempt, setLessonAttempt] = useState(0);
  const [check, dispatch] = useReducer(checkReducer, initialCheckState);
  const startFrom = useStartFromPrevious(step, store);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [course, setCourse] = useState<CourseStep[] | null>(null);
  /** Whether the lesson's preview answers (the server watches its port); null until it says. */
  const [preview, setPreview] = useState<{ answers: boolean; engine: boolean } | null>(null);
  const [engine, setEngine] = useState<EngineStatus | null>(null);
  const { toasts, addToast, dismissToast } = useToasts();
  const terminalRef = useRef<TerminalController | null>(null);
  const [layout, setLayout, resetLayout] = usePersistedLayout();
  const mainRef = useRef<HTMLElement>(null);
  const leftRef = useRef<HTMLDivElement>(null);
  const rightRef = useRef<HTMLDivElement>(null);

  const statuses = useMemo(() => latestStatuses(check.rows, lint), [check.rows, lint]);
  const { t } = useI18n();

  const checkRef = useRef(check);
  useEffect(() => {
    checkRef.current = check;
  });

  // ---- loading -----------------------------------------------------------------------------------
  useEffect(() => {
    let cancelled = false;
    setLessonState({ status: "loading" });
    api.getLesson(step).then(
      ({ lesson }) => !cancelled && setLessonState({ status: "ready", lesson }),
      (error: unknown) =>
        !cancelled &&
        setLessonState({
          status: "error",
          message: errorMessage(error),
          notFound: error instanceof ApiError && error.status === 404,
        }),
    );
    return () => {
      cancelled = true;
    };
  }, [step, lessonAttempt]);

  useEffect(() => {
    let cancelled = false;
    void store.loadFiles();
    api.getLastCheck(step).then(
      ({ lastCheck }) => {
        if (!cancelled) dispatch({ type: "history", lastCheck });
      },
      (error: unknown) => !cancelled && setHistoryError(errorMessage(error)),
    );
    return () => {
      cancelled = true;
      store.dispose();
    };
  }, [step, store]);

  // The course around this step (navigation, progress), again whenever a run of it finishes.
  const finishedRun = check.phase === "finished" && !check.fromHistory ? check.runId : null;
  useEffect(() => {
    let cancelled = false;
    api.getCourse().then(
      ({ steps }) => !cancelled && setCourse(steps),
      () => undefined, // the top bar then shows only this step's number
    );
    return () => {
      cancelled = true;
    };
  }, [finishedRun]);

  // Open the tabs of the last visit, or the step's Dockerfile, once files and lesson are known.
  const folder = lessonState.status === "ready" ? lessonState.lesson.folder : null;
  const tabsRestored = useRef(false);
  useEffect(() => {
    if (tabsRestored.current || !folder || filesStatus !== "ready") return;
    tabsRestored.current = true;
    restoreTabs(store, step, folder);
  }, [folder, filesStatus, store, step]);
  useEffect(() => {
    let last = "";
    return store.subscribe(() => {
      if (tabsRestored.current) last = saveTabs(store, step, last);
    });
  }, [store, step]);

  // Check results with a file and line become editor markers.
  useEffect(() => {
    if (check.phase === "finished") store.setCheckResults(check.rows.flatMap((row) => (row.result ? [row.result] : [])));
    else if (check.phase === "running" && check.rows.every((row) => row.status === "pending")) store.setCheckResults([]);
  }, [check.phase, check.rows, store]);

  // ---- websocket -----------------------------------------------------------------------------------
  useSocketMessages(socket, (message: ServerMessage) => {
    switch (message.type) {
      case "engine.status":
        setEngine({ state: message.state, message: message.message, queue: message.queue });
        return;
      case "lint.result":
        if (message.step === step) store.setLintResults(message.path, message.results);
        return;
      case "preview.status":
        setPreview({ answers: message.answers, engine: message.engine });
        return;
      case "check.started":
      case "check.progress":
      case "check.log":
      case "check.result":
      case "check.finished":
      case "check.interrupted":
        dispatch({ type: "message", message, step });
        return;
      case "error":
        if (isCheckError(checkRef.current, message)) dispatch({ type: "message", message, step });
        else addToast(message.message);
        return;
    }
  });
  useSocketOpen(socket, () => store.relintActive());
  useEffect(() => {
    if (connection.status !== "closed") return;
    dispatch({ type: "disconnected" });
    setEngine(null); // unknown until the server reports it again

  }, [connection.status]);

  // The server watches the preview port for this page (again after a reconnect).
  const previewPort = lessonState.status === "ready" ? lessonState.lesson.preview?.port : undefined;
  useEffect(() => {
    if (previewPort === undefined || connection.status !== "open") return;
    socket.send({ type: "preview.watch", port: previewPort });
  }, [previewPort, connection.status, socket]);

  useEffect(() => {
    if (check.phase !== "requested") return;
    const timer = setTimeout(() => dispatch({ type: "start-timeout" }), CHECK_START_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [check.phase]);

  // ---- actions -------------------------------------------------------------------------------------
  const starting = useRef(false);
  /** Saves every file, then asks for a practice Check or a graded submission. */
  const startRun = useCallback(
    async (mode: CheckMode) => {
      if (starting.current || isCheckBusy(checkRef.current)) return;
      const what = mode === "verified" ? "submission" : "check";
      if (!socket.isOpen()) {
        dispatch({ type: "failed", message: `Not connected to the server, so the ${what} cannot start. Reconnecting…` });
        return;
      }
      starting.current = true;
      try {
        dispatch({ type: "saving", mode });
        const saved = await store.saveAll();
        if (!saved.ok) {
          const which = saved.failed.map((failure) => `${failure.path}: ${failure.message}`).join("; ");
          dispatch({ type: "failed", message: `Your files could not be saved (${which}). The ${what} did not run.` });
          return;
        }
        if (!socket.send({ type: mode === "verified" ? "check.submit" : "check.run", step })) {
          dispatch({ type: "failed", message: `The connection dropped before the ${what} could start. Try again once reconnected.` });
          return;
        }
        dispatch({ type: "requested", mode });
      } finally {
        starting.current = false;
      }
    },
    [socket, store, step],
  );
  const runCheck = useCallback(() => startRun("practice"), [startRun]);
  const submitForGrading = useCallback(() => startRun("verified"), [startRun]);

  const runInTerminal = useCallback(
    (code: string): boolean => {
      const input = commandForTerminal(code);
      if (!input) return true;
      if (!socket.isOpen()) return false;
      for (const chunk of chunkInput(input)) socket.send({ type: "terminal.input", data: chunk });
      terminalRef.current?.focus();
      return true;
    },
    [socket],
  );

  const saveAll = useCallback(async () => {
    const saved = await store.saveAll();
    if (!saved.ok) {
      store.showNotice({ kind: "error", text: `Not saved: ${saved.failed.map((failure) => failure.path).join(", ")}` });
    }
  }, [store]);

  // Ctrl/Cmd+S saves and Ctrl/Cmd+Enter checks, wherever the focus is (editor, terminal, lesson).
  const shortcuts = useRef({ runCheck, saveAll });
  useEffect(() => {
    shortcuts.current = { runCheck, saveAll };
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (event.key.toLowerCase() === "s" && !event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        void shortcuts.current.saveAll();
      } else if (event.key === "Enter") {
        event.preventDefault();
        event.stopPropagation();
        void shortcuts.current.runCheck();
      }
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!store.hasUnsavedChanges()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("keydown", onKeyDown, true);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      window.removeEventListener("keydown", onKeyDown, true);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [store]);

  // ---- layout --------------------------------------------------------------------------------------
  if (lessonState.status === "error" && lessonState.notFound) {
    return (
      <main className="page page-narrow">
        <h1>Step {step} does not exist</h1>
        <p>{lessonState.message}</p>
        <p>
          <Link href="/">Back to the course</Link>
        </p>
      </main>
    );
  }

  const lesson = lessonState.status === "ready" ? lessonState.lesson : null;
  const busy = isCheckBusy(check);
  const previewReason = !preview
    ? t("preview.looking")
    : preview.engine === false
      ? t("preview.noEngine")
      : t("preview.nothing", { port: lesson?.preview?.port ?? 80 });
  const title = lesson ? lesson.title : lessonState.status === "loading" ? t("top.loading") : t("top.lessonUnavailable");

  return (
    <div className="workbench">
      <SkipLinks />
      <header className="topbar">
        <Link href="/" className="topbar-home" aria-label={t("top.backToCourse")}>
          <span aria-hidden="true">←</span> {t("top.course")}
        </Link>
        <div className="topbar-title">
          <StepNav step={step} course={course} />
          <span className="topbar-lesson-title" title={title}>
            {title}
          </span>
        </div>
        <span className="toolbar-spacer" />
        {lesson?.preview &&
          (preview?.answers ? (
            <a
              className="btn btn-ghost-dark"
              href={lesson.preview.path}
              target="_blank"
              rel="noopener noreferrer"
              title={t("preview.opens", { path: lesson.preview.path, port: lesson.preview.port })}
            >
              {lesson.preview.label} <span aria-hidden="true">↗</span>
            </a>
          ) : (
            // Not a dead link: until something answers, it says why (and again when pressed).
            <button
              type="button"
              className="btn btn-ghost-dark btn-waiting"
              aria-disabled="true"
              aria-describedby="preview-reason"
              data-testid="preview-waiting"
              title={previewReason}
              onClick={() => addToast(previewReason)}
            >
              {lesson.preview.label}
              <span id="preview-reason" className="visually-hidden">
                {previewReason}
              </span>
            </button>
          ))}
        <LanguageSwitch className="language-switch-dark" />
        <ConnectionIndicator connection={connection} onReconnect={() => socket.reconnectNow()} />
        <button
          type="button"
          className="btn btn-primary check-button"
          onClick={() => void runCheck()}
          aria-disabled={busy}
          aria-busy={busy && check.mode === "practice"}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title={t("top.checkTitle")}
        >
          {busy && check.mode === "practice" && <span className="spinner" aria-hidden="true" />}
          {t("top.check")}
        </button>
        <button
          type="button"
          className="btn btn-ghost-dark submit-button"
          onClick={() => void submitForGrading()}
          aria-disabled={busy}
          aria-busy={busy && check.mode === "verified"}
          title={t("top.submitTitle")}
        >
          {busy && check.mode === "verified" && <span className="spinner" aria-hidden="true" />}
          {t("top.submit")}
        </button>
      </header>

      <EngineHealthBanner />
      <main
        className="workbench-main"
        ref={mainRef}
        style={{ gridTemplateColumns: `minmax(0, ${layout.lessonWidth}%) var(--splitter-size) minmax(0, 1fr)` }}
      >
        <div
          className="column"
          ref={leftRef}
          style={{ gridTemplateRows: `minmax(0, 1fr) var(--splitter-size) minmax(0, ${layout.resultsHeight}%)` }}
        >
          {lesson ? (
            <LessonPane lesson={lesson} onRun={runInTerminal} statuses={statuses} />
          ) : (
            <section className="pane lesson-pane" aria-label="Lesson" aria-busy={lessonState.status === "loading"}>
              {lessonState.status === "loading" ? (
                <p className="pane-placeholder">Loading the lesson…</p>
              ) : (
                <div className="pane-placeholder" role="alert">
                  <p>The lesson could not be loaded: {lessonState.status === "error" ? lessonState.message : ""}</p>
                  <button type="button" className="btn" onClick={() => setLessonAttempt((n) => n + 1)}>
                    Try again
                  </button>
                </div>
              )}
            </section>
          )}
          <Splitter
            orientation="horizontal"
            label="Resize the lesson and the check results"
            value={layout.resultsHeight}
            {...LAYOUT_LIMITS.resultsHeight}
            sizesAfter
            containerRef={leftRef}
            onChange={(resultsHeight) => setLayout({ resultsHeight })}
            onReset={() => resetLayout("resultsHeight")}
          />
          <CheckPanel
            state={check}
            historyError={historyError}
            success={
              check.phase === "finished" && check.passed && !check.fromHistory && check.mode ? (
                <StepSuccess
                  step={step}
                  mode={check.mode}
                  goals={lesson?.goals ?? []}
                  next={course?.find((s) => s.step > step)}
                />
              ) : null
            }
            onOpenLocation={(file, line) => store.openFile(file, line ?? 1)}
          />
        </div>

        <Splitter
          orientation="vertical"
          label="Resize the lesson and the workspace"
          value={layout.lessonWidth}
          {...LAYOUT_LIMITS.lessonWidth}
          containerRef={mainRef}
          onChange={(lessonWidth) => setLayout({ lessonWidth })}
          onReset={() => resetLayout("lessonWidth")}
        />

        <div
          className="column"
          ref={rightRef}
          style={{ gridTemplateRows: `minmax(0, 1fr) var(--splitter-size) minmax(0, ${layout.terminalHeight}%)` }}
        >
          <EditorPane store={store} folder={folder} startFrom={startFrom} />
          <Splitter
            orientation="horizontal"
            label="Resize the editor and the terminal"
            value={layout.terminalHeight}
            {...LAYOUT_LIMITS.terminalHeight}
            sizesAfter
            containerRef={rightRef}
            onChange={(terminalHeight) => setLayout({ terminalHeight })}
            onReset={() => resetLayout("terminalHeight")}
          />
          <TerminalPane socket={socket} connection={connection} engine={engine} controllerRef={terminalRef} cluster={Boolean(lesson?.cluster)} />
        </div>
      </main>

      <Toasts toasts={toasts} onDismiss={dismissToast} />
    </div>
  );
}

const SKIP_TARGETS = [
  { hash: "#lesson", selector: "#lesson", label: "skip.lesson" },
  { hash: "#editor", selector: '[data-testid="editor"] textarea', label: "skip.editor" },
  { hash: "#terminal", selector: "#terminal-body textarea", label: "skip.terminal" },
  { hash: "#results", selector: "#results", label: "skip.results" },
] as const;

/**
 * The first thing the Tab key reaches: links past the top bar to each pane. The editor and the
 * terminal take the focus in their own text input.
 */
function SkipLinks() {
  const { t } = useI18n();
  const focus = (selector: string) => (event: React.MouseEvent) => {
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <nav className="skip-links" aria-label={t("skip.nav")}>
      {SKIP_TARGETS.map(({ hash, selector, label }) => (
        <a key={hash} href={hash} onClick={focus(selector)}>
          {t(label)}
        </a>
      ))}
    </nav>
  );
}

// ---- remembered tabs, per step ---------------------------------------------------------------------

const tabsKey = (step: number) => `docker-workbench:tabs:${step}`;

function restoreTabs(store: WorkspaceStore, step: number, folder: string): void {
  let saved: { open?: unknown; active?: unknown } = {};
  try {
    saved = JSON.parse(window.localStorage.getItem(tabsKey(step)) ?? "{}") as typeof saved;
  } catch {
    saved = {};
  }
  const open = Array.isArray(saved.open)
    ? saved.open.filter((path): path is string => typeof path === "string" && store.hasFile(path))
    : [];
  if (open.length > 0) {
    for (const path of open) store.openFile(path);
    if (typeof saved.active === "string" && open.includes(saved.active)) store.activate(saved.active);
    return;
  }
  const inFolder = store.getSnapshot().files.filter((file) => file.path.startsWith(folder + "/"));
  const first = inFolder.find((file) => file.path === `${folder}/Dockerfile`) ?? inFolder[0];
  if (first) store.openFile(first.path);
}

/** Writes the open tabs if they changed since `last`; returns what is stored now. */
function saveTabs(store: WorkspaceStore, step: number, last: string): string {
  const { open, active } = store.getSnapshot();
  const value = JSON.stringify({ open, active });
  if (value === last) return last;
  try {
    window.localStorage.setItem(tabsKey(step), value);
  } catch {
    // storage disabled: tabs are simply not remembered
  }
  return value;
}
