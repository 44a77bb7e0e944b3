import { describe, expect, it } from "vitest";
import { engineMoveReason, nodeDockerApiUrl, runningTaskNode, type SwarmNode, type SwarmTask } from "./swarm-task-node";

const node = (id: string, over: { state?: string; availability?: string; addr?: string; api?: string } = {}): SwarmNode => ({
  ID: id,
  Description: { Hostname: `host-${id}` },
  Spec: { Availability: over.availability ?? "active", Labels: { "workbench.engines": "true", ...(over.api ? { "workbench.docker-api": over.api } : {}) } },
  Status: { State: over.state ?? "ready", Addr: over.addr ?? `10.0.0.${id.length}` },
});
const task = (nodeId: string | undefined, desired: string, state: string): SwarmTask => ({ NodeID: nodeId, DesiredState: desired, Status: { State: state } });

describe("nodeDockerApiUrl", () => {
  it("takes the node's label when set, else its swarm address on port 2376 (mutual TLS)", () => {
    expect(nodeDockerApiUrl(node("a", { api: "tcp://172.30.0.5:2375" }))).toBe("tcp://172.30.0.5:2375");
    expect(nodeDockerApiUrl(node("b", { addr: "10.1.2.3" }))).toBe("tcp://10.1.2.3:2376");
    expect(nodeDockerApiUrl(node("c", { addr: "0.0.0.0" }))).toBeUndefined();
  });
});

describe("runningTaskNode", () => {
  it("is the node of the task that runs, not of one shut down or still pending", () => {
    const nodes = [node("a"), node("b")];
    const tasks = [task("a", "shutdown", "shutdown"), task("b", "running", "running"), task(undefined, "running", "pending")];
    expect(runningTaskNode(tasks, nodes)).toEqual({ id: "b", hostname: "host-b", apiUrl: "tcp://10.0.0.1:2376" });
  });

  it("is none while the task is still starting, or when its node is down", () => {
    expect(runningTaskNode([task("a", "running", "preparing")], [node("a")])).toBeUndefined();
    expect(runningTaskNode([task("a", "running", "running")], [node("a", { state: "down" })])).toBeUndefined();
  });
});

describe("engineMoveReason", () => {
  const nodes = [node("a"), node("b")];
  it("is none while the engine's task runs on its node", () => {
    expect(engineMoveReason("a", [task("a", "running", "running")], nodes)).toBeUndefined();
  });

  it("says the node was drained, even before Swarm has moved the task", () => {
    expect(engineMoveReason("a", [task("a", "running", "running")], [node("a", { availability: "drain" }), node("b")])).toBe("its node is drained");
  });

  it("says the node is down when it was lost", () => {
    expect(engineMoveReason("a", [task("a", "running", "running")], [node("a", { state: "down" }), node("b")])).toBe("its node is down");
  });

  it("says so when Swarm wants the task on another node, or the node left the swarm", () => {
    expect(engineMoveReason("a", [task("a", "shutdown", "shutdown"), task("b", "running", "assigned")], nodes)).toBe("swarm moved its place to another node");
    expect(engineMoveReason("gone", [task("a", "running", "running")], nodes)).toBe("its node left the swarm");
  });

  it("is none while the replacement of a task is pending on the same node (a restart there)", () => {
    expect(engineMoveReason("a", [task("a", "shutdown", "failed"), task("a", "running", "pending")], nodes)).toBeUndefined();
  });
});
