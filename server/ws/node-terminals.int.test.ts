/**
 * Step 9's terminal switching, through the real websocket handler and a real three-node cluster:
 * each node has its own shell, output is tagged with its node, switching back replays that
 * node's screen, a reloaded page gets only what it lacks, and a workbench without clusters says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import type { WebSocket } from "ws";
import { handleConnection } from "./connection";
import { HubRegistry } from "./student-hub";
import { TestPage } from "./testing/test-page";
import { ClusterManager, CLUSTER_DISABLED_MESSAGE } from "../sandbox/cluster-manager";
import { createTestEngines, makeLearnerWorkspace } from "../sandbox/testing/test-engines";
import { createLogger } from "../logger";

const studentId = "step9terminaltest";
const workspace = makeLearnerWorkspace("wb-int-nodeterm-");
const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const engines = createTestEngines(workspace);
const hubs = new HubRegistry();
const clusters = new ClusterManager({ engines, owner: "test", log, workspaceHostPath: async () => workspace, idleMs: 600_000, enabled: true, onRemoved: (id) => hubs.drop(id) });

const connect = (deps = { engines, clusters, hubs, log }) => {
  const page = new TestPage({ pollMs: 100, timeoutMs: 120_000 });
  handleConnection(page as unknown as WebSocket, studentId, deps);
  return page;
};

let page: TestPage;

beforeAll(async () => {
  page = connect();
}, 60_000);

afterAll(async () => {
  page?.close();
  await clusters.shutdown();
  await engines.shutdown();
  rmSync(workspace, { recursive: true, force: true });
});

describe("terminal switching between cluster nodes", () => {
  it("opens a real shell on node2, its output tagged node2", async () => {
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0, node: "node2" });
    await page.waitFor(() => page.received.some((m) => m.type === "cluster.status" && m.state === "ready"), "the cluster ready", 180_000);
    const ready = page.received.find((m) => m.type === "cluster.status" && m.state === "ready");
    expect(ready?.type === "cluster.status" && ready.nodes?.map((n) => n.name)).toEqual(["node1", "node2", "node3"]);
    page.type({ type: "terminal.input", data: "echo I am $(hostname)\r" });
    await page.waitFor(() => page.shellOutput("node2").includes("I am node2"), "node2's hostname");
  });

  it("switches to node3 and back; node2's screen is replayed, node3's output stays apart", async () => {
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0, node: "node3" });
    const mark = page.received.length;
    page.type({ type: "terminal.input", data: "echo I am $(hostname)\r" });
    await page.waitFor(() => page.shellOutput("node3", mark).includes("I am node3"), "node3's hostname");
    expect(page.shellOutput("node2", mark)).not.toContain("I am node3");

    const back = page.received.length;
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0, node: "node2" });
    await page.waitFor(() => page.shellOutput("node2", back).includes("I am node2"), "node2's screen replayed");
    expect(page.received.slice(back).some((m) => m.type === "terminal.reset" && m.node === "node2")).toBe(true);
  });

  it("node1 is the manager's shell, in the workspace", async () => {
    const mark = page.received.length;
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0, node: "node1" });
    page.type({ type: "terminal.input", data: "echo here: $(hostname) $(pwd)\r" });
    await page.waitFor(() => page.shellOutput("node1", mark).includes("here: node1 /home/learner/workspace"), "node1's shell in the workspace");
  });

  it("a reloaded page asking with its last sequence number gets only what it lacks", async () => {
    const seen = page.received.filter((m) => m.type === "terminal.output" && m.node === "node1");
    const lastSeq = Math.max(...seen.map((m) => (m.type === "terminal.output" ? m.seq : 0)));
    page.close();
    page = connect();
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq, node: "node1" });
    page.type({ type: "terminal.input", data: "echo after reload\r" });
    await page.waitFor(() => page.shellOutput("node1").includes("after reload"), "node1's output after the reload");
    expect(page.received.some((m) => m.type === "terminal.reset")).toBe(false);
    expect(page.shellOutput("node1")).not.toContain("here: node1");
  });

  it("without clusters enabled, the page is told why and the engine's shell still works", async () => {
    const disabled = new ClusterManager({ engines, owner: "test", log, workspaceHostPath: async () => workspace, idleMs: 1000, enabled: false });
    const other = connect({ engines, clusters: disabled, hubs: new HubRegistry(), log });
    other.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0, node: "node1" });
    await other.waitFor(() => other.received.some((m) => m.type === "cluster.status"), "the cluster's status");
    expect(other.received.find((m) => m.type === "cluster.status")).toMatchObject({ state: "error", message: CLUSTER_DISABLED_MESSAGE });
    other.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    other.type({ type: "terminal.input", data: "echo engine $(hostname)\r" });
    await other.waitFor(() => other.shellOutput(undefined).includes("engine workbench"), "the engine's own shell");
    other.close();
  });
});
