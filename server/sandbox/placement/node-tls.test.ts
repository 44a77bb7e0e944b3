import { X509Certificate } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureNodeCa, ensureServerClientCertificate, issueNodeCertificate, readNodeClientTls } from "./node-tls";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
const DAY_MS = 24 * 3600 * 1000;

let root: string;
let dir: string;
const cert = async (file: string) => new X509Certificate(await readFile(path.join(dir, file)));
const mode = async (file: string) => (await stat(path.join(dir, file))).mode & 0o777;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "wb-node-tls-test-"));
  dir = path.join(root, "node-ca");
  await ensureServerClientCertificate(dir);
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe("the node CA", () => {
  it("is a CA of its own, in a folder only root reads, its keys 0600", async () => {
    const ca = await cert("ca.crt");
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain("docker-workbench node CA");
    expect(await mode(".")).toBe(0o700);
    expect(await mode("ca.key")).toBe(0o600);
    expect(await mode("client.key")).toBe(0o600);
  });

  it("makes the server's client certificate for client authentication only, issued by the CA, valid 825 days", async () => {
    const client = await cert("client.crt");
    expect(client.keyUsage).toEqual([CLIENT_AUTH]);
    expect(client.ca).toBe(false);
    expect(client.checkIssued(await cert("ca.crt"))).toBe(true);
    expect(client.verify((await cert("ca.crt")).publicKey)).toBe(true);
    const days = (Date.parse(client.validTo) - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(824);
    expect(days).toBeLessThan(826);
  });

  it("keeps what exists: a second init changes neither the CA nor the client certificate", async () => {
    const before = [await readFile(path.join(dir, "ca.crt")), await readFile(path.join(dir, "client.crt"))];
    await ensureServerClientCertificate(dir);
    await ensureNodeCa(dir);
    expect(await readFile(path.join(dir, "ca.crt"))).toEqual(before[0]);
    expect(await readFile(path.join(dir, "client.crt"))).toEqual(before[1]);
  });

  it("makes a node's server certificate naming its addresses, for server authentication, with the CA beside it", async () => {
    const nodeDir = await issueNodeCertificate(dir, "node12", { ips: ["10.0.0.12"], dnsNames: ["node12.school.lan"] }, 30);
    expect(nodeDir).toBe(path.join(dir, "node12"));
    const node = await cert("node12/cert.pem");
    expect(node.subjectAltName).toBe("IP Address:10.0.0.12, DNS:node12.school.lan");
    expect(node.keyUsage).toEqual([SERVER_AUTH]);
    expect(node.checkIP("10.0.0.12")).toBe("10.0.0.12");
    expect(node.checkIP("10.0.0.13")).toBeUndefined();
    expect(node.checkHost("node12.school.lan")).toBe("node12.school.lan");
    expect(node.checkIssued(await cert("ca.crt"))).toBe(true);
    expect(Math.round((Date.parse(node.validTo) - Date.now()) / DAY_MS)).toBe(30);
    expect(await readFile(path.join(nodeDir, "ca.pem"))).toEqual(await readFile(path.join(dir, "ca.crt")));
    expect(await mode("node12/key.pem")).toBe(0o600);
    expect(await mode("node12")).toBe(0o700);
  });

  it("refuses names that are not addresses, and a certificate naming nothing", async () => {
    await expect(issueNodeCertificate(dir, "n", { ips: ["10.0.0.300x"] })).rejects.toThrow(/not an IP address/);
    await expect(issueNodeCertificate(dir, "n", { dnsNames: ["bad name,DNS:evil"] })).rejects.toThrow(/not a DNS name/);
    await expect(issueNodeCertificate(dir, "../etc", { ips: ["10.0.0.1"] })).rejects.toThrow(/node name/);
    await expect(issueNodeCertificate(dir, "n", {})).rejects.toThrow(/at least one IP address or DNS name/);
  });

  it("reads the server's client TLS, and says how to make it when the folder has none", async () => {
    const tls = readNodeClientTls(dir);
    expect(new X509Certificate(tls.cert).keyUsage).toEqual([CLIENT_AUTH]);
    expect(() => readNodeClientTls(path.join(root, "missing"))).toThrow(/ca\.crt cannot be read in .*missing \(ENOENT\): make it with npx tsx server\/sandbox\/placement\/node-ca-cli\.ts init/);
  });

  it("refuses an expired client certificate, saying when it expired and what to do", () => {
    const in900Days = new Date(Date.now() + 900 * DAY_MS);
    expect(() => readNodeClientTls(dir, in900Days)).toThrow(/client\.crt expired on .*GMT: the nodes refuse it\. Move the old client\.crt and client\.key aside and run node-ca-cli\.ts init again/);
    expect(() => readNodeClientTls(dir, new Date(Date.now() + 800 * DAY_MS))).not.toThrow();
  });

  it("refuses a client certificate another CA issued", async () => {
    const other = path.join(root, "other-ca");
    await ensureServerClientCertificate(other);
    const mixed = path.join(root, "mixed");
    await ensureNodeCa(mixed);
    await copyFile(path.join(other, "client.crt"), path.join(mixed, "client.crt"));
    await copyFile(path.join(other, "client.key"), path.join(mixed, "client.key"));
    expect(() => readNodeClientTls(mixed)).toThrow(/was not issued by/);
  }, 30_000);
});
