/**
 * The server's client for a node's Docker API against a real TLS server standing for a node's
 * dockerd --tlsverify (Node's https, client certificate required): accepted with the node CA's
 * client certificate; a node certificate of another CA, or not naming the address, refused with the
 * doctor's words; plain http refused unless the operator opted out.
 */
import https from "node:https";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerForUrl, parseNodeApiUrl, type NodeApiAccess } from "./node-docker";
import { explainNodeApiError } from "./node-api-errors";
import { ensureServerClientCertificate, issueNodeCertificate, readNodeClientTls } from "./node-tls";

let root: string;
let access: NodeApiAccess;
const servers: https.Server[] = [];

/** A stand-in node answering GET /version over mutual TLS with the given server certificate folder and client CA. */
async function startNode(certDir: string, clientCa: Buffer): Promise<string> {
  const server = https.createServer(
    { key: await readFile(path.join(certDir, "key.pem")), cert: await readFile(path.join(certDir, "cert.pem")), ca: clientCa, requestCert: true, rejectUnauthorized: true },
    (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Version: "20.10.24", ApiVersion: "1.41" })),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error("the call was expected to fail");
    },
    (error: unknown) => error,
  );

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "wb-node-docker-test-"));
  await ensureServerClientCertificate(path.join(root, "ca"));
  await ensureServerClientCertificate(path.join(root, "other"));
  access = { tls: readNodeClientTls(path.join(root, "ca")), insecure: false };
}, 60_000);
afterAll(async () => {
  for (const server of servers) server.close();
  await rm(root, { recursive: true, force: true });
});

describe("a node's Docker API address", () => {
  it("is TLS for tcp:// on any port but 2375 (2376 by default) and https://, plain for http:// and tcp://…:2375", () => {
    expect(parseNodeApiUrl("tcp://10.0.0.12:2376")).toEqual({ host: "10.0.0.12", port: 2376, tls: true });
    expect(parseNodeApiUrl("tcp://10.0.0.12")).toEqual({ host: "10.0.0.12", port: 2376, tls: true });
    expect(parseNodeApiUrl("https://node12.lan:8443")).toEqual({ host: "node12.lan", port: 8443, tls: true });
    expect(parseNodeApiUrl("tcp://10.0.0.12:2375")).toEqual({ host: "10.0.0.12", port: 2375, tls: false });
    expect(parseNodeApiUrl("http://10.0.0.12")).toEqual({ host: "10.0.0.12", port: 2375, tls: false });
    expect(() => parseNodeApiUrl("unix:///var/run/docker.sock")).toThrow(/unsupported Docker API address/);
  });

  it("refuses plain http to a node unless WB_NODE_API_INSECURE=1, whose dockerode then speaks http", () => {
    expect(() => dockerForUrl("tcp://10.0.0.12:2375", access)).toThrow(
      /refusing plain http to the Docker API at tcp:\/\/10\.0\.0\.12:2375: it is root on that host.*WB_NODE_API_INSECURE=1 on an isolated test network only/,
    );
    expect(() => dockerForUrl("http://10.0.0.12", { insecure: false })).toThrow(/refusing plain http/);
    const plain = dockerForUrl("tcp://10.0.0.12:2375", { insecure: true });
    expect(plain.modem).toMatchObject({ protocol: "http", host: "10.0.0.12", port: 2375 });
  });

  it("says why a TLS address cannot be used when the server has no client certificate", () => {
    expect(() => dockerForUrl("tcp://10.0.0.12:2376", { insecure: true, tlsProblem: "the node CA's ca.crt cannot be read in /x" })).toThrow(
      "the Docker API at tcp://10.0.0.12:2376 needs the server's client certificate: the node CA's ca.crt cannot be read in /x",
    );
  });
});

describe("the server's client against a node's TLS API", () => {
  it("is served by a node whose certificate the node CA issued for its address", async () => {
    const nodeDir = await issueNodeCertificate(path.join(root, "ca"), "good", { ips: ["127.0.0.1"] });
    const url = await startNode(nodeDir, access.tls!.ca);
    expect(await dockerForUrl(url, access).version()).toMatchObject({ ApiVersion: "1.41" });
  }, 30_000);

  it("refuses a node whose certificate another CA issued", async () => {
    const nodeDir = await issueNodeCertificate(path.join(root, "other"), "stranger", { ips: ["127.0.0.1"] });
    const url = await startNode(nodeDir, access.tls!.ca);
    expect(explainNodeApiError(await failureOf(dockerForUrl(url, access).version()), url)).toMatch(/^its certificate is not from the workbench's node CA/);
  }, 30_000);

  it("refuses a node whose certificate names another address", async () => {
    const nodeDir = await issueNodeCertificate(path.join(root, "ca"), "elsewhere", { ips: ["10.9.9.9"], dnsNames: ["elsewhere.lan"] });
    const url = await startNode(nodeDir, access.tls!.ca);
    expect(explainNodeApiError(await failureOf(dockerForUrl(url, access).version()), url)).toBe(
      `its certificate does not name the address the server uses (${url}): issue it again with that --ip or --dns`,
    );
  }, 30_000);

  it("is refused by a node that trusts another CA for its clients", async () => {
    const nodeDir = await issueNodeCertificate(path.join(root, "ca"), "picky", { ips: ["127.0.0.1"] });
    const url = await startNode(nodeDir, readNodeClientTls(path.join(root, "other")).ca);
    expect(explainNodeApiError(await failureOf(dockerForUrl(url, access).version()), url)).toMatch(
      /refusing the server's client certificate: give the node's dockerd --tlscacert the ca\.pem of the server's node CA/,
    );
  }, 30_000);
});

describe("explainNodeApiError", () => {
  it("says an expired certificate, a clock problem and a refused connection in an operator's words", () => {
    const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
    expect(explainNodeApiError(coded("CERT_HAS_EXPIRED"), "tcp://n:2376")).toMatch(/^its certificate has expired: issue it again/);
    expect(explainNodeApiError(coded("CERT_NOT_YET_VALID"), "tcp://n:2376")).toMatch(/clocks/);
    expect(explainNodeApiError(new Error("write EPROTO …:error:0A000415:SSL routines::sslv3 alert certificate expired"), "tcp://n:2376")).toMatch(/client certificate as expired/);
    expect(explainNodeApiError(coded("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.12:2376"), "tcp://n:2376")).toBe("nothing listens on that port");
  });
});
