import { describe, expect, it } from "vitest";
import { EngineStudentState } from "./engine-student-state";

describe("EngineStudentState: one student as time-sharing sees them", () => {
  it("is inactive since forever and not closed while a page is open, until something is noted", () => {
    const alice = new EngineStudentState("alice");
    expect(alice.asYieldCandidate(true, false)).toEqual({ studentId: "alice", lastActiveMs: 0, closedAtMs: undefined, busy: false });
    alice.noteActive(1_000);
    expect(alice.asYieldCandidate(true, false).lastActiveMs).toBe(1_000);
  });

  it("runs the closed-page grace from the later of the closing and the preview tab's last request", () => {
    const alice = new EngineStudentState("alice");
    alice.pagesClosed(5_000);
    expect(alice.asYieldCandidate(false, false).closedAtMs).toBe(5_000);
    alice.notePreview(9_000);
    expect(alice.asYieldCandidate(false, false)).toMatchObject({ closedAtMs: 9_000, lastActiveMs: 9_000 });
    alice.pageOpened();
    expect(alice.asYieldCandidate(true, false).closedAtMs).toBeUndefined();
    // Gone engine: the preview holds nothing any more.
    alice.pagesClosed(10_000);
    alice.engineRemoved(true);
    expect(alice.asYieldCandidate(false, false).closedAtMs).toBe(10_000);
    alice.engineRemoved(false);
    expect(alice.asYieldCandidate(false, false).closedAtMs).toBe(0);
  });

  it("is busy while any hold runs, each hold ending once, and while a cluster keeps the engine", () => {
    const alice = new EngineStudentState("alice");
    let ended = 0;
    const check = alice.holdBusy(() => ended++);
    const submit = alice.holdBusy(() => ended++);
    check();
    check();
    expect(alice.busy).toBe(true);
    submit();
    expect(alice.busy).toBe(false);
    expect(ended).toBe(2);
    expect(alice.asYieldCandidate(true, true).busy).toBe(true);
  });
});
