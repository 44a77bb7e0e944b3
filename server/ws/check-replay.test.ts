import { describe, expect, it } from "vitest";
import type { CheckResult, ServerMessage } from "../../lib/protocol/messages";
import { MAX_REPLAY_LOG_CHARS, RESUMED_STAGE } from "./check-replay";
import { StudentHub, type HubClient } from "./student-hub";

function tab(): HubClient & { got: ServerMessage[] } {
  const got: ServerMessage[] = [];
  return { got, send: (m) => got.push(m), reattachTerminal: async () => undefined };
}

/** A Check run by the hub that the test drives: `emit` sends its messages, `finish` ends it, `running` is the hub's promise. */
async function startCheck(hub: StudentHub): Promise<{ emit: (m: ServerMessage) => void; finish: () => void; running: Promise<boolean> }> {
  let emit!: (m: ServerMessage) => void;
  let finish!: () => void;
  const running = hub.runCheck(async (e) => {
    emit = e;
    await new Promise<void>((resolve) => (finish = resolve));
  });
  await Promise.resolve();
  return { emit, finish: () => finish(), running };
}

const result = (id: string, status: CheckResult["status"]): CheckResult => ({ id, title: id, phase: "static", status, message: `${id} ${status}` });

describe("a tab that opens during a Check", () => {
  it("gets the run so far (announcement, log, results, latest progress), then follows it live", async () => {
    const hub = new StudentHub("s1");
    const first = tab();
    hub.clients.add(first);
    const { emit, finish, running } = await startCheck(hub);
    emit({
      type: "check.started",
      runId: "r1",
      step: 1,
      mode: "practice",
      checks: [
        { id: "a", title: "a", phase: "static" },
        { id: "b", title: "b", phase: "dynamic" },
      ],
    });
    emit({ type: "check.progress", runId: "r1", stage: "engine", message: "Waiting for your Docker engine…" });
    emit({ type: "check.result", runId: "r1", result: result("a", "fail") });
    emit({ type: "check.log", runId: "r1", text: "Step 1/3 : FROM debian\n" });
    emit({ type: "check.log", runId: "r1", text: "Step 2/3 : RUN apt-get update\n" });
    emit({ type: "check.progress", runId: "r1", stage: "build", message: "Building your image…", fraction: 0.4 });

    // The page reloads: a new tab joins.
    const reloaded = tab();
    hub.clients.add(reloaded);
    hub.replayCheck(reloaded);
    expect(reloaded.got).toEqual([
      expect.objectContaining({ type: "check.started", runId: "r1" }),
      { type: "check.log", runId: "r1", text: "Step 1/3 : FROM debian\nStep 2/3 : RUN apt-get update\n" },
      { type: "check.result", runId: "r1", result: result("a", "fail") },
      { type: "check.progress", runId: "r1", stage: "build", message: "Building your image…", fraction: 0.4 },
    ]);
    // A second Check from that tab is refused while the first runs.
    expect(await hub.runCheck(async () => undefined)).toBe(false);

    emit({ type: "check.finished", runId: "r1", step: 1, mode: "practice", score: 0.5, passed: false, results: [result("a", "fail"), result("b", "pass")] });
    expect(reloaded.got.at(-1)).toMatchObject({ type: "check.finished", runId: "r1" });
    expect(first.got).toHaveLength(7);
    finish();
    expect(await running).toBe(true);

    // Once it is over, a new tab gets nothing to replay (it reads the saved result instead).
    const later = tab();
    hub.replayCheck(later);
    expect(later.got).toEqual([]);
    expect(hub.checkRunning).toBe(false);
  });

  it("keeps only the end of a very long log, and frees the run when it throws", async () => {
    const hub = new StudentHub("s2");
    await expect(
      hub.runCheck(async (emit) => {
        emit({ type: "check.started", runId: "r2", step: 2, mode: "verified", checks: [] });
        for (let i = 0; i < 50; i++) emit({ type: "check.log", runId: "r2", text: `${String(i).padStart(2, "0")}${"x".repeat(20_000)}\n` });
        emit({ type: "check.log", runId: "other", text: "not this run\n" });
        const late = tab();
        hub.replayCheck(late);
        const log = late.got.find((m) => m.type === "check.log");
        expect(log?.type === "check.log" && log.text.length).toBe(MAX_REPLAY_LOG_CHARS);
        expect(log?.type === "check.log" && log.text.endsWith(`49${"x".repeat(20_000)}\n`)).toBe(true);
        expect(log?.type === "check.log" && log.text.includes("not this run")).toBe(false);
        throw new Error("engine gone");
      }),
    ).rejects.toThrow("engine gone");
    expect(hub.checkRunning).toBe(false);
  });

  it("tells a tab that opens after a restart's grading has moved on that the submission is graded again", async () => {
    const hub = new StudentHub("s2");
    const { emit, finish, running } = await startCheck(hub);
    emit({ type: "check.started", runId: "r9", step: 1, mode: "verified", checks: [{ id: "a", title: "a", phase: "static" }] });
    emit({ type: "check.progress", runId: "r9", stage: RESUMED_STAGE, message: "graded again after a restart" });
    emit({ type: "check.progress", runId: "r9", stage: "sandbox", message: "Copying your files…" });
    const late = tab();
    hub.addClient(late);
    hub.replayCheck(late);
    expect(late.got.filter((m) => m.type === "check.progress").map((m) => (m.type === "check.progress" ? m.message : ""))).toEqual(["graded again after a restart", "Copying your files…"]);
    // Once it is the latest progress itself, it comes once.
    emit({ type: "check.started", runId: "r10", step: 1, mode: "verified", checks: [] });
    emit({ type: "check.progress", runId: "r10", stage: RESUMED_STAGE, message: "again" });
    const later = tab();
    hub.addClient(later);
    hub.replayCheck(later);
    expect(later.got.filter((m) => m.type === "check.progress")).toHaveLength(1);
    finish();
    await running;
  });
});
