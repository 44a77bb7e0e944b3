import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "./node-ca-cli";

let dir: string;
beforeAll(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), "wb-node-ca-cli-")), "node-ca");
});
afterAll(() => rm(path.dirname(dir), { recursive: true, force: true }));

describe("node-ca-cli", () => {
  it("init makes the CA and the client certificate; node NAME --ip --dns makes that node's certificate", async () => {
    const said = vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(await main(["init"], dir)).toBe(0);
    expect(await main(["node", "node12", "--ip", "10.0.0.12", "--dns", "node12.lan"], dir)).toBe(0);
    said.mockRestore();
    const node = new X509Certificate(await readFile(path.join(dir, "node12", "cert.pem")));
    expect(node.subjectAltName).toBe("IP Address:10.0.0.12, DNS:node12.lan");
    expect(node.checkIssued(new X509Certificate(await readFile(path.join(dir, "ca.crt"))))).toBe(true);
  }, 30_000);

  it("answers a wrong command with its usage and status 2", async () => {
    const told = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await main(["node", "--ip", "10.0.0.12"], dir)).toBe(2);
    expect(told.mock.calls[0]?.[0]).toMatch(/^usage: node-ca-cli\.ts init \| node NAME --ip ADDRESS/);
    told.mockRestore();
  });
});
