"use client";
/**
 * The "Check results" region: what the check is doing (progress, streaming build log), then one
 * row per check with its status, message and hint; rows that point at a file open it.
 */
import { useEffect, useRef, useState } from "react";
import type { CheckResult } from "@/lib/protocol/messages";
import { formatScore, formatWhen } from "../format";
import { summarizeRows, type CheckRow, type CheckState } from "./check-state";

type CheckPanelProps = {
  state: CheckState;
  historyError: string | null;
  onOpenLocation: (file: string, line?: number) => void;
};

const STATUS_TEXT: Record<CheckRow["status"], string> = {
  pass: "Passed",
  fail: "Failed",
  skip: "Skipped",
  error: "Error",
  pending: "Pending",
};
const STATUS_ICON: Record<CheckRow["status"], string> = { pass: "✓", fail: "✗", skip: "–", error: "!", pending: "…" };

export function CheckPanel({ state, historyError, onOpenLocation }: CheckPanelProps) {
  const counts = summarizeRows(state.rows);
  const busy = state.phase === "saving" || state.phase === "requested" || state.phase === "running";

  return (
    <section className="pane check-pane" aria-label="Check results" aria-busy={busy}>
      <header className="pane-toolbar">
        <h2 className="pane-title">Check results</h2>
        {state.score !== null && state.phase === "finished" && (
          <span className={`score ${state.passed ? "score-passed" : "score-failed"}`} data-testid="check-score">
            Score {formatScore(state.score)}
            <span className="badge">{state.passed ? "Passed" : "Not passed yet"}</span>
          </span>
        )}
        <span className="toolbar-spacer" />
        {state.rows.some((row) => row.result) && (
          <span className="check-counts">
            {counts.pass} passed · {counts.fail + counts.error} failing
            {counts.skip > 0 && ` · ${counts.skip} skipped`}
          </span>
        )}
      </header>

      <div className="check-scroll">
        <CheckStatusLine state={state} historyError={historyError} />
        {(state.log || state.phase === "running") && (
          <BuildLog log={state.log} truncated={state.logTruncated} live={state.phase === "running"} />
        )}
        {state.rows.length > 0 && (
          <ol className="check-list">
            {state.rows.map((row) => (
              <CheckRowView key={row.id} row={row} onOpenLocation={onOpenLocation} />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function CheckStatusLine({ state, historyError }: { state: CheckState; historyError: string | null }) {
  switch (state.phase) {
    case "idle":
      return (
        <p className="check-hint" role="status">
          {historyError
            ? `Your last result could not be loaded: ${historyError}`
            : "No check yet. Press Check (Ctrl+Enter) to save your files and grade your work."}
        </p>
      );
    case "saving":
      return <ProgressLine text="Saving your files…" />;
    case "requested":
      return <ProgressLine text="Starting the check…" />;
    case "running":
      return (
        <ProgressLine
          text={state.progress ? `${state.progress.stage}: ${state.progress.message}` : "Checking…"}
          fraction={state.progress?.fraction}
        />
      );
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
          {state.fromHistory ? "Your last check" : "Check finished"}
          {state.finishedAt ? `, ${formatWhen(state.finishedAt)}` : ""}.{" "}
          {state.passed ? "Every required check passes." : "Fix the failing checks and run Check again."}
        </p>
      );
  }
}

function ProgressLine({ text, fraction }: { text: string; fraction?: number }) {
  return (
    <div className="check-progress" role="status" aria-live="polite">
      <p>
        <span className="spinner spinner-dark" aria-hidden="true" /> {text}
      </p>
      <div
        className={`progress ${fraction === undefined ? "progress-indeterminate" : ""}`}
        role="progressbar"
        aria-label="Check progress"
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
        Build log{" "}
        {lines > 0 && (
          <span className="muted">
            ({lines} {lines === 1 ? "line" : "lines"}
            {live ? ", streaming" : ""})
          </span>
        )}
      </summary>
      <pre
        ref={preRef}
        className="build-log-text"
        tabIndex={0}
        aria-label="Build log"
        onScroll={(event) => {
          const pre = event.currentTarget;
          stickToBottom.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
        }}
      >
        {truncated && "[earlier output truncated]\n"}
        {log || "Waiting for output…"}
      </pre>
    </details>
  );
}

function CheckRowView({ row, onOpenLocation }: { row: CheckRow; onOpenLocation: (file: string, line?: number) => void }) {
  const result: CheckResult | null = row.result;
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
          <span className="check-title">{row.title}</span>
          <span className="visually-hidden">: {STATUS_TEXT[row.status]}</span>
          <span className={`check-phase phase-${row.phase}`}>{row.phase}</span>
        </div>
        {result?.message && <p className="check-message">{result.message}</p>}
        {result?.hint && row.status !== "pass" && (
          <p className="check-hint-text">
            <strong>Hint:</strong> {result.hint}
          </p>
        )}
        {result?.file && location && (
          <button
            type="button"
            className="check-location"
            title={`Open ${location} in the editor`}
          >
            {location}
          </button>
        )}
      </div>
    </li>
  );
}
