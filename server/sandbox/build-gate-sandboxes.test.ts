/**
 * Every grading sandbox a Check or Submit uses (one engine, step 9's one-node swarm, node1 of a
 * three-node cluster) passes its image builds through the build-slot gate of the machine it runs on:
 * a build check, compose `up --build`, and a script check that builds wait behind another student's
 * build; what only reads or runs does not. The engines here are plain objects that record what the
 * sandbox asks of them (no Docker): what is tested is the order, wait first and work after.
 */
import { describe, expect, it } from "vitest";
import type Docker from "dockerode";
import { BuildSlots, LOCAL_BUILD_HOST } from "./build-slots";
import { buildSlotGate } from "../grading-services/build-slot-gate";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { SingleEngineSwarmSandbox } from "./single-engine-swarm-sandbox";
import { ClusterGradingSandbox } from "./cluster-grading-sandbox";
import type { LearnerEngine } from "./engine-manager";
import type { LearnerCluster } from "./cluster-manager";
import type { ComposeUpRequest, ScriptRequest } from "../grading/grading-sandbox";
import type { EngineNode } from "./placement/swarm-task-node";

/** An engine whose Docker API only records that it was asked (every call then fails, which the sandbox reports as an outcome). */
function recordingEngine(node?: EngineNode) {
  const asked: string[] = [];
  const refuse = (what: string) => () => {
    asked.push(what);
    return Promise.reject(new Error(`${what}: no engine here`));
  };
  const inner = { listContainers: refuse("listContainers"), getContainer: () => ({ remove: refuse("remove") }) } as unknown as Docker;
  const container = { exec: refuse("exec"), id: "c" } as unknown as Docker.Container;
  const engine: LearnerEngine = {
    studentId: "bob",
    containerName: "c",
    container,
    ip: "10.0.0.2",
    inner,
    startedAt: new Date(),
    readyMs: 0,
    fromPool: false,
    close: () => undefined,
    ...(node ? { node } : {}),
  };
  return { engine, asked };
}

const script = (builds: boolean): ScriptRequest => ({ folder: "5_x", file: "build_and_launch.sh", cleanup: [], removeAllContainers: true, builds, timeoutMs: 10_000, onLog: () => undefined });

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("the build gate in every grading sandbox", () => {
  const node: EngineNode = { id: "node-b", hostname: "b.example", apiUrl: "tcp://b.example:2376" };
  const sandboxes = {
    "one engine (steps 1–8)": (engine: LearnerEngine, gate: ReturnType<typeof buildSlotGate>) => new EngineGradingSandbox(engine, "/nonexistent-workspace", gate),
    "step 9's one-node swarm": (engine: LearnerEngine, gate: ReturnType<typeof buildSlotGate>) => new SingleEngineSwarmSandbox(engine, "/nonexistent-workspace", gate),
    "node1 of step 9's cluster": (engine: LearnerEngine, gate: ReturnType<typeof buildSlotGate>) =>
      new ClusterGradingSandbox(
        { studentId: "bob", manager: { ...engine, name: "node1", manager: true, clusterIp: "10.1.0.2" }, nodes: [] } as unknown as LearnerCluster,
        "/nonexistent-workspace",
        gate,
      ),
  };

  for (const [name, make] of Object.entries(sandboxes)) {
    it(`${name}: a script that builds waits behind another student's build on the same node, told its place; one that only runs does not`, async () => {
      const slots = new BuildSlots(1);
      const alice = await slots.acquire({ host: node.id, holder: "alice" });
      const { engine, asked } = recordingEngine(node);
      const told: string[] = [];
      const sandbox = make(engine, buildSlotGate({ slots, holder: "bob", waitMs: 60_000, progress: (stage, message) => told.push(`${stage}: ${message}`) }));

      const running = await sandbox.runScript(script(false));
      expect(running.exitCode).toBeNull(); // ran at once (the recording engine refuses it)
      expect(asked).toEqual(["listContainers"]);
      expect(told).toEqual([]);

      const building = sandbox.runScript(script(true));
      await tick();
      expect(asked).toEqual(["listContainers"]); // nothing more asked of the engine while it waits
      expect(told).toEqual(["queue: Waiting for a build slot: you are number 1 of 1 waiting."]);
      expect(slots.load(node.id)).toEqual({ running: 1, waiting: 1 });
      alice.release();
      await building;
      expect(asked).toEqual(["listContainers", "listContainers"]);
      expect(slots.load(node.id)).toEqual({ running: 0, waiting: 0 }); // Bob's slot given back after his script
    });

    it(`${name}: a build check and compose up --build wait for the slot of the engine's machine; a plain compose up does not`, async () => {
      const slots = new BuildSlots(1);
      const { engine } = recordingEngine(); // on the server's host
      const alice = await slots.acquire({ host: LOCAL_BUILD_HOST, holder: "alice" });
      const sandbox = make(engine, buildSlotGate({ slots, holder: "bob", waitMs: 60_000, progress: () => undefined }));
      let built = false;
      const build = sandbox
        .build({ folder: "1_x", context: ".", dockerfile: "Dockerfile", tag: "t", noCache: false, timeoutMs: 1000, onLog: () => undefined, onProgress: () => undefined })
        .then((outcome) => {
          built = true;
          return outcome;
        });
      await tick();
      expect(built).toBe(false);
      expect(slots.load(LOCAL_BUILD_HOST).waiting).toBe(1);
      const up: Omit<ComposeUpRequest, "build"> = { folder: "6_x", file: "docker-compose.yml", project: "p", stableSeconds: 0, timeoutMs: 1000, onLog: () => undefined };
      await sandbox.composeUp({ ...up, build: false }).catch(() => undefined); // not queued: returns while Alice still builds
      expect(slots.load(LOCAL_BUILD_HOST)).toEqual({ running: 1, waiting: 1 });
      alice.release();
      expect((await build).ok).toBe(false); // the missing folder, reported once its turn came
      expect(built).toBe(true);
      const composeBuild = sandbox.composeUp({ ...up, build: true }).catch(() => undefined);
      const held = await slots.acquire({ host: LOCAL_BUILD_HOST, holder: "alice" }); // after Bob's compose build gave its slot back
      await composeBuild;
      held.release();
      expect(slots.typicalBuildMs(LOCAL_BUILD_HOST)).not.toBeNull();
    });
  }
});
