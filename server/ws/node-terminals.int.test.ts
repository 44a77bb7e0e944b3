/**
 * Step 9's terminal switching, through the real websocket handler and a real three-node cluster:
 * each node has its own shell, output is tagged with its node, switching back replays that
 * node's screen, a reloaded page gets only what it lacks, and a workbench without clusters says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import { rmSync } from "node:fs";
import type { WebSocket } from "ws";
import type { ClientMessage, ServerMessage } from "../../lib/protocol/messages";
import { handleConnection } from "./connection";
import { HubRegistry } from "./student-hub";
import { ClusterManager, CLUSTER_DISABLED_MESSAGE } from "../sandbox/cluster-manager";
import { createTestEngines, makeLearnerWorkspace } from "../sandbox/testing/test-engines";
import { createLogger } from "../logger";

const studentId = "step9terminaltest";
const workspace = makeLearnerWorkspace("wb-int-nodeterm-");
const log = createLogger({ level: "warn", write: (line) => void process.stderr.write(`${line}\n`) });
const engines = createTestEngines(workspace);
const hubs = new HubRegistry();
const clusters = new ClusterManager({ engines, owner: "test", log, workspaceHostPath: async () => workspace, idleMs: 600_000, enabled: true, onRemoved: (id) => hubs.drop(id) });

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly received: ServerMessage[] = [];
  send(raw: string): void {
    this.received.push(JSON.parse(raw) as ServerMessage);
    this.emit("sent");
  }
  type(message: ClientMessage): void {
    this.emit("message", Buffer.from(JSON.stringify(message)), false);
  }
  close(): void {
    this.readyState = 3;
    this.emit("close");
  }
  /** Output of one shell received since index `from`, joined. */
  output(node: string | undefined, from = 0): string {
    return this.received
      .slice(from)
      .flatMap((m) => (m.type === "terminal.output" && m.node === node ? [m.data] : []))
      .join("");
  }
  async waitFor(predicate: () => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out; received: ${JSON.stringify(this.received.slice(-8)).slice(0, 1500)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const connect = (deps = { engines, clusters, hubs, log }) => {
  const socket = new FakeSocket();
  handleConnection(socket as unknown as WebSocket, studentId, deps);
  return socket;
};

let page: FakeSocket;

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
    await page.waitFor(() => page.received.some((m) => m.type === "cluster.status" && m.state === "ready"), 180_000);
    const ready = page.received.find((m) => m.type === "cluster.status" && m.state === "ready");
    expect(ready?.type === "cluster.status" && ready.nodes?.map((n) => n.name)).toEqual(["node1", "node2", "node3"]);
    page.type({ type: "terminal.input", data: "echo I am $(hostname)\r" });
    await page.waitFor(() => page.output("node2").includes("I am node2"));
  });

  it("switches to node3 and back; node2's screen is replayed, node3's output stays apart", async () => {
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0, node: "node3" });
    const mark = page.received.length;
    page.type({ type: "terminal.input", data: "echo I am $(hostname)\r" });
    await page.waitFor(() => page.output("node3", mark).includes("I am node3"));
    expect(page.output("node2", mark)).not.toContain("I am node3");

    const back = page.received.length;
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0, node: "node2" });
    await page.waitFor(() => page.output("node2", back).includes("I am node2"));
    expect(page.received.slice(back).some((m) => m.type === "terminal.reset" && m.node === "node2")).toBe(true);
  });

  it("node1 is the manager's shell, in the workspace", async () => {
    const mark = page.received.length;
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0, node: "node1" });
    page.type({ type: "terminal.input", data: "echo here: $(hostname) $(pwd)\r" });
    await page.waitFor(() => page.output("node1", mark).includes("here: node1 /home/learner/workspace"));
  });

  it("a reloaded page asking with its last sequence number gets only what it lacks", async () => {
    const seen = page.received.filter((m) => m.type === "terminal.output" && m.node === "node1");
    const lastSeq = Math.max(...seen.map((m) => (m.type === "terminal.output" ? m.seq : 0)));
    page.close();
    page = connect();
    page.type({ type: "terminal.attach", cols: 100, rows: 30, lastSeq, node: "node1" });
    page.type({ type: "terminal.input", data: "echo after reload\r" });
    await page.waitFor(() => page.output("node1").includes("after reload"));
    expect(page.received.some((m) => m.type === "terminal.reset")).toBe(false);
    expect(page.output("node1")).not.toContain("here: node1");
  });

  it("without clusters enabled, the page is told why and the engine's shell still works", async () => {
    const disabled = new ClusterManager({ engines, owner: "test", log, workspaceHostPath: async () => workspace, idleMs: 1000, enabled: false });
    const other = connect({ engines, clusters: disabled, hubs: new HubRegistry(), log });
    other.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0, node: "node1" });
    await other.waitFor(() => other.received.some((m) => m.type === "cluster.status"));
    expect(other.received.find((m) => m.type === "cluster.status")).toMatchObject({ state: "error", message: CLUSTER_DISABLED_MESSAGE });
    other.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
    other.type({ type: "terminal.input", data: "echo engine $(hostname)\r" });
    await other.waitFor(() => other.output(undefined).includes("engine workbench"));
    other.close();
  });
});
