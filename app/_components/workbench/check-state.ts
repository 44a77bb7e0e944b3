/**
 * What the "Check results" panel shows, as a pure reducer over the websocket's check.* messages
 * and the page's own actions. Messages of a run other than the one shown are ignored, except a
 * new `check.started` (another tab of the same student may start a run: it is shown too).
 *
 * Each run has a mode: "practice" (Check, in the student's own engine: feedback, not a grade) or
 * "verified" (Submit for grading, in a fresh sandbox the server owns: it counts). The mode shown
 * is the server's word for the run (check.started, check.finished, the saved last check); before
 * the server answers, it is the one the page asked for.
 */
import type { TextRef } from "@/lib/i18n/text-ref";
import type { CheckMode, CheckResult, ServerMessage } from "@/lib/protocol/messages";
import type { LastCheck } from "../api-types";

export type CheckPhase =
  | "idle" // nothing to show yet
  | "saving" // saving files before sending check.run / check.submit
  | "requested" // check.run / check.submit sent, waiting for check.started
  | "running"
  | "finished"
  | "failed" // could not start, or the server reported an error
  | "interrupted"; // the connection dropped during the run

export type CheckRow = {
  id: string;
  title: string;
  phase: "static" | "dynamic";
  status: CheckResult["status"] | "pending";
  result: CheckResult | null;
};

export type CheckProgress = { stage: string; message: string; fraction?: number; text?: TextRef };

export type CheckState = {
  phase: CheckPhase;
  /** What the run shown is (or was asked to be); null before any. */
  mode: CheckMode | null;
  runId: string | null;
  rows: CheckRow[];
  progress: CheckProgress | null;
  log: string;
  logTruncated: boolean;
  score: number | null;
  passed: boolean | null;
  finishedAt: string | null;
  /** A sentence about why the last attempt did not run or did not finish. */
  error: string | null;
  /** Whether what is shown came from the saved last check rather than a live run. */
  fromHistory: boolean;
};

export type CheckAction =
  | { type: "saving"; mode: CheckMode }
  | { type: "requested"; mode: CheckMode }
  | { type: "failed"; message: string }
  /** check.run was sent long ago and the server never answered with check.started. */
  /** `message`: the sentence to show, in the page's language (English by default). */
  | { type: "start-timeout"; message?: string }
  | { type: "disconnected"; message?: string }
  | { type: "history"; lastCheck: LastCheck | null }
  | { type: "message"; message: ServerMessage; step: number; now?: string };

export const MAX_LOG_CHARS = 400_000;

export const initialCheckState: CheckState = {
  phase: "idle",
  mode: null,
  runId: null,
  rows: [],
  progress: null,
  log: "",
  logTruncated: false,
  score: null,
  passed: null,
  finishedAt: null,
  error: null,
  fromHistory: false,
};

export function isCheckBusy(state: CheckState): boolean {
  return state.phase === "saving" || state.phase === "requested" || state.phase === "running";
}

export function checkReducer(state: CheckState, action: CheckAction): CheckState {
  switch (action.type) {
    case "saving":
      return { ...state, phase: "saving", mode: action.mode, error: null };
    case "requested":
      return { ...state, phase: "requested", mode: action.mode, error: null };
    case "failed":
      return { ...state, phase: "failed", error: action.message, progress: null };
    case "start-timeout":
      if (state.phase !== "requested") return state;
      return { ...state, phase: "failed", error: action.message ?? "The server did not start the check. Please try again.", progress: null };
    case "disconnected":
      if (state.phase === "requested" || state.phase === "running") {
        return {
          ...state,
          phase: "interrupted",
          error: action.message ?? "The connection dropped during the check. The results appear here if the check finishes while you reconnect; otherwise run it again.",
        };
      }
      return state;
    case "history": {
      // A live run always wins over the saved result that arrives late.
      if (state.phase !== "idle" || !action.lastCheck) return state;
      const last = action.lastCheck;
      const log = clipLog(last.buildLog);
      return {
        ...initialCheckState,
        phase: "finished",
        mode: last.mode,
        runId: last.runId,
        rows: last.results.map(rowFromResult),
        log: log.text,
        logTruncated: log.truncated,
        score: last.score,
        passed: last.passed,
        finishedAt: last.finishedAt,
        fromHistory: true,
      };
    }
    case "message":
      return applyMessage(state, action.message, action.step, action.now ?? new Date().toISOString());
  }
}

