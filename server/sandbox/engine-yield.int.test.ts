/**
 * Time-sharing with real engines, through the real websocket handler: with a limit of 1, Alice sits
 * at her prompt doing nothing and Bob is queued; Alice's engine yields after the configured short
 * inactivity (not while something runs for her), Bob gets an engine and a prompt, Alice's page is
 * told why; when Alice types she is queued in turn, gets an engine once Bob has been inactive as
 * long, and finds her file and her typed command run. A page that closed while someone waits gives
 * its engine up after the short grace, not after ENGINE_IDLE_MINUTES.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WebSocket } from "ws";
import { handleConnection } from "../ws/connection";
import { ENGINE_YIELDED_MESSAGE, HubRegistry } from "../ws/student-hub";
import { TestPage, withoutAnsi } from "../ws/testing/test-page";
import { createTestEngines, makeLearnerWorkspace, recordingLogger } from "./testing/test-engines";
import { getHostDocker } from "./host-docker";
import { labelFilter } from "./labels";
import { LEARNER_WORKSPACE } from "./engine-options";

const IDLE_MS = 4_000;
const CLOSED_MS = 1_000;
const base = mkdtempSync(path.join(os.tmpdir(), "wb-int-yield-"));
const workspaces = new Map<string, string>();
const workspaceOf = (studentId: string) => {
  let dir = workspaces.get(studentId);
  if (!dir) {
    dir = makeLearnerWorkspace(`wb-int-yield-${studentId}-`);
    workspaces.set(studentId, dir);
  }
  return dir;
};
const deploymentId = `yieldtest${process.pid}`;
const { log, lines: logLines } = recordingLogger();
const hubs = new HubRegistry();
const engines = createTestEngines(base, {
  deploymentId,
  maxRunning: 1,
  log,
  workspaceHostPath: async (studentId) => workspaceOf(studentId),
  yieldPolicy: { idleMs: IDLE_MS, closedMs: CLOSED_MS },
  onRemoved: (studentId) => hubs.drop(studentId),
  onYielded: (studentId) => hubs.yielded(studentId),
});
const suffix = process.pid.toString(36);
const [alice, bob, carol] = ["alice", "bob", "carol"].map((name) => `${name}yield${suffix}`) as [string, string, string];
const PROMPT = /learner@[\w.-]+:[^\n]*\$ $/;

const pages: TestPage[] = [];
const open = (studentId: string) => {
  const page = new TestPage({ pollMs: 50, timeoutMs: 120_000 });
  pages.push(page);
  handleConnection(page as unknown as WebSocket, studentId, { engines, hubs, log });
  page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0 });
  return page;
};
const failIfError = (page: TestPage) => {
  const failed = page.engineStatuses().find((m) => m.state === "error");
  if (failed) throw new Error(`the engine did not start: ${failed.message}`);
};
const atPrompt =
  (page: TestPage, from = 0) =>
  () => {
    failIfError(page);
    return PROMPT.test(withoutAnsi(page.shellOutput(undefined, from)));
  };
const queuedAt =
  (page: TestPage, from = 0) =>
  () =>
    page.received.slice(from).some((m) => m.type === "engine.status" && m.queue !== undefined);
const yieldedLog = (studentId: string) => logLines.find((l) => l.msg === "engine yields its place to a queued student" && l.studentId === studentId);
const running = async () => (await getHostDocker().listContainers({ filters: labelFilter("engine", "test", deploymentId) })).map((c) => c.Names[0]);

afterAll(async () => {
  for (const page of pages) if (page.readyState === 1) page.close();
  await engines.shutdown();
  for (const dir of [base, ...workspaces.values()]) rmSync(dir, { recursive: true, force: true });
});

describe("an inactive student's engine yields to a queued one", () => {
  it("yields after the short inactivity (never while something runs for the student), serves the queued student, and serves the first one again when they type", async () => {
    const alicePage = open(alice);
    await alicePage.waitFor(atPrompt(alicePage), "Alice's prompt");
    alicePage.type({ type: "terminal.input", data: `echo alice-notes-$((6*7)) > ${LEARNER_WORKSPACE}/notes.txt\r` });
    await alicePage.waitFor(() => withoutAnsi(alicePage.shellOutput(undefined)).includes("notes.txt\r\n"), "Alice's command echoed");
    const aliceLastInput = Date.now();

    // Something runs for Alice (a Check): her engine keeps its place past the inactivity time.
    const checkDone = engines.holdBusy(alice);
    const bobPage = open(bob);
    await bobPage.waitFor(queuedAt(bobPage), "Bob queued", 10_000);
    expect(bobPage.engineStatuses().at(-1)).toMatchObject({ state: "starting", queue: { position: 1, limit: 1 } });
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS + 1_500));
    expect(yieldedLog(alice)).toBeUndefined();
    expect(engines.isQueued(bob)).toBe(true);
    // Nothing can yield during the Check: Bob is told no estimate.
    expect(bobPage.engineStatuses().filter((m) => m.queue?.etaMs !== undefined)).toEqual([]);
    expect(await running()).toEqual([`/wb-test-engine-${alice}`]);

    // The Check ends and Alice does nothing more: her engine yields IDLE_MS later, Bob gets it.
    checkDone();
    const checkEnded = Date.now();
    // Bob hears an estimate as soon as the queue is looked at again: Alice's engine may yield IDLE_MS after her Check.
    await bobPage.waitFor(() => bobPage.engineStatuses().some((m) => m.queue?.etaMs !== undefined), "Bob's estimate", 3_000);
    const estimated = bobPage.engineStatuses().find((m) => m.queue?.etaMs !== undefined)!;
    expect(estimated).toMatchObject({ state: "starting", queue: { position: 1, limit: 1 } });
    expect(estimated.queue!.etaMs).toBeGreaterThan(IDLE_MS - 1_500);
    expect(estimated.queue!.etaMs).toBeLessThanOrEqual(IDLE_MS);
    await bobPage.waitFor(atPrompt(bobPage), "Bob's prompt", 90_000);
    const bobPromptMs = Date.now() - checkEnded;
    const yielded = yieldedLog(alice);
    expect(yielded).toMatchObject({ pageClosed: false });
    const yieldAfterMs = yielded!.at - checkEnded;
    expect(yieldAfterMs).toBeGreaterThanOrEqual(IDLE_MS);
    expect(yieldAfterMs).toBeLessThan(IDLE_MS + 3_000);
    expect(await running()).toEqual([`/wb-test-engine-${bob}`]);
    const told = alicePage.engineStatuses().find((m) => m.state === "stopped");
    expect(told).toMatchObject({ message: ENGINE_YIELDED_MESSAGE, text: { key: "engine.yielded" } });
    expect(told?.message).toBe("Your Docker engine was stopped to let a waiting classmate in. Your files are safe; type in the terminal or press Restart shell to get back in the queue.");
    process.stderr.write(`Alice idle since ${checkEnded - aliceLastInput} ms before the check ended; yielded ${yieldAfterMs} ms after; Bob's prompt ${bobPromptMs} ms after\n`);

    // Alice types: she asks for an engine again and is queued behind nobody but Bob's engine.
    const mark = alicePage.received.length;
    alicePage.type({ type: "terminal.input", data: "cat notes.txt\r" });
    await alicePage.waitFor(queuedAt(alicePage, mark), "Alice queued again", 10_000);
    const aliceQueued = Date.now();
    expect(alicePage.engineStatuses().at(-1)).toMatchObject({ state: "starting", queue: { position: 1, limit: 1 } });
    // Bob does nothing: his engine yields to her in turn; her typed command runs in her new shell, on her files.
    await alicePage.waitFor(() => withoutAnsi(alicePage.shellOutput(undefined, mark)).includes("alice-notes-42"), "Alice's file, read by the command she typed", 90_000);
    process.stderr.write(`Alice served again ${Date.now() - aliceQueued} ms after she typed\n`);
    expect(yieldedLog(bob)).toBeDefined();
    expect(bobPage.engineStatuses().at(-1)).toMatchObject({ state: "stopped", message: ENGINE_YIELDED_MESSAGE });
    expect(await running()).toEqual([`/wb-test-engine-${alice}`]);
    expect(engines.capacity).toEqual({ limit: 1, inUse: 1, queued: 0 });

    // Nobody waits now: an inactive engine keeps its place.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS + 1_500));
    expect(await running()).toEqual([`/wb-test-engine-${alice}`]);
    bobPage.close();
  });

  it("a page closed while someone waits gives its engine up after the short grace, not the idle time", async () => {
    const alicePage = pages.find((page) => page.readyState === 1)!;
    alicePage.type({ type: "terminal.input", data: "true\r" }); // Alice is active: only the closed-page rule can apply
    const carolPage = open(carol);
    await carolPage.waitFor(queuedAt(carolPage), "Carol queued", 10_000);
    alicePage.close();
    const closedAt = Date.now();
    await carolPage.waitFor(atPrompt(carolPage), "Carol's prompt", 90_000);
    const yielded = logLines.filter((l) => l.msg === "engine yields its place to a queued student" && l.studentId === alice).at(-1);
    expect(yielded).toMatchObject({ pageClosed: true });
    const afterCloseMs = yielded!.at - closedAt;
    expect(afterCloseMs).toBeGreaterThanOrEqual(CLOSED_MS);
    expect(afterCloseMs).toBeLessThan(IDLE_MS - 500);
    process.stderr.write(`closed page's engine yielded ${afterCloseMs} ms after the page closed\n`);
    expect(await running()).toEqual([`/wb-test-engine-${carol}`]);
    carolPage.close();
  });
});
