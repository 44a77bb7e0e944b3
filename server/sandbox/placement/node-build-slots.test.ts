import { describe, expect, it } from "vitest";
import { BuildSlots } from "../build-slots";
import { recordingLogger } from "../testing/test-engines";
import { NODE_BUILD_SLOTS_FALLBACK, NodeBuildSlotLimits, nodeBuildSlotLimit, type NodeInfoSize } from "./node-build-slots";

const GiB = 1024 ** 3;
const node = { id: "n1", hostname: "engine-node-1" };

/** A node's Docker API as far as `info` goes: answers `sizes` in turn (an Error is thrown), counting the questions. */
function nodeApi(...sizes: (NodeInfoSize | Error)[]) {
  const api = {
    asked: 0,
    info: () => {
      const answer = sizes[Math.min(api.asked, sizes.length - 1)]!;
      api.asked += 1;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return api;
}

describe("a swarm node's build slot limit", () => {
  it("comes from the node's own cores and memory with the host's formula", () => {
    expect(nodeBuildSlotLimit({ NCPU: 16, MemTotal: 64 * GiB })).toBe(16);
    expect(nodeBuildSlotLimit({ NCPU: 8, MemTotal: 4 * GiB })).toBe(2); // 4 GiB less the 2 GiB reserve: 2
    expect(nodeBuildSlotLimit({ NCPU: 2, MemTotal: 2 * GiB })).toBe(1); // never below one
    expect(nodeBuildSlotLimit({ NCPU: 2 })).toBeUndefined();
    expect(nodeBuildSlotLimit({ MemTotal: 8 * GiB, NCPU: 0 })).toBeUndefined();
  });

  it("is set in the build slots when the node is first known, logged once, and the node is asked only once", async () => {
    const slots = new BuildSlots(2);
    const { log, lines } = recordingLogger();
    const limits = new NodeBuildSlotLimits({ slots, log });
    const api = nodeApi({ NCPU: 8, MemTotal: 32 * GiB });
    expect(await limits.learn(node, api)).toBe(8);
    expect(await limits.learn(node, api)).toBe(8);
    expect(api.asked).toBe(1);
    expect(slots.limitOf("n1")).toBe(8);
    expect(slots.limitOf("local")).toBe(2); // the server's host keeps its own
    expect(lines.filter((l) => l["msg"] === "build slot limit of node")).toMatchObject([{ node: "engine-node-1", perMachine: 8, cpus: 8, memoryGiB: 32, from: "node size" }]);
  });

  it("falls back to one slot with a warning when the node does not answer, and asks again next time", async () => {
    const slots = new BuildSlots(4);
    const { log, lines } = recordingLogger();
    const limits = new NodeBuildSlotLimits({ slots, log });
    const api = nodeApi(new Error("connect ECONNREFUSED 10.0.0.7:2376"), { NCPU: 4, MemTotal: 16 * GiB });
    expect(await limits.learn(node, api)).toBe(NODE_BUILD_SLOTS_FALLBACK);
    expect(slots.limitOf("n1")).toBe(1);
    expect(lines.find((l) => l.level === "warn")).toMatchObject({ node: "engine-node-1", perMachine: 1, error: "Error: connect ECONNREFUSED 10.0.0.7:2376" });
    expect(await limits.learn(node, api)).toBe(4);
    expect(slots.limitOf("n1")).toBe(4);
    expect(api.asked).toBe(2);
  });

  it("falls back when the node's info says nothing of its size or takes too long", async () => {
    const slots = new BuildSlots(4);
    const { log } = recordingLogger();
    const silent = await new NodeBuildSlotLimits({ slots, log }).learn(node, nodeApi({}));
    expect(silent).toBe(1);
    const hanging = { info: () => new Promise<NodeInfoSize>(() => undefined) };
    expect(await new NodeBuildSlotLimits({ slots, log, timeoutMs: 50 }).learn({ id: "n2", hostname: "slow" }, hanging)).toBe(1);
    expect(slots.limitOf("n2")).toBe(1);
  });

  it("is the operator's CHECK_BUILD_SLOTS when set, without asking the node", async () => {
    const slots = new BuildSlots(2);
    const { log } = recordingLogger();
    const api = nodeApi({ NCPU: 64, MemTotal: 256 * GiB });
    expect(await new NodeBuildSlotLimits({ slots, log, override: 3 }).learn(node, api)).toBe(3);
    expect(api.asked).toBe(0);
    expect(slots.limitOf("n1")).toBe(3);
  });

  it("once raised, lets the builds waiting on that node start at once", async () => {
    const slots = new BuildSlots(1);
    const held = await slots.acquire({ host: "n1", holder: "alice" });
    let bobBuilds = false;
    const bob = slots.acquire({ host: "n1", holder: "bob" }).then((slot) => ((bobBuilds = true), slot));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bobBuilds).toBe(false);
    slots.setLimit("n1", 2);
    (await bob).release();
    expect(bobBuilds).toBe(true);
    held.release();
    expect(() => slots.setLimit("n1", 0)).toThrow(/at least 1/);
  });
});
