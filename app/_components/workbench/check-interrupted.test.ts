/** The Check panel when the server was stopped in the middle of a run (issue 9, "Faults"). */
import { describe, expect, it } from "vitest";
import type { ServerMessage } from "@/lib/protocol/messages";
import { checkReducer, initialCheckState, isCheckBusy, type CheckState } from "./check-state";

const MESSAGE = "This check was interrupted by a server restart, so it has no result. Press Check again.";
const interrupted = (runId: string, step = 1): ServerMessage => ({ type: "check.interrupted", runId, step, mode: "practice", message: MESSAGE });
const play = (messages: ServerMessage[], state: CheckState = initialCheckState, step = 1) =>
  messages.reduce((s, message) => checkReducer(s, { type: "message", message, step, now: "2026-01-01T00:00:00Z" }), state);

const running = play([
  {
    type: "check.started",
    runId: "r1",
    step: 1,
    mode: "practice",
    checks: [
      { id: "a", title: "a", phase: "static" },
      { id: "b", title: "b", phase: "dynamic" },
    ],
  },
  { type: "check.result", runId: "r1", result: { id: "a", title: "a", status: "pass", message: "ok", phase: "static" } },
]);

describe("a check interrupted by a server restart", () => {
  it("turns the run the page followed (connection lost) into a failure that says so, and Check is free again", () => {
    const lost = checkReducer(running, { type: "disconnected" });
    expect(lost.phase).toBe("interrupted");
    const told = play([interrupted("r1")], lost);
    expect(told).toMatchObject({ phase: "failed", runId: "r1", error: MESSAGE });
    expect(told.rows.map((row) => `${row.id}=${row.status}`)).toEqual(["a=pass", "b=skip"]);
    expect(isCheckBusy(told)).toBe(false);
  });

  it("is shown on a freshly loaded page, also over the last saved result, whichever arrives first", () => {
    expect(play([interrupted("r9")])).toMatchObject({ phase: "failed", error: MESSAGE, rows: [] });
    const history = checkReducer(initialCheckState, {
      type: "history",
      lastCheck: { runId: "old", mode: "practice", finishedAt: "2026-01-01T00:00:00Z", score: 1, passed: true, results: [], buildLog: "" },
    });
    expect(play([interrupted("r9")], history)).toMatchObject({ phase: "failed", runId: "r9", error: MESSAGE, fromHistory: false });
    const thenHistory = checkReducer(play([interrupted("r9")]), {
      type: "history",
      lastCheck: { runId: "old", mode: "practice", finishedAt: "2026-01-01T00:00:00Z", score: 1, passed: true, results: [], buildLog: "" },
    });
    expect(thenHistory).toMatchObject({ phase: "failed", error: MESSAGE });
  });

  it("leaves other steps and a newer live run alone", () => {
    expect(play([interrupted("r1", 2)], running)).toBe(running);
    expect(play([interrupted("r0")], running)).toBe(running);
  });
});
