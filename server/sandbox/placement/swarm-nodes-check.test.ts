import { describe, expect, it } from "vitest";
import { checkSwarmFromConfig } from "./swarm-nodes-check";

const IMAGE = "docker-workbench/engine:1";

describe("the doctor's swarm line from the configuration", () => {
  it("fails without calling a plain-http manager when WB_NODE_API_INSECURE is not set", async () => {
    const report = await checkSwarmFromConfig({ WB_SWARM_MANAGER: "tcp://10.0.0.1:2375", WB_NODE_TLS_DIR: "/nonexistent/node-ca", WB_NODE_API_INSECURE: false }, IMAGE);
    expect(report.ok).toBe(false);
    expect(report.detail).toMatch(/refusing plain http to the Docker API at tcp:\/\/10\.0\.0\.1:2375: it is root on that host/);
    expect(report.fix).toContain("node-ca-cli.ts init");
  });

  it("says the client certificate is missing, and where to make it, for a TLS manager", async () => {
    const report = await checkSwarmFromConfig({ WB_SWARM_MANAGER: "tcp://10.0.0.1:2376", WB_NODE_TLS_DIR: "/nonexistent/node-ca", WB_NODE_API_INSECURE: false }, IMAGE);
    expect(report.ok).toBe(false);
    expect(report.detail).toContain("needs the server's client certificate: the node CA's ca.crt cannot be read in /nonexistent/node-ca (ENOENT)");
  });
});
