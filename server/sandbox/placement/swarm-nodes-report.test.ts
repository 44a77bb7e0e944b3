import { describe, expect, it } from "vitest";
import { reportEngineNodes, type EngineNodeFacts } from "./swarm-nodes-report";

const IMAGE = "docker-workbench/engine:1";
const ready = (hostname: string, over: Partial<EngineNodeFacts> = {}): EngineNodeFacts => ({
  hostname,
  state: "ready",
  availability: "active",
  apiUrl: `tcp://${hostname}:2375`,
  apiAnswers: true,
  hasImage: true,
  ...over,
});

describe("reportEngineNodes", () => {
  it("fails with the label command when no node is labelled for engines", () => {
    const report = reportEngineNodes([], IMAGE);
    expect(report.ok).toBe(false);
    expect(report.fix).toContain("docker node update --label-add workbench.engines=true");
  });

  it("passes with usable nodes, naming a drained or down one without failing", () => {
    const report = reportEngineNodes([ready("w1"), ready("w2", { availability: "drain" }), ready("w3", { state: "down" })], IMAGE);
    expect(report).toEqual({ ok: true, detail: "3 engine nodes: w1 (ready), w2 (drain), w3 (down)" });
  });

  it("fails, naming the node, when a usable node's Docker API does not answer the server", () => {
    const report = reportEngineNodes([ready("w1"), ready("w2", { apiAnswers: false })], IMAGE);
    expect(report.ok).toBe(false);
    expect(report.detail).toContain("w2 (its Docker API at tcp://w2:2375 does not answer)");
    expect(report.fix).toContain("workbench.docker-api");
  });

  it("fails when every engine node is drained or down; a node without the image only says it is copied there", () => {
    expect(reportEngineNodes([ready("w1", { availability: "drain" })], IMAGE).ok).toBe(false);
    const report = reportEngineNodes([ready("w1", { hasImage: false })], IMAGE);
    expect(report.ok).toBe(true);
    expect(report.detail).toContain("copied there at its first engine");
  });
});
