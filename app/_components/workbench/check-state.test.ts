import { describe, expect, it } from "vitest";
import type { CheckMode, CheckResult, ServerMessage } from "@/lib/protocol/messages";
import { translate } from "@/lib/i18n/messages";
import { arrangeRows, checkReducer, clipLog, initialCheckState, isCheckBusy, MAX_LOG_CHARS, stripAnsi, type CheckRow, type CheckState } from "./check-state";

const result = (id: string, status: CheckResult["status"], extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  title: `check ${id}`,
  status,
  message: `${id} is ${status}`,
  phase: "static",
  ...extra,
});

const play = (messages: ServerMessage[], state: CheckState = initialCheckState, step = 1) =>
  messages.reduce((s, message) => checkReducer(s, { type: "message", message, step, now: "2026-01-01T00:00:00Z" }), state);

const started = (runId: string, step = 1, mode: CheckMode = "practice"): ServerMessage => ({
  type: "check.started",
  runId,
  step,
  mode,
  checks: [
    { id: "a", title: "check a", phase: "static" },
    { id: "b", title: "check b", phase: "dynamic" },
  ],
});

describe("checkReducer", () => {
  it("follows a run from request to finish", () => {
    let state = checkReducer(initialCheckState, { type: "saving", mode: "practice" });
    state = checkReducer(state, { type: "requested", mode: "practice" });
    expect(isCheckBusy(state)).toBe(true);
    state = play([started("r1")], state);
    expect(state.phase).toBe("running");
    expect(state.rows.map((row) => row.status)).toEqual(["pending", "pending"]);

    state = play(
      [
        { type: "check.progress", runId: "r1", stage: "build", message: "step 1/3", fraction: 0.3 },
        { type: "check.log", runId: "r1", text: "\u001b[32mStep 1/3\u001b[0m\n" },
        { type: "check.result", runId: "r1", result: result("a", "pass") },
      ],
      state,
    );
    expect(state.progress).toEqual({ stage: "build", message: "step 1/3", fraction: 0.3 });
    expect(state.log).toBe("Step 1/3\n");
    expect(state.rows.map((row) => row.status)).toEqual(["pass", "pending"]);

    state = play([{ type: "check.finished", runId: "r1", step: 1, mode: "practice", score: 50, passed: false, results: [result("a", "pass"), result("b", "fail")] }], state);
    expect(state.phase).toBe("finished");
    expect(state.score).toBe(50);
    expect(state.passed).toBe(false);
    expect(state.rows.map((row) => `${row.id}=${row.status}`)).toEqual(["a=pass", "b=fail"]);
    expect(isCheckBusy(state)).toBe(false);
  });

  it("says which kind of run it shows: the one asked for, then the server's word for it", () => {
    let state = checkReducer(initialCheckState, { type: "saving", mode: "verified" });
    expect(state).toMatchObject({ phase: "saving", mode: "verified" });
    state = checkReducer(state, { type: "requested", mode: "verified" });
    expect(state.mode).toBe("verified");
    state = play([started("r2", 1, "verified")], state);
    expect(state).toMatchObject({ phase: "running", mode: "verified", runId: "r2" });
    state = play([{ type: "check.finished", runId: "r2", step: 1, mode: "verified", score: 100, passed: true, results: [result("a", "pass"), result("b", "pass")] }], state);
    expect(state).toMatchObject({ phase: "finished", mode: "verified", passed: true });

    // Another tab presses Check: the practice run replaces the graded one on screen, labelled as practice.
    state = play([started("r3", 1, "practice")], state);
    expect(state).toMatchObject({ phase: "running", mode: "practice", runId: "r3" });
    state = play([{ type: "check.finished", runId: "r3", step: 1, mode: "practice", score: 100, passed: true, results: [] }], state);
    expect(state.mode).toBe("practice");

    // A finish seen without its start (after a reload) still carries its mode.
    const late = play([{ type: "check.finished", runId: "r4", step: 1, mode: "verified", score: 0, passed: false, results: [result("a", "fail")] }]);
    expect(late).toMatchObject({ phase: "finished", mode: "verified", runId: "r4" });
  });

  it("keeps the saved last check's mode", () => {
    const graded = { runId: "old", mode: "verified" as const, finishedAt: "2025-12-31T00:00:00Z", score: 100, passed: true, results: [result("a", "pass")], buildLog: "" };
    expect(checkReducer(initialCheckState, { type: "history", lastCheck: graded })).toMatchObject({ mode: "verified", fromHistory: true, passed: true });
    const practice = { ...graded, mode: "practice" as const };
    expect(checkReducer(initialCheckState, { type: "history", lastCheck: practice }).mode).toBe("practice");
  });

  it("labels practice as not a grade and a verified run as counting", () => {
    expect(translate("en", "check.mode.practice")).toBe("Practice check in your own engine — not a grade");
    expect(translate("en", "check.mode.verified")).toBe("Graded in a fresh sandbox (counts)");
    expect(translate("fr", "check.mode.practice")).toMatch(/pas une note/);
    expect(initialCheckState.mode).toBeNull();
  });

  it("ignores messages of another run or another step", () => {
    let state = play([started("r1")]);
    state = play([{ type: "check.result", runId: "other", result: result("a", "fail") }, { type: "check.log", runId: "other", text: "nope" }, started("r9", 2)], state);
    expect(state.runId).toBe("r1");
    expect(state.log).toBe("");
    expect(state.rows[0]?.status).toBe("pending");
  });

  it("marks checks never reported as skipped when the run finishes", () => {
    const state = play([started("r1"), { type: "check.finished", runId: "r1", step: 1, mode: "practice", score: 0, passed: false, results: [result("a", "fail")] }]);
    expect(state.rows.map((row) => row.status)).toEqual(["fail", "skip"]);
  });

  it("shows the saved last check only while nothing live happened", () => {
    const lastCheck = { runId: "old", mode: "practice" as const, finishedAt: "2025-12-31T00:00:00Z", score: 100, passed: true, results: [result("a", "pass")], buildLog: "log" };
    const fromHistory = checkReducer(initialCheckState, { type: "history", lastCheck });
    expect(fromHistory).toMatchObject({ phase: "finished", fromHistory: true, score: 100, log: "log" });
    const live = play([started("r1")]);
    expect(checkReducer(live, { type: "history", lastCheck })).toBe(live);
  });

  it("turns a server error into a failed check while waiting or for check_ codes", () => {
    const waiting = checkReducer(initialCheckState, { type: "requested", mode: "practice" });
    const busy = play([{ type: "error", code: "check_running", message: "A check is already running" }], waiting);
    expect(busy).toMatchObject({ phase: "failed", error: "A check is already running" });

    const running = play([started("r1")]);
    expect(play([{ type: "error", code: "bad_message", message: "x" }], running).phase).toBe("running");
    expect(play([{ type: "error", code: "check_failed", message: "engine died" }], running)).toMatchObject({ phase: "failed", error: "engine died" });
  });

  it("shows the checks a failed run never reached as not run, not as pending forever", () => {
    const running = play([started("r1"), { type: "check.result", runId: "r1", result: result("a", "pass") }]);
    const failed = play([{ type: "error", code: "check_failed", message: "Your Docker engine did not start in time." }], running);
    expect(failed.phase).toBe("failed");
    expect(failed.rows.map((row) => row.status)).toEqual(["pass", "skip"]);
    expect(isCheckBusy(failed)).toBe(false);
  });

  it("marks a run interrupted by a lost connection and resumes it when messages return", () => {
    let state = checkReducer(play([started("r1")]), { type: "disconnected" });
    expect(state.phase).toBe("interrupted");
    expect(isCheckBusy(state)).toBe(false);
    state = play([{ type: "check.progress", runId: "r1", stage: "probe", message: "http" }], state);
    expect(state.phase).toBe("running");
  });

  it("gives up waiting for check.started after the timeout", () => {
    const waiting = checkReducer(initialCheckState, { type: "requested", mode: "practice" });
    expect(checkReducer(waiting, { type: "start-timeout" }).phase).toBe("failed");
    const running = play([started("r1")], waiting);
    expect(checkReducer(running, { type: "start-timeout" })).toBe(running);
  });
});

