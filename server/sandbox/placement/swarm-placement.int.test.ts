/**
 * Engines placed by Docker Swarm over several hosts (WB_PLACEMENT=swarm, docs/scale-out.md), on the
 * multi-node rig of ../testing/swarm-rig.ts (a manager and two labelled workers, each a Docker
 * host of its own, and a folder shared at the same path by all: the NFS stand-in). Through the real
 * EngineManager, SwarmPlacement and websocket handler (a stand-in page per student): sessions spread
 * over the workers; a worker drained, then a worker lost → its students are told, get an engine on
 * the other worker with their files intact, and a new session goes to the worker left.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import type { WebSocket } from "ws";
import { startSwarmRig, type SwarmRig } from "../testing/swarm-rig";
import { createRigEngines } from "../testing/rig-engines";
import { runAsLearner, waitFor } from "../testing/test-engines";
import { ENGINE_IMAGE } from "../engine-options";
import type { EngineManager } from "../engine-manager";
import { checkSwarmEngineNodes } from "./swarm-nodes-check";
import { handleConnection } from "../../ws/connection";
import { ENGINE_MOVED_MESSAGE, HubRegistry } from "../../ws/student-hub";
import { TestPage, withoutAnsi } from "../../ws/testing/test-page";
import { createLogger } from "../../logger";
import { labelFilter } from "../labels";

const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const deploymentId = `swarmtest${process.pid}`;
const PROMPT = /learner@[\w.-]+:[^\n]*\$ $/;
const timings: Record<string, number> = {};

let rig: SwarmRig;
let engines: EngineManager;
const hubs = new HubRegistry();
const pages = new Map<string, TestPage>();

function openSession(studentId: string): TestPage {
  const page = new TestPage({ pollMs: 50, timeoutMs: 240_000 });
  pages.set(studentId, page);
  handleConnection(page as unknown as WebSocket, studentId, { engines, hubs, log });
  page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0 });
  return page;
}
const nodeOf = (studentId: string) => engines.current(studentId)?.node?.hostname;
const promptShown = (page: TestPage, from = 0) => PROMPT.test(withoutAnsi(page.output(from)));

async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const began = Date.now();
  try {
    return await run();
  } finally {
    timings[name] = Date.now() - began;
  }
}

/** Each student's engine answers `docker version` and keeps the note this test wrote in their workspace. */
async function expectWorkingEngineWithNote(studentId: string): Promise<void> {
  const engine = engines.current(studentId)!;
  const answer = await runAsLearner(engine, "docker version --format '{{.Server.Version}}' && cat ~/workspace/note.txt");
  expect(answer.exitCode, answer.output).toBe(0);
  expect(answer.output).toContain(`note of ${studentId}`);
}

/** Waits until every student's page was told of the move and shows a prompt again, on an engine placed on `hostname`. */
async function expectMovedTo(students: string[], hostname: string, marks: Map<string, number>): Promise<void> {
  for (const studentId of students) {
    const page = pages.get(studentId)!;
    const mark = marks.get(studentId)!;
    await page.waitFor(() => page.received.slice(mark).some((m) => m.type === "engine.status" && m.message === ENGINE_MOVED_MESSAGE), `${studentId} told of the move`);
    await page.waitFor(() => nodeOf(studentId) === hostname && page.received.slice(mark).some((m) => m.type === "engine.status" && m.state === "ready"), `${studentId}'s new engine on ${hostname}`);
    await page.waitFor(() => promptShown(page, mark), `${studentId}'s prompt again`);
    const told = page.received.slice(mark).find((m) => m.type === "engine.status" && m.message === ENGINE_MOVED_MESSAGE);
    expect(told).toMatchObject({ state: "starting", text: { key: "engine.moved" } });
    // Told it moved, never that it failed: a lost node's silence is not an engine's death.
    expect(page.received.slice(mark).filter((m) => m.type === "engine.status" && m.state === "error")).toEqual([]);
    await expectWorkingEngineWithNote(studentId);
  }
}

beforeAll(async () => {
  rig = await timed("rig start", () => startSwarmRig({ workers: 2, logger: log }));
  engines = createRigEngines(rig, log, { deploymentId, onRemoved: (studentId) => hubs.drop(studentId), onMoved: (studentId) => hubs.moved(studentId) });
}, 600_000);

