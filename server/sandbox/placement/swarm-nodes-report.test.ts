import { describe, expect, it } from "vitest";
import { reportEngineNodes, type EngineNodeFacts } from "./swarm-nodes-report";

const IMAGE = "docker-workbench/engine:1";
const TLS = "mutual TLS (client certificate in /etc/docker-workbench/node-ca)";
const ready = (hostname: string, over: Partial<EngineNodeFacts> = {}): EngineNodeFacts => ({
  hostname,
  state: "ready",
  availability: "active",
  apiUrl: `tcp://${hostname}:2376`,
  apiAnswers: true,
  hasImage: true,
  ...over,
});

describe("reportEngineNodes", () => {
  it("fails with the label command when no node is labelled for engines", () => {
    const report = reportEngineNodes([], IMAGE, TLS);
    expect(report.ok).toBe(false);
    expect(report.fix).toContain("docker node update --label-add workbench.engines=true");
  });

  it("passes with usable nodes, naming a drained or down one without failing", () => {
    const report = reportEngineNodes([ready("w1"), ready("w2", { availability: "drain" }), ready("w3", { state: "down" })], IMAGE, TLS);
    expect(report).toEqual({ ok: true, detail: `${TLS}; 3 engine nodes: w1 (ready), w2 (drain), w3 (down)` });
  });

  it("fails, naming the node, when a usable node's Docker API does not answer the server", () => {
    const report = reportEngineNodes([ready("w1"), ready("w2", { apiAnswers: false, apiProblem: "its certificate has expired: issue it again" })], IMAGE, TLS);
    expect(report.ok).toBe(false);
    expect(report.detail).toContain("w2 (its Docker API at tcp://w2:2376: its certificate has expired: issue it again)");
    expect(report.fix).toContain("workbench.docker-api");
  });

  it("fails when every engine node is drained or down; a node without the image only says it is copied there", () => {
    expect(reportEngineNodes([ready("w1", { availability: "drain" })], IMAGE, TLS).ok).toBe(false);
    const report = reportEngineNodes([ready("w1", { hasImage: false })], IMAGE, TLS);
    expect(report.ok).toBe(true);
    expect(report.detail).toContain("copied there at its first engine");
  });
});
