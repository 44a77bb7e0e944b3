import https from "node:https";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSwarmFromConfig } from "./swarm-nodes-check";
import { ensureServerClientCertificate, issueNodeCertificate } from "./node-tls";

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

  it("says, for a manager whose certificate another CA signed, that it is not from the node CA", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "wb-swarm-check-test-"));
    const server = https.createServer({}, (_req, res) => res.end("{}"));
    try {
      await ensureServerClientCertificate(path.join(root, "ca"));
      const stranger = await issueNodeCertificate(path.join(root, "other"), "manager", { ips: ["127.0.0.1"] });
      server.setSecureContext({ key: await readFile(path.join(stranger, "key.pem")), cert: await readFile(path.join(stranger, "cert.pem")) });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const report = await checkSwarmFromConfig({ WB_SWARM_MANAGER: url, WB_NODE_TLS_DIR: path.join(root, "ca"), WB_NODE_API_INSECURE: false }, IMAGE);
      expect(report.ok).toBe(false);
      expect(report.detail).toMatch(/^the swarm manager \(WB_SWARM_MANAGER\): its certificate is not from the workbench's node CA/);
    } finally {
      server.close();
      await rm(root, { recursive: true, force: true });
    }
  }, 30_000);
});