afterAll(async () => {
  for (const page of pages.values()) page.close();
  const began = Date.now();
  await engines?.shutdown();
  const left = rig ? await rig.manager.docker.listServices({ filters: labelFilter("engine", "test", deploymentId) }).catch(() => []) : [];
  await rig?.stop();
  if (rig) rmSync(rig.sharedDir, { recursive: true, force: true });
  timings["clean-up"] = Date.now() - began;
  process.stderr.write(`swarm placement timings (ms): ${JSON.stringify(timings)}\n`);
  expect(left).toHaveLength(0);
}, 300_000);

describe("engines placed by Docker Swarm over two engine hosts", () => {
  const students = ["swarm-a", "swarm-b", "swarm-c", "swarm-d"];
  const workers = () => rig.workers.map((w) => w.hostname);

  it("the doctor's line finds the manager and both workers ready, their Docker APIs answering", async () => {
    const report = await checkSwarmEngineNodes(rig.manager.docker, ENGINE_IMAGE, rig.nodeApi, "mutual TLS");
    expect(report.ok, report.detail).toBe(true);
    for (const worker of workers()) expect(report.detail).toContain(`${worker} (ready)`);
    expect(report.detail).not.toContain(rig.manager.hostname); // the manager carries no engine label
    for (const node of rig.nodes) expect(node.apiUrl).toMatch(/^tcp:\/\/[\d.]+:2376$/); // every API the placement uses is the TLS one
  });

  it("spreads four students' sessions over both workers; each engine answers and keeps their file", async () => {
    await timed("4 sessions ready", async () => {
      for (const studentId of students) openSession(studentId);
      for (const studentId of students) await pages.get(studentId)!.waitFor(() => promptShown(pages.get(studentId)!), `${studentId}'s prompt`);
    });
    const placed = students.map(nodeOf);
    expect(new Set(placed)).toEqual(new Set(workers()));
    for (const studentId of students) {
      const wrote = await runAsLearner(engines.current(studentId)!, `echo 'note of ${studentId}' > ~/workspace/note.txt`);
      expect(wrote.exitCode, wrote.output).toBe(0);
      await expectWorkingEngineWithNote(studentId);
    }
  }, 900_000);

  it("a worker drained: its students are told and resume on the other worker with their files; a new session goes there too", async () => {
    const [drained, other] = [nodeOf(students[0]!)!, workers().find((w) => w !== nodeOf(students[0]!))!];
    const affected = students.filter((s) => nodeOf(s) === drained);
    const marks = new Map(students.map((s) => [s, pages.get(s)!.received.length]));
    await timed("drain → moved students ready", async () => {
      await rig.drain(drained);
      await expectMovedTo(affected, other, marks);
    });
    for (const s of students.filter((s) => !affected.includes(s))) expect(nodeOf(s)).toBe(other); // the others never moved
    expect((await checkSwarmEngineNodes(rig.manager.docker, ENGINE_IMAGE, rig.nodeApi, "mutual TLS")).detail).toContain(`${drained} (drain)`);
    await timed("new session after drain", async () => {
      const page = openSession("swarm-e");
      await page.waitFor(() => promptShown(page), "the new student's prompt");
    });
    expect(nodeOf("swarm-e")).toBe(other);
    const wrote = await runAsLearner(engines.current("swarm-e")!, "echo 'note of swarm-e' > ~/workspace/note.txt");
    expect(wrote.exitCode, wrote.output).toBe(0);
  }, 900_000);

  it("a worker lost (after the drained one is back): its students are told and resume on the worker left, files intact", async () => {
    const everyone = [...students, "swarm-e"];
    const lost = nodeOf(students[0]!)!; // after the drain, everyone is here
    const back = workers().find((w) => w !== lost)!;
    await rig.activate(back);
    const marks = new Map(everyone.map((s) => [s, pages.get(s)!.received.length]));
    await timed("kill → moved students ready", async () => {
      await rig.kill(lost);
      await expectMovedTo(everyone, back, marks);
    });
    await waitFor(async () => (await rig.manager.docker.listServices({ filters: labelFilter("engine", "test", deploymentId) })).length === everyone.length, 30_000);
  }, 900_000);
});
