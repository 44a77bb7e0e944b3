/**
 * Certificate ends with real certificates made by node-tls (a client certificate of 10 days, a
 * node's server certificate of 5 days, served by a real TLS server that asks for the client's):
 * what the server logs daily and after a refusal, and what the doctor says, with the fix.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureNodeCa, ensureServerClientCertificate, issueNodeCertificate, readNodeClientTls, type NodeClientTls } from "./node-tls";
import { EXPIRY_WARNING_DAYS, NodeCertificateWatch, clientCertificateEnds, expiryFindings, isTlsRefusal, nodeServerCertificateEnd, reportClientCertificates } from "./node-cert-expiry";
import { reportEngineNodes } from "./swarm-nodes-report";
import { recordingLogger } from "../testing/test-engines";

const DAY_MS = 24 * 3600 * 1000;
let root: string;
let dir: string;
let client: NodeClientTls;
let node: tls.Server;
let apiUrl: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "wb-node-cert-expiry-"));
  dir = path.join(root, "node-ca");
  await ensureNodeCa(dir, 400);
  await ensureServerClientCertificate(dir, 10);
  client = readNodeClientTls(dir);
  const nodeDir = await issueNodeCertificate(dir, "node7", { ips: ["127.0.0.1"] }, 5);
  // A node's Docker API as dockerd --tlsverify serves it: its certificate, the node CA, a client certificate required.
  node = tls.createServer(
    {
      key: readFileSync(path.join(nodeDir, "key.pem")),
      cert: readFileSync(path.join(nodeDir, "cert.pem")),
      ca: readFileSync(path.join(nodeDir, "ca.pem")),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (socket) => socket.end(),
  );
  await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));
  apiUrl = `tcp://127.0.0.1:${(node.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => node.close(resolve));
  await rm(root, { recursive: true, force: true });
});

const days = (date: Date) => (date.getTime() - Date.now()) / DAY_MS;

describe("the node certificates' ends", () => {
  it("are read from the client certificate, the CA and a node's TLS handshake", async () => {
    const ends = clientCertificateEnds(dir);
    expect(ends.map((e) => e.what)).toEqual(["the server's client certificate", "the node CA"]);
    expect(days(ends[0]!.validTo)).toBeCloseTo(10, 0);
    expect(days(ends[1]!.validTo)).toBeCloseTo(400, 0);
    // The same from the certificates the server holds (read at start, as root), without the files.
    expect(clientCertificateEnds(path.join(root, "elsewhere"), client).map((e) => e.validTo)).toEqual(ends.map((e) => e.validTo));
    const served = await nodeServerCertificateEnd(apiUrl, client);
    expect(days(served!)).toBeCloseTo(5, 0);
    expect(await nodeServerCertificateEnd("tcp://127.0.0.1:1", client, 2_000)).toBeUndefined(); // nothing listens: not read
  });

  it("are said from 30 days before (a warning) and once past (an error), each with its fix", () => {
    const ends = clientCertificateEnds(dir);
    expect(expiryFindings(ends, new Date(Date.now() - 30 * DAY_MS))).toEqual([]); // 40 days left: nothing said
    const soon = expiryFindings(ends);
    expect(soon).toHaveLength(1);
    expect(soon[0]).toMatchObject({ what: "the server's client certificate", expired: false, daysLeft: 9 });
    expect(soon[0]!.message).toMatch(
      /^the server's client certificate \(.*client\.crt\) expires on \d{4}-\d\d-\d\d, in 9 days: then the nodes refuse it\. Fix: delete client\.crt and client\.key .*node-ca-cli\.ts init/,
    );
    const later = expiryFindings(ends, new Date(Date.now() + 11 * DAY_MS));
    expect(later[0]).toMatchObject({ expired: true });
    expect(later[0]!.message).toMatch(/^the server's client certificate \(.*\) expired on .*: the nodes refuse it\. Fix: /);
    const caEnd = expiryFindings(ends, new Date(Date.now() + 390 * DAY_MS)).find((f) => f.what === "the node CA")!;
    expect(caEnd.fix).toContain("issue every node's certificate again");
    expect(EXPIRY_WARNING_DAYS).toBe(30);
  });

  it("are logged by the server's watch: the client certificate and the node's, then again after a node refuses the TLS handshake", async () => {
    const { log, lines } = recordingLogger();
    const watch = new NodeCertificateWatch({ dir, log, client, nodes: async () => [{ hostname: "node7", apiUrl }], refusalEveryMs: 60_000 });
    const findings = await watch.check();
    expect(findings.map((f) => f.what).sort()).toEqual(["node7's server certificate", "the server's client certificate"]);
    const warned = lines.filter((l) => l.level === "warn");
    expect(warned).toHaveLength(2);
    expect(warned.find((l) => l["certificate"] === "node7's server certificate")).toMatchObject({ where: apiUrl, daysLeft: 4 });
    expect(String(warned.find((l) => l["certificate"] === "node7's server certificate")!["fix"])).toContain("node-ca-cli.ts node node7");

    // Two months on: both have ended, said as errors.
    const expired = recordingLogger();
    const late = new NodeCertificateWatch({ dir, log: expired.log, client, nodes: async () => [{ hostname: "node7", apiUrl }], now: () => new Date(Date.now() + 60 * DAY_MS) });
    late.noteRefusal(Object.assign(new Error("certificate has expired"), { code: "CERT_HAS_EXPIRED" }));
    await late.check();
    expect(expired.lines.filter((l) => l.level === "error").map((l) => l["certificate"])).toEqual(expect.arrayContaining(["the server's client certificate", "node7's server certificate"]));
    late.noteRefusal(new Error("connect ECONNREFUSED")); // not TLS: no new check
    late.noteRefusal(Object.assign(new Error("x"), { code: "CERT_HAS_EXPIRED" })); // within a minute of the last: no new check
    await late.check();
    expect(expired.lines.filter((l) => l.level === "error")).toHaveLength(4); // the refusal's check and the one asked for, not more
    expect(isTlsRefusal(new Error("write EPROTO ... alert certificate expired"))).toBe(true);
    expect(isTlsRefusal(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(false);
  });

  it("are in the doctor's lines: the client certificate's, and a node's in the swarm line, with the fix", () => {
    const report = reportClientCertificates(dir);
    expect(report.ok).toBe(false);
    expect(report.detail).toMatch(/client\.crt\) expires on .*, in 9 days/);
    expect(report.fix).toContain("node-ca-cli.ts init");
    expect(reportClientCertificates(dir, new Date(Date.now() - 30 * DAY_MS))).toMatchObject({ ok: true, detail: expect.stringMatching(/client\.crt valid until .*, ca\.crt valid until/) });
    expect(reportClientCertificates(path.join(root, "none")).ok).toBe(false);

    const swarm = reportEngineNodes(
      [{ hostname: "node7", state: "ready", availability: "active", apiUrl, apiAnswers: true, hasImage: true, certificateEnd: new Date(Date.now() + 4.5 * DAY_MS) }],
      "img",
      "mutual TLS",
    );
    expect(swarm.ok).toBe(true); // it still works
    expect(swarm.detail).toMatch(/node7 \(ready; its certificate expires on .*, in 4 days: issue it again on the server \(.*node-ca-cli\.ts node node7 --ip …\)/);
    expect(
      reportEngineNodes([{ hostname: "node7", state: "ready", availability: "active", apiUrl, apiAnswers: true, certificateEnd: new Date(Date.now() + 400 * DAY_MS) }], "img", "mutual TLS").detail,
    ).toContain("node7 (ready)");
  });
});
