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
import { localizeResult } from "@/lib/i18n/localize-server-message";
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
import { usePersistedLayout } from "./use-persisted-layout";
import { applyPreset, LAYOUT_LIMITS, LAYOUT_PRESETS, presetOf } from "./pane-layout";
import { WorkspaceStore } from "./workspace-store";
import { useStartFromPrevious } from "./start-from-previous";
import { SkipLinks } from "./skip-links";
import { useRememberedTabs } from "./use-remembered-tabs";
import { useWorkbenchShortcuts } from "./use-workbench-shortcuts";
import { SettingsMenu } from "../settings/settings-menu";
import { useMediaQuery } from "../use-media-query";
import { markPage, PAGE_MARKS } from "../page-marks";
import { TerminalFirstDraw } from "../terminal/terminal-first-draw";

/** Phones: the workbench is for reading there (lesson, results, files), not for editing. */
const PHONE_QUERY = "(max-width: 600px)";

type LessonState = { status: "loading" } | { status: "ready"; lesson: Lesson } | { status: "error"; message: string; notFound: boolean };

/** How long to wait for check.started after sending check.run. */
const CHECK_START_TIMEOUT_MS = 60_000;
const NO_LINT = {};

/** `studentTag`: a tag of the student (not their id) for what this browser keeps per student; "" when unknown. */
export function Workbench({ step, studentTag = "" }: { step: number; studentTag?: string }) {
  const socket = useWorkbenchSocket();
  const { t, locale } = useI18n();
  const connection = useConnectionState(socket);
  const [store] = useState(
    () =>
      new WorkspaceStore({
        step,
        api,
        sendLint: (path, content) => socket.send({ type: "lint", step, path, content }),
        translate: t,
        locale,
      }),
  );
  const filesStatus = useSyncExternalStore(
    store.subscribe,
    () => store.getSnapshot().filesStatus,
    () => "loading",
  );
  const lint = useSyncExternalStore(
    store.subscribe,
    () => store.getSnapshot().lint,
    () => NO_LINT,
  );
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
  const phone = useMediaQuery(PHONE_QUERY);

  // Effects run once the whole workbench has hydrated (its children's first).
  useEffect(() => markPage(PAGE_MARKS.hydrated), []);
  // Monaco's code loads once the terminal has drawn its prompt (or after a short wait), not in its way.
  const [terminalFirstDraw] = useState(() => new TerminalFirstDraw());
  useEffect(() => terminalFirstDraw.startWaiting(), [terminalFirstDraw]);
  const loadEditor = useSyncExternalStore(terminalFirstDraw.subscribe, terminalFirstDraw.isDrawn, () => false);

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
          message: errorMessage(error, locale),
          notFound: error instanceof ApiError && error.status === 404,
        }),
    );
    return () => {
      cancelled = true;
    };
  }, [step, lessonAttempt, locale]);

  useEffect(() => {
    let cancelled = false;
    void store.loadFiles();
    api.getLastCheck(step).then(
      ({ lastCheck }) => {
        if (!cancelled) dispatch({ type: "history", lastCheck: lastCheck && { ...lastCheck, results: lastCheck.results.map((result) => localizeResult(result, locale)) } });
      },
      (error: unknown) => !cancelled && setHistoryError(errorMessage(error, locale)),
    );
    return () => {
      cancelled = true;
      store.dispose();
    };
  }, [step, store, locale]);

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
  useRememberedTabs(store, step, folder, filesStatus === "ready");

  // Check results with a file and line become editor markers.
  useEffect(() => {
    if (check.phase === "finished") store.setCheckResults(check.rows.flatMap((row) => (row.result ? [row.result] : [])));
    else if (check.phase === "running" && check.rows.every((row) => row.status === "pending")) store.setCheckResults([]);
  }, [check.phase, check.rows, store]);

  // ---- websocket -----------------------------------------------------------------------------------
  useSocketMessages(socket, (message: ServerMessage) => {
    switch (message.type) {
      case "engine.status":
        setEngine({ state: message.state, message: message.message, textKey: message.text?.key, queue: message.queue });
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
    dispatch({ type: "disconnected", message: t("check.interrupted") });
    setEngine(null); // unknown until the server reports it again
  }, [connection.status, t]);

  // The server watches the preview port for this page (again after a reconnect).
  const previewPort = lessonState.status === "ready" ? lessonState.lesson.preview?.port : undefined;
  useEffect(() => {
    if (previewPort === undefined || connection.status !== "open") return;
    socket.send({ type: "preview.watch", port: previewPort });
  }, [previewPort, connection.status, socket]);

  useEffect(() => {
    if (check.phase !== "requested") return;
    const timer = setTimeout(() => dispatch({ type: "start-timeout", message: t("check.notStarted") }), CHECK_START_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [check.phase, t]);

  // ---- actions -------------------------------------------------------------------------------------
  const starting = useRef(false);
  /** Saves every file, then asks for a practice Check or a graded submission. */
  const startRun = useCallback(
    async (mode: CheckMode) => {
      if (starting.current || isCheckBusy(checkRef.current)) return;
      if (!socket.isOpen()) {
        dispatch({ type: "failed", message: t(`run.notConnected.${mode}`) });
        return;
      }
      starting.current = true;
      try {
        dispatch({ type: "saving", mode });
        const saved = await store.saveAll();
        if (!saved.ok) {
          const which = saved.failed.map((failure) => `${failure.path}: ${failure.message}`).join("; ");
          dispatch({ type: "failed", message: t(`run.notSaved.${mode}`, { files: which }) });
          return;
        }
        if (!socket.send({ type: mode === "verified" ? "check.submit" : "check.run", step })) {
          dispatch({ type: "failed", message: t(`run.dropped.${mode}`) });
          return;
        }
        dispatch({ type: "requested", mode });
      } finally {
        starting.current = false;
      }
    },
    [socket, store, step, t],
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
      store.showNotice({ kind: "error", text: t("save.failed", { error: saved.failed.map((failure) => failure.path).join(", ") }) });
    }
  }, [store, t]);

  useWorkbenchShortcuts(store, { runCheck, saveAll });

  // ---- layout --------------------------------------------------------------------------------------
  if (lessonState.status === "error" && lessonState.notFound) {
    return (
      <main className="page page-narrow">
        <h1>{t("top.stepMissing", { step })}</h1>
        <p>{lessonState.message}</p>
        <p>
          <Link href="/">{t("top.backToCourse")}</Link>
        </p>
      </main>
    );
  }

  const lesson = lessonState.status === "ready" ? lessonState.lesson : null;
  const busy = isCheckBusy(check);
  const previewReason = !preview ? t("preview.looking") : preview.engine === false ? t("preview.noEngine") : t("preview.nothing", { port: lesson?.preview?.port ?? 80 });
  const preset = presetOf(layout);
  const lessonShown = !layout.lessonHidden;
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
        {/* No spacer: the title takes the bar's free width (globals.css, .topbar-title). */}
        {lesson?.preview &&
          (preview?.answers ? (
            <a className="btn btn-ghost-dark" href={lesson.preview.path} target="_blank" rel="noopener noreferrer" title={t("preview.opens", { path: lesson.preview.path, port: lesson.preview.port })}>
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
        <SettingsMenu
          layout={{
            presets: LAYOUT_PRESETS,
            current: preset,
            label: (choice) => `layout.${choice}` as const,
            choose: (choice) => setLayout(applyPreset(layout, choice)),
          }}
        />
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
          <span className="label-long">{t("top.submit")}</span>
          <span className="label-short">{t("top.submitShort")}</span>
        </button>
      </header>

      <EngineHealthBanner />
      <main
        className="workbench-main"
        data-lesson={lessonShown ? "shown" : "hidden"}
        ref={mainRef}
        style={{ gridTemplateColumns: `minmax(0, ${layout.lessonWidth}%) var(--splitter-size) minmax(0, 1fr)` }}
      >
        <div
          className="column"
          ref={leftRef}
          style={{
            gridTemplateRows: lessonShown ? `minmax(0, 1fr) var(--splitter-size) minmax(0, ${layout.resultsHeight}%)` : "minmax(0, 1fr)",
          }}
        >
          {!lessonShown ? null : lesson ? (
            <LessonPane lesson={lesson} onRun={runInTerminal} statuses={statuses} />
          ) : (
            <section className="pane lesson-pane" aria-label={t("lesson.region")} aria-busy={lessonState.status === "loading"}>
              {lessonState.status === "loading" ? (
                <p className="pane-placeholder">{t("lesson.loading")}</p>
              ) : (
                <div className="pane-placeholder" role="alert">
                  <p>{t("lesson.failed", { error: lessonState.status === "error" ? lessonState.message : "" })}</p>
                  <button type="button" className="btn" onClick={() => setLessonAttempt((n) => n + 1)}>
                    {t("common.retry")}
                  </button>
                </div>
              )}
            </section>
          )}
          {lessonShown && (
            <Splitter
              orientation="horizontal"
              label={t("split.results")}
              value={layout.resultsHeight}
              {...LAYOUT_LIMITS.resultsHeight}
              sizesAfter
              containerRef={leftRef}
              onChange={(resultsHeight) => setLayout({ resultsHeight })}
              onReset={() => resetLayout("resultsHeight")}
            />
          )}
          <CheckPanel
            state={check}
            historyError={historyError}
            success={
              check.phase === "finished" && check.passed && !check.fromHistory && check.mode ? (
                <StepSuccess step={step} mode={check.mode} goals={lesson?.goals ?? []} next={course?.find((s) => s.step > step)} />
              ) : null
            }
            onOpenLocation={(file, line) => store.openFile(file, line ?? 1)}
            step={step}
            hintOwner={studentTag}
            checkTexts={lesson?.checkTexts}
          />
        </div>

        <Splitter
          orientation="vertical"
          label={t("split.lesson")}
          value={layout.lessonWidth}
          {...LAYOUT_LIMITS.lessonWidth}
          containerRef={mainRef}
          onChange={(lessonWidth) => setLayout({ lessonWidth })}
          onReset={() => resetLayout("lessonWidth")}
        />

        <div className="column" ref={rightRef} style={{ gridTemplateRows: `minmax(0, 1fr) var(--splitter-size) minmax(0, ${layout.terminalHeight}%)` }}>
          <EditorPane
            store={store}
            folder={folder}
            startFrom={startFrom}
            treeWidth={layout.treeWidth}
            onTreeWidth={(treeWidth) => setLayout({ treeWidth })}
            onTreeWidthReset={() => resetLayout("treeWidth")}
            readOnly={phone}
            loadEditor={loadEditor}
          />
          <Splitter
            orientation="horizontal"
            label={t("split.terminal")}
            value={layout.terminalHeight}
            {...LAYOUT_LIMITS.terminalHeight}
            sizesAfter
            containerRef={rightRef}
            onChange={(terminalHeight) => setLayout({ terminalHeight })}
            onReset={() => resetLayout("terminalHeight")}
          />
          <TerminalPane socket={socket} connection={connection} engine={engine} controllerRef={terminalRef} cluster={Boolean(lesson?.cluster)} firstDraw={terminalFirstDraw} />
        </div>
      </main>

      <Toasts toasts={toasts} onDismiss={dismissToast} />
    </div>
  );
}
