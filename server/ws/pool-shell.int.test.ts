/**
 * The shell a pool engine starts before any student has it (../sandbox/shell-ahead.ts), against the
 * real host dockerd with capped disks (each pool engine waits with a blank workspace disk made
 * ahead): a new student handed that engine, as the page's early request does, gets that running
 * shell in their hub, its prompt already there, with no exec on their engine at the hand-over
 * (counted on dockerode's Container, the boundary every exec goes through), in their own
 * workspace; two students at once get one each; a returning student, whose workspace is mounted
 * over the blank one, gets a new shell in their files; an engine removed before its shell was taken
 * ends it.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WebSocket } from "ws";
import Docker from "dockerode";
import { handleConnection } from "./connection";
import { HubRegistry } from "./student-hub";
import { startShellWithEarlyEngine } from "./student-shell";
import { TestPage, withoutAnsi } from "./testing/test-page";
import { createTestEngines, waitFor } from "../sandbox/testing/test-engines";
import { diskTracesUnder } from "../sandbox/testing/disk-traces";
import { CappedStorage } from "../sandbox/capped-storage";
import { getHostDocker } from "../sandbox/host-docker";
import { labelFilter } from "../sandbox/labels";
import { LEARNER_UID } from "../sandbox/engine-options";
import { createLogger } from "../logger";
import { resetConfigForTests } from "../config";
import { ensureWorkspace, workspaceRoot } from "../workspace";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "wb-pool-shell-"));
const previousDataDir = process.env.DATA_DIR;
const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const storage = new CappedStorage({
  disksDir: path.join(dataDir, "disks"),
  engineMountsDir: path.join(dataDir, "engine-disks"),
  workspaceMiB: 64,
  engineMiB: 1024,
  workspaceOwner: { uid: LEARNER_UID, gid: LEARNER_UID },
  log,
});
const deploymentId = `poolshell${process.pid}`;
const hubs = new HubRegistry();
const engines = createTestEngines(dataDir, {
  deploymentId,
  workspaceHostPath: (studentId) => ensureWorkspace(studentId),
  disks: storage,
  pool: { size: 2, mountsDir: path.join(dataDir, "engine-mounts") },
  onRemoved: (studentId) => hubs.drop(studentId),
});
const { release: releaseDisksOfTest } = diskTracesUnder(dataDir);
const [dan, eve, carol, fay] = ["poolshelldan0001", "poolshelleve0001", "poolshellcarol01", "poolshellfay0001"];
const PROMPT = /learner@[\w.-]+:~\/workspace\$ $/;

/** Execs created on each container (by id) since the spy was set, whoever created them. */
const execsOn = new Map<string, number>();
const originalExec = Docker.Container.prototype.exec;
function countExecs(): void {
  vi.spyOn(Docker.Container.prototype, "exec").mockImplementation(function (this: Docker.Container, ...args: unknown[]) {
    execsOn.set(this.id, (execsOn.get(this.id) ?? 0) + 1);
    return (originalExec as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof originalExec);
}

const pages: TestPage[] = [];
function openPage(studentId: string): TestPage {
  const page = new TestPage({ pollMs: 20, timeoutMs: 60_000 });
  pages.push(page);
  handleConnection(page as unknown as WebSocket, studentId, { engines, hubs, log });
  return page;
}

/** The waiting pool engines each run the learner's `bash -l` (what `docker top` lists in them; it needs the pid column). */
async function poolShellsRunning(): Promise<boolean> {
  const docker = getHostDocker();
  const pool = await docker.listContainers({ filters: labelFilter("engine", "test", deploymentId) });
  if (pool.length < 2) return false;
  const tops = await Promise.all(
    pool.map((c) =>
      docker
        .getContainer(c.Id)
        .top({ ps_args: "-eo pid,args" })
        .catch(() => undefined),
    ),
  );
  return tops.every((top) => top?.Processes?.some((row: string[]) => row.slice(1).join(" ").trim() === "bash -l") ?? false);
}

/** Types a command into the page's terminal and waits for its output to end at the next prompt. */
async function run(page: TestPage, command: string): Promise<string> {
  const mark = page.received.length;
  page.type({ type: "terminal.input", data: `${command}\r` });
  await page.waitFor(() => PROMPT.test(withoutAnsi(page.output(mark)).replace(/\r/g, "")), `the output of ${command}`);
  return withoutAnsi(page.output(mark));
}

afterAll(async () => {
  vi.restoreAllMocks();
  for (const page of pages) page.close();
  await engines.shutdown();
  storage.deactivate();
  releaseDisksOfTest();
  rmSync(dataDir, { recursive: true, force: true });
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  resetConfigForTests();
});

describe("the shell a pool engine starts before any student has it", () => {
  it("is handed to two new students at once, one each, prompt already there, with no exec at the hand-over, in their own workspace", async () => {
    process.env.DATA_DIR = dataDir;
    resetConfigForTests();
    expect(await storage.probe()).toBeUndefined();
    storage.activate();
    await engines.startPool();
    await waitFor(() => engines.poolReadyCount === 2, 240_000);
    await waitFor(poolShellsRunning, 60_000, 500); // each waiting engine runs its shell before any student
    countExecs();

    // The page's early request, for two new students at once.
    const began = performance.now();
    for (const id of [dan, eve]) expect(startShellWithEarlyEngine(engines.prewarm(id), id, { engines, hubs, log })).toBe(true);
    await waitFor(() => [dan, eve].every((id) => (hubs.get(id).terminal?.lastSeq ?? 0) > 0), 30_000, 10);
    const shellInHubMs = performance.now() - began;
    const [danEngine, eveEngine] = [engines.current(dan)!, engines.current(eve)!];
    expect(danEngine.fromPool && eveEngine.fromPool).toBe(true);
    expect(danEngine.containerName).not.toBe(eveEngine.containerName);
    // Each hub holds the shell its own engine started ahead: never the same one, and no exec was made for it.
    const [danShell, eveShell] = [hubs.get(dan).terminal!, hubs.get(eve).terminal!];
    expect(danShell).not.toBe(eveShell);
    expect(danEngine.shellAhead?.gave(danShell)).toBe(true);
    expect(eveEngine.shellAhead?.gave(eveShell)).toBe(true);
    expect(execsOn.get(danEngine.container.id) ?? 0).toBe(0);
    expect(execsOn.get(eveEngine.container.id) ?? 0).toBe(0);
    console.log("pool shell handed over:", JSON.stringify({ shellInHubMs: Math.round(shellInHubMs), pooledPromptMs: [danEngine.shellAhead?.promptMs, eveEngine.shellAhead?.promptMs] }));

    // The page attaches: the prompt is in the reply, and the shell is in the student's own workspace disk.
    writeFileSync(path.join(workspaceRoot(dan), "dan.txt"), "dan's file\n");
    chownSync(path.join(workspaceRoot(dan), "dan.txt"), LEARNER_UID, LEARNER_UID);
    const danPage = openPage(dan);
    danPage.type({ type: "terminal.attach", cols: 120, rows: 30, lastSeq: 0 });
    await danPage.waitFor(() => PROMPT.test(withoutAnsi(danPage.output())), "dan's prompt");
    expect(danPage.received.find((m) => m.type.startsWith("terminal."))?.type).toBe("terminal.reset");
    expect(await run(danPage, "pwd; ls")).toMatch(/\/home\/learner\/workspace\r\n.*dan\.txt/s);
    const evePage = openPage(eve);
    evePage.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    await evePage.waitFor(() => PROMPT.test(withoutAnsi(evePage.output())), "eve's prompt");
    // Her own blank disk: Dan's file is not there.
    expect((await run(evePage, "echo $PWD; ls -A | wc -l")).replace(/\r/g, "")).toMatch(/\n\/home\/learner\/workspace\n0\n/);
    expect(execsOn.get(danEngine.container.id) ?? 0).toBe(0); // the pages' attaches used the same shells
    expect(execsOn.get(eveEngine.container.id) ?? 0).toBe(0);
  }, 420_000);

  it("a returning student, whose workspace is mounted over the blank one, gets a new shell in their files", async () => {
    await ensureWorkspace(carol);
    writeFileSync(path.join(workspaceRoot(carol), "carol.txt"), "carol's file\n");
    chownSync(path.join(workspaceRoot(carol), "carol.txt"), LEARNER_UID, LEARNER_UID);
    await storage.releaseWorkspace(carol);
    await waitFor(() => engines.poolReadyCount >= 1, 240_000);
    await waitFor(poolShellsRunning, 60_000, 500);
    const before = new Map(execsOn); // the refilled pool engines' own (their start's probes, their shells)

    const page = openPage(carol);
    await page.waitFor(() => page.engineStates().includes("ready"), "carol's engine");
    const engine = engines.current(carol)!;
    expect(engine.fromPool).toBe(true);
    expect(engine.shellAhead).toBeUndefined(); // its shell is under her workspace's mount: not hers
    page.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    await page.waitFor(() => PROMPT.test(withoutAnsi(page.output())), "carol's prompt");
    expect(await run(page, "cat carol.txt")).toContain("carol's file");
    expect((execsOn.get(engine.container.id) ?? 0) - (before.get(engine.container.id) ?? 0)).toBe(1); // her shell, opened for her
  }, 300_000);

  it("an engine removed before its student's hub took the shell ends that shell", async () => {
    await waitFor(() => engines.poolReadyCount >= 1, 240_000);
    await waitFor(poolShellsRunning, 60_000, 500);
    expect(engines.prewarm(fay)).toBe(true); // handed over, but no hub takes the shell (no page comes)
    await waitFor(() => engines.current(fay) !== undefined, 30_000);
    const ahead = engines.current(fay)!.shellAhead!;
    expect(ahead.waiting).toBe(true);
    await engines.remove(fay);
    expect(ahead.waiting).toBe(false);
    expect(ahead.take()).toBeUndefined();
  }, 300_000);
});