describe("log helpers", () => {
  it("strips colour and cursor sequences", () => {
    expect(stripAnsi("\u001b[1;31merror\u001b[0m \u001b[2K\u001b]0;title\u0007done")).toBe("error done");
  });

  it("keeps the tail of a long log, cut at a line start", () => {
    const line = "x".repeat(99) + "\n";
    const clipped = clipLog(line.repeat(MAX_LOG_CHARS / 100 + 10));
    expect(clipped.truncated).toBe(true);
    expect(clipped.text.length).toBeLessThanOrEqual(MAX_LOG_CHARS);
    expect(clipped.text.startsWith("x")).toBe(true);
  });
});

describe("arrangeRows", () => {
  const row = (id: string, status: CheckRow["status"]): CheckRow => ({ id, title: id, phase: "static", status, result: null });
  const rows = [row("folder", "pass"), row("base", "fail"), row("build", "skip"), row("names", "pass"), row("mysql", "error"), row("run", "pending")];

  it("keeps the lesson's order while the run goes", () => {
    expect(arrangeRows(rows, false)).toEqual({ shown: rows, folded: [] });
  });

  it("puts what needs work first once the run is over and folds the passes away", () => {
    const { shown, folded } = arrangeRows(rows, true);
    expect(shown.map((r) => r.id)).toEqual(["base", "mysql", "run", "build"]);
    expect(folded.map((r) => r.id)).toEqual(["folder", "names"]);
  });

  it("folds nothing when everything passed", () => {
    const all = [row("a", "pass"), row("b", "pass")];
    expect(arrangeRows(all, true)).toEqual({ shown: all, folded: [] });
  });
});
