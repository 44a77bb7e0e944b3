"use client";
/**
 * The "Check results" region: which kind of run it is (a practice Check in the student's own
 * engine, or a submission graded in the server's sandbox), what it is doing (progress, streaming
 * build log), then one row per check with its status, message and hints (revealed on demand, in
 * the page's language when the lesson has it); rows that point at a file open it.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { CheckResult } from "@/lib/protocol/messages";
import { formatScore, formatWhen } from "../format";
import { arrangeRows, summarizeRows, type CheckRow, type CheckState } from "./check-state";
import { useI18n } from "../i18n";
import { localizedMessage, type TextContext } from "@/lib/i18n/render-text";
import { checkTextContext } from "@/lib/i18n/check-text-context";
import { progressLineText } from "./progress-line-text";
import type { Translate } from "@/lib/i18n/messages";
import { CheckHints } from "./check-hints";
import { browserStorage, writeRevealedHints, type HintScope } from "./hint-reveal";

type CheckPanelProps = {
  state: CheckState;
  historyError: string | null;
  /** Shown above the results when the run that just finished passed. */
  success?: ReactNode;
  onOpenLocation: (file: string, line?: number) => void;
  /** The step shown: revealed hints are remembered per student, step and check. */
  step: number;
  /** Tells apart the students who share this browser (a tag of the student's id); "" when unknown. */
  hintOwner?: string;
  /** Check titles and hint levels in the page's language, by check id (from the lesson). */
  checkTexts?: Record<string, CheckText>;
};

type CheckText = { title: string; hints: string[]; phrases?: Record<string, string> };

const STATUS_ICON: Record<CheckRow["status"], string> = { pass: "✓", fail: "✗", skip: "–", error: "!", pending: "…" };

export function CheckPanel({ state, historyError, success, onOpenLocation, step, hintOwner = "", checkTexts }: CheckPanelProps) {
  const hintScope = useMemo<HintScope>(() => ({ owner: hintOwner, step }), [hintOwner, step]);
  const counts = summarizeRows(state.rows);
  const busy = state.phase === "saving" || state.phase === "requested" || state.phase === "running";
  const { shown, folded } = arrangeRows(state.rows, state.phase === "finished");
  const { t } = useI18n();
  // Messages that name another check ("needs … to pass first") or quote checks.yaml (a describe, a failMessage) say it in the page's language.
  const textContext = useMemo(() => checkTextContext(checkTexts), [checkTexts]);

  return (
    <section className="pane check-pane" aria-label={t("pane.results")} aria-busy={busy} id="results" tabIndex={-1}>
      <header className="pane-toolbar">
        <h2 className="pane-title">{t("pane.results")}</h2>
        {state.score !== null && state.phase === "finished" && (
          <span className={`score ${state.passed ? "score-passed" : "score-failed"}`} data-testid="check-score">
            {t("check.score", { score: formatScore(state.score) })}
            <span className="badge">{t(`check.badge.${state.mode === "verified" ? "verified" : "practice"}.${state.passed ? "passed" : "failed"}`)}</span>
          </span>
        )}
        <span className="toolbar-spacer" />
        {state.rows.some((row) => row.result) && (
          <span className="check-counts">
            {t("check.counts", { passed: counts.pass, failing: counts.fail + counts.error })}
            {counts.skip > 0 && t("check.skipped", { skipped: counts.skip })}
          </span>
        )}
      </header>

      <div className="check-scroll">
        {state.mode && state.phase !== "idle" && (
          <p className={`check-mode check-mode-${state.mode}`} data-testid="check-mode" data-mode={state.mode}>
            {t(`check.mode.${state.mode}`)}
          </p>
        )}
        {success}
        <CheckStatusLine state={state} historyError={historyError} textContext={textContext} />
        {(state.log || state.phase === "running") && <BuildLog log={state.log} truncated={state.logTruncated} live={state.phase === "running"} />}
        {shown.length > 0 && (
          <ol className="check-list">
            {shown.map((row) => (
              <CheckRowView key={row.id} row={row} hintScope={hintScope} text={checkTexts?.[row.id]} textContext={textContext} onOpenLocation={onOpenLocation} />
            ))}
          </ol>
        )}
        {folded.length > 0 && (
          <details className="check-passed" data-testid="check-passed">
            <summary>
              <span className="check-icon" aria-hidden="true">
                {STATUS_ICON.pass}
              </span>{" "}
              {t("check.passedFolded", { count: folded.length })}
            </summary>
            <ol className="check-list">
              {folded.map((row) => (
                <CheckRowView key={row.id} row={row} hintScope={hintScope} text={checkTexts?.[row.id]} textContext={textContext} onOpenLocation={onOpenLocation} />
              ))}
            </ol>
          </details>
        )}
      </div>
    </section>
  );
}

