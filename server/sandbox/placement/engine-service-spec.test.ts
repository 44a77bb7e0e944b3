import { describe, expect, it } from "vitest";
import { engineServiceSpec, ENGINE_NODE_CONSTRAINT } from "./engine-service-spec";

const spec = () =>
  engineServiceSpec({
    name: "wb-server-engine-alice",
    labels: { "org.dockerworkbench.managed": "true", "org.dockerworkbench.student": "alice" },
    image: "docker-workbench/engine:1",
    memoryBytes: 2 * 1024 ** 3,
    nanoCpus: 1e9,
  });

describe("engineServiceSpec", () => {
  it("reserves on the node what the engine may use, so that Swarm never puts more engines on a node than it holds", () => {
    expect(spec().TaskTemplate?.Resources?.Reservations).toEqual({ MemoryBytes: 2 * 1024 ** 3, NanoCPUs: 1e9 });
  });

  it("may only run on nodes labelled for engines, one replica, started again when its node goes", () => {
    const s = spec();
    expect(s.TaskTemplate?.Placement?.Constraints).toEqual([ENGINE_NODE_CONSTRAINT]);
    expect(ENGINE_NODE_CONSTRAINT).toBe("node.labels.workbench.engines==true");
    expect(s.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(s.TaskTemplate?.RestartPolicy?.Condition).toBe("any");
  });

  it("is named after the engine and carries its labels (the reaper finds it by them); its task only sleeps", () => {
    const s = spec();
    expect(s.Name).toBe("wb-server-engine-alice");
    expect(s.Labels?.["org.dockerworkbench.student"]).toBe("alice");
    const container = s.TaskTemplate && "ContainerSpec" in s.TaskTemplate ? s.TaskTemplate.ContainerSpec : undefined;
    expect(container?.Image).toBe("docker-workbench/engine:1");
    expect(container?.Command).toEqual(["sleep", "infinity"]);
  });
});
