/**
 * Using the preview is activity, through the real request handler and preview proxy, with real
 * engines and time-sharing (limit 2): Alice started first and only looks at her site in a preview
 * tab that polls every 100 ms, Bob started after her and does nothing. When Carol queues, Bob's
 * engine yields, not Alice's, though without the preview Alice, inactive longest, would have gone
 * first. Then Alice closes her workbench page but keeps the preview tab: the closed-page grace
 * does not take her engine while the tab is in use; Carol's idle engine yields to Dave instead.
 */
import { afterAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequestHandler } from "../http/request-handler";
import { STUDENT_COOKIE, encodeStudentCookie, newStudentId } from "../identity/student-cookie";
import { createTestEngines, makeLearnerWorkspace, recordingLogger, runAsLearner, waitFor } from "../sandbox/testing/test-engines";
import type { QueuePosition } from "../sandbox/engine-admission";

const IDLE_MS = 4_000;
const CLOSED_MS = 1_000;
const SITE_PORT = 8080;
const secret = "preview-activity-test-secret-0123456789";
const base = mkdtempSync(path.join(os.tmpdir(), "wb-int-preview-activity-"));
const workspaces: string[] = [];
const { log, lines: logLines } = recordingLogger();
const engines = createTestEngines(base, {
  deploymentId: `previewactivity${process.pid}`,
  maxRunning: 2,
  log,
  workspaceHostPath: async () => {
    const dir = makeLearnerWorkspace("wb-int-preview-activity-ws-");
    workspaces.push(dir);
    return dir;
  },
  yieldPolicy: { idleMs: IDLE_MS, closedMs: CLOSED_MS },
});
const [alice, bob, carol, dave] = [newStudentId(), newStudentId(), newStudentId(), newStudentId()] as [string, string, string, string];
const server = http.createServer(
  createRequestHandler({
    handle: async (_req, res) => void res.writeHead(404).end(),
    previewRoutes: [{ path: "/site/", port: SITE_PORT }],
    engines,
    secret,
    log,
  }),
);
const yieldedLog = (studentId: string) => logLines.find((l) => l.msg === "engine yields its place to a queued student" && l.studentId === studentId);

/** A GET of Alice's site through the workbench, as her preview tab sends it; resolves to the status. */
function getPreview(studentId: string): Promise<number> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/site/", headers: { cookie: `${STUDENT_COOKIE}=${encodeStudentCookie(studentId, secret)}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
  });
}

/** Requests every 100 ms until stopped; what answered. */
function pollPreview(studentId: string) {
  const statuses: number[] = [];
  const timer = setInterval(() => void getPreview(studentId).then((status) => statuses.push(status)), 100);
  return { statuses, stop: () => clearInterval(timer) };
}

afterAll(async () => {
  server.close();
  await engines.shutdown();
  for (const dir of [base, ...workspaces]) rmSync(dir, { recursive: true, force: true });
});

describe("preview traffic counts as activity for time-sharing", () => {
  it("keeps the engine of a student using their preview, and yields an idle one instead", async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const aliceEngine = await engines.ensure(alice);
    engines.acquire(alice); // her workbench page is open
    await engines.ensure(bob); // started after Alice: without the preview, Alice is the one inactive longest
    engines.acquire(bob);
    const started = await runAsLearner(
      aliceEngine,
      `mkdir -p /tmp/www/site && echo hello > /tmp/www/site/index.html && cd /tmp/www && setsid python3 -m http.server ${SITE_PORT} --bind 0.0.0.0 >/dev/null 2>&1 < /dev/null & echo started`,
      20_000,
    );
    expect(started.output).toContain("started");
    let lastStatus = 0;
    await waitFor(async () => (lastStatus = await getPreview(alice)) === 200, 20_000, 250).catch(async (error: unknown) => {
      const seen = await runAsLearner(aliceEngine, `ps aux | grep -c http.server; python3 -c "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:${SITE_PORT}/').status)"`, 20_000);
      throw new Error(`Alice's site did not answer through the preview (last status ${lastStatus}; in her engine: ${seen.output.trim()})`, { cause: error });
    });

    const alicePreview = pollPreview(alice);
    const carolTold: QueuePosition[] = [];
    const carolIn = Date.now();
    const carolEngine = engines.ensure(carol, (_state, _message, queue) => void (queue && carolTold.push(queue)));
    await carolEngine;
    const carolWaitMs = Date.now() - carolIn;
    engines.acquire(carol);
    expect(yieldedLog(bob)).toMatchObject({ pageClosed: false });
    expect(yieldedLog(alice)).toBeUndefined();
    expect(engines.current(alice)).toBeDefined();
    expect(engines.current(bob)).toBeUndefined();
    // Carol heard an estimate: when Bob's engine, idle since its start, would reach IDLE_MS.
    expect(carolTold[0]?.etaMs).toBeLessThanOrEqual(IDLE_MS);
    process.stderr.write(
      `Carol queued ${carolWaitMs} ms (first estimate ${carolTold[0]?.etaMs} ms); Alice's preview answered ${alicePreview.statuses.filter((s) => s === 200).length} of ${alicePreview.statuses.length} polls\n`,
    );

    // Alice closes the workbench page; her preview tab goes on. Dave queues: Carol, idle, yields; Alice does not.
    engines.release(alice);
    const daveEngine = engines.ensure(dave);
    await daveEngine;
    alicePreview.stop();
    expect(yieldedLog(carol)).toMatchObject({ pageClosed: false });
    expect(yieldedLog(alice)).toBeUndefined();
    expect(engines.current(alice)).toBeDefined();
    expect(alicePreview.statuses.filter((s) => s !== 200)).toEqual([]);
    engines.acquire(dave); // Dave's page is open and he is busy typing: only Alice's closed page can yield
    engines.noteActivity(dave);

    // Her preview tab quiet, Alice's closed page gives her engine up after the short grace when someone waits.
    const erin = newStudentId();
    const erinIn = Date.now();
    await engines.ensure(erin);
    expect(yieldedLog(alice)).toMatchObject({ pageClosed: true });
    expect(yieldedLog(dave)).toBeUndefined();
    process.stderr.write(`Erin served ${Date.now() - erinIn} ms after queuing, once Alice's preview went quiet\n`);
  });
});