function CheckStatusLine({ state, historyError, textContext }: { state: CheckState; historyError: string | null; textContext: TextContext }) {
  const { t, locale } = useI18n();
  switch (state.phase) {
    case "idle":
      return (
        <p className="check-hint" role="status">
          {historyError ? t("check.historyError", { error: historyError }) : t("check.nothingYet")}
        </p>
      );
    case "saving":
      return <ProgressLine text={t("check.saving")} />;
    case "requested":
      return <ProgressLine text={t(state.mode === "verified" ? "check.sending" : "check.starting")} />;
    case "running":
      return <ProgressLine text={state.progress ? progressLineText(state.progress, locale, t, textContext) : t("check.checking")} fraction={state.progress?.fraction} />;
    case "failed":
    case "interrupted":
      return (
        <p className="banner banner-error" role="alert">
          {state.error}
        </p>
      );
    case "finished":
      return (
        <p className="check-hint" role="status">
          {finishedLabel(t, state)}
          {state.finishedAt ? `, ${formatWhen(state.finishedAt, locale)}` : ""}. {t(`check.${state.mode === "verified" ? "verified" : "practice"}.${state.passed ? "passed" : "failed"}`)}
        </p>
      );
  }
}

function finishedLabel(t: Translate, state: CheckState): string {
  const mode = state.mode === "verified" ? "verified" : "practice";
  return t(state.fromHistory ? `check.finished.${mode}.history` : `check.finished.${mode}`);
}

function ProgressLine({ text, fraction }: { text: string; fraction?: number }) {
  const { t } = useI18n();
  return (
    <div className="check-progress" role="status" aria-live="polite">
      <p>
        <span className="spinner spinner-dark" aria-hidden="true" /> {text}
      </p>
      <div
        className={`progress ${fraction === undefined ? "progress-indeterminate" : ""}`}
        role="progressbar"
        aria-label={t("check.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === undefined ? undefined : Math.round(fraction * 100)}
      >
        <div className="progress-bar" style={fraction === undefined ? undefined : { width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}

function BuildLog({ log, truncated, live }: { log: string; truncated: boolean; live: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const preRef = useRef<HTMLPreElement>(null);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const pre = preRef.current;
    if (open && pre && stickToBottom.current) pre.scrollTop = pre.scrollHeight;
  }, [log, open]);

  const lines = log ? log.replace(/\n$/, "").split("\n").length : 0;
  return (
    <details className="build-log" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        {t("check.buildLog")}{" "}
        {lines > 0 && (
          <span className="muted">
            ({t("log.lines", { count: lines })}
            {live ? t("log.streaming") : ""})
          </span>
        )}
      </summary>
      <pre
        ref={preRef}
        className="build-log-text"
        tabIndex={0}
        aria-label={t("check.buildLog")}
        onScroll={(event) => {
          const pre = event.currentTarget;
          stickToBottom.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
        }}
      >
        {truncated && `${t("log.truncated")}\n`}
        {log || t("log.waiting")}
      </pre>
    </details>
  );
}

type CheckRowProps = {
  row: CheckRow;
  hintScope: HintScope;
  /** This check's title and hints in the page's language, when the lesson has them. */
  text: CheckText | undefined;
  /** Check titles and phrases in the page's language, by id. */
  textContext: TextContext;
  onOpenLocation: (file: string, line?: number) => void;
};

/**
 * The hint levels to offer for a result that has hints (the grader attaches them to failures and
 * to checks skipped for a failed dependency): the page language's, else the result's levels, else
 * its lone hint (the answer).
 */
function hintLevelsOf(result: CheckResult, text: CheckText | undefined): string[] {
  const english = result.hints ?? (result.hint ? [result.hint] : []);
  return english.length > 0 && text && text.hints.length > 0 ? text.hints : english;
}

function CheckRowView({ row, hintScope, text, textContext, onOpenLocation }: CheckRowProps) {
  const { t, locale } = useI18n();
  const result: CheckResult | null = row.result;
  const title = text?.title ?? row.title;
  useEffect(() => {
    // Passed: the hints it revealed are forgotten, so a later failure starts with none shown.
    if (row.status === "pass") writeRevealedHints(browserStorage(), hintScope, row.id, 0);
  }, [row.status, row.id, hintScope]);
  const location = result?.file ? `${result.file}${result.line ? `:${result.line}` : ""}` : null;
  return (
    <li
      className={`check-row status-${row.status}${result?.file ? " check-row-linked" : ""}`}
      data-check-id={row.id}
      data-status={row.status}
      onClick={
        result?.file
          ? () => {
              // Clicking anywhere on the row opens the file, unless the student is selecting text.
              if (window.getSelection()?.toString()) return;
              onOpenLocation(result.file as string, result.line);
            }
          : undefined
      }
    >
      <span className="check-icon" aria-hidden="true">
        {STATUS_ICON[row.status]}
      </span>
      <div className="check-main">
        <div className="check-title-line">
          <span className="check-title">{title}</span>
          <span className="visually-hidden">: {t(`status.${row.status}`)}</span>
          <span className={`check-phase phase-${row.phase}`}>{t(`check.phase.${row.phase}`)}</span>
        </div>
        {result?.message && <p className="check-message">{localizedMessage(result.message, result.text, locale, textContext)}</p>}
        {result && row.status !== "pass" && <CheckHints scope={hintScope} checkId={row.id} title={title} levels={hintLevelsOf(result, text)} />}
        {result?.file && location && (
          <button type="button" className="check-location" title={t("check.openLocation", { location })}>
            {location}
          </button>
        )}
      </div>
    </li>
  );
}