function applyMessage(state: CheckState, message: ServerMessage, step: number, now: string): CheckState {
  switch (message.type) {
    case "check.started":
      if (message.step !== step) return state;
      return {
        ...initialCheckState,
        phase: "running",
        mode: message.mode,
        runId: message.runId,
        rows: message.checks.map((check) => ({ ...check, status: "pending", result: null })),
      };
    case "check.progress":
      if (!isCurrentRun(state, message.runId)) return state;
      return {
        ...state,
        phase: resumed(state),
        progress: { stage: message.stage, message: message.message, fraction: message.fraction, ...(message.text ? { text: message.text } : {}) },
      };
    case "check.log": {
      if (!isCurrentRun(state, message.runId)) return state;
      const clipped = clipLog(state.log + stripAnsi(message.text));
      return { ...state, phase: resumed(state), log: clipped.text, logTruncated: state.logTruncated || clipped.truncated };
    }
    case "check.result": {
      if (!isCurrentRun(state, message.runId)) return state;
      return { ...state, phase: resumed(state), rows: upsertRow(state.rows, message.result) };
    }
    case "check.finished": {
      if (message.step !== step) return state;
      // Accept the finish of the run shown, or of any run when none is being followed.
      const following = state.runId !== null && (state.phase === "running" || state.phase === "interrupted");
      if (following && message.runId !== state.runId) return state;
      let rows = state.runId === message.runId ? state.rows : [];
      for (const result of message.results) rows = upsertRow(rows, result);
      // Checks announced but never reported are shown as skipped rather than pending forever.
      rows = rows.map((row) => (row.status === "pending" ? { ...row, status: "skip" } : row));
      return {
        ...state,
        phase: "finished",
        mode: message.mode,
        runId: message.runId,
        rows,
        progress: null,
        score: message.score,
        passed: message.passed,
        finishedAt: now,
        error: null,
        fromHistory: false,
      };
    }
    case "check.interrupted": {
      // The server was stopped during this run (it never gets a result). Shown when it is the
      // run being followed, or when nothing newer is shown.
      if (message.step !== step) return state;
      const following = state.runId === message.runId && (state.phase === "running" || state.phase === "interrupted");
      const nothingNewer = state.phase === "idle" || (state.fromHistory && state.phase === "finished");
      if (!following && !nothingNewer) return state;
      return {
        ...state,
        phase: "failed",
        mode: message.mode,
        runId: message.runId,
        error: message.message,
        progress: null,
        rows: following ? state.rows.map((row) => (row.status === "pending" ? { ...row, status: "skip" } : row)) : [],
        fromHistory: false,
      };
    }
    case "error":
      if (!isCheckError(state, message)) return state;
      // The run stopped (e.g. the engine could not start): checks it never reached did not run.
      return {
        ...state,
        phase: "failed",
        error: message.message,
        progress: null,
        rows: state.rows.map((row) => (row.status === "pending" ? { ...row, status: "skip" } : row)),
      };
    default:
      return state;
  }
}

/**
 * Whether a protocol `error` is about the check shown. The error has no run id: while waiting for
 * check.started any error is about our request; during a run, errors with a "check_" code are
 * (the server sends "check_running" and "check_failed").
 */
export function isCheckError(state: CheckState, message: ServerMessage): boolean {
  if (message.type !== "error") return false;
  if (state.phase === "requested") return true;
  return (state.phase === "running" || state.phase === "interrupted") && message.code.startsWith("check_");
}

function isCurrentRun(state: CheckState, runId: string): boolean {
  return state.runId === runId && !state.fromHistory;
}

/** After a reconnect the server may keep streaming the same run: follow it again. */
function resumed(state: CheckState): CheckPhase {
  return state.phase === "interrupted" ? "running" : state.phase;
}

function rowFromResult(result: CheckResult): CheckRow {
  return { id: result.id, title: result.title, phase: result.phase, status: result.status, result };
}

function upsertRow(rows: CheckRow[], result: CheckResult): CheckRow[] {
  const index = rows.findIndex((row) => row.id === result.id);
  if (index === -1) return [...rows, rowFromResult(result)];
  const next = rows.slice();
  next[index] = rowFromResult(result);
  return next;
}

export function clipLog(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_LOG_CHARS) return { text, truncated: false };
  const cut = text.length - MAX_LOG_CHARS;
  const newline = text.indexOf("\n", cut);
  return { text: text.slice(newline === -1 ? cut : newline + 1), truncated: true };
}

/** Removes terminal colour and cursor sequences (docker build output has them). */
export function stripAnsi(text: string): string {
  // CSI sequences, OSC sequences ended by BEL or ST, and single-character escapes.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g, "");
}

const ATTENTION_ORDER: Record<CheckRow["status"], number> = { fail: 0, error: 0, pending: 1, skip: 2, pass: 3 };

/**
 * How the panel lists the rows. While a run goes: in the lesson's order, as they come. Once it is
 * over: what needs work first (failed and errors, then skipped, each in the lesson's order), and
 * the passed checks folded away below them; when everything passed, nothing is folded.
 */
export function arrangeRows(rows: CheckRow[], finished: boolean): { shown: CheckRow[]; folded: CheckRow[] } {
  if (!finished) return { shown: rows, folded: [] };
  const sorted = rows.map((row, index) => ({ row, index })).sort((a, b) => ATTENTION_ORDER[a.row.status] - ATTENTION_ORDER[b.row.status] || a.index - b.index);
  const needWork = sorted.filter(({ row }) => row.status !== "pass").map(({ row }) => row);
  const passed = sorted.filter(({ row }) => row.status === "pass").map(({ row }) => row);
  return needWork.length ? { shown: needWork, folded: passed } : { shown: passed, folded: [] };
}

export function summarizeRows(rows: CheckRow[]): Record<CheckRow["status"], number> {
  const counts = { pass: 0, fail: 0, skip: 0, error: 0, pending: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}
