/**
 * The node CA's certificates expire (the server's client certificate after 825 days, the CA after
 * ten years, each node's server certificate after 825 days): a workbench running for months finds
 * one day every node refusing it. The server checks them at start, then daily and whenever a node
 * refuses the TLS handshake: a warning from EXPIRY_WARNING_DAYS before the end, an error once it
 * has passed, each with the fix (node-ca-cli.ts). A node's server certificate is read from the TLS
 * handshake with it (the server holds no copy it could trust to be the one the node serves).
 * The doctor says the same (its "node certificates" line, and the swarm line per node).
 */
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import tls from "node:tls";
import type { Logger } from "../../logger";
import type { NodeClientTls } from "./node-tls";
import { parseNodeApiUrl } from "./node-docker";

/** Said from this many days before a certificate ends. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
const CLI = "npx tsx server/sandbox/placement/node-ca-cli.ts";

export interface CertificateEnd {
  /** How the messages name it: "the server's client certificate", "the node CA", "node-2's server certificate". */
  what: string;
  /** Where it is (a file of WB_NODE_TLS_DIR, or the node's API address). */
  where: string;
  validTo: Date;
  /** The fix when it ends soon or has ended. */
  fix: string;
}

export interface ExpiryFinding extends CertificateEnd {
  expired: boolean;
  /** Whole days left (0 on its last day; negative once expired). */
  daysLeft: number;
  /** One sentence for a log line or the doctor. */
  message: string;
}

const CLIENT_FIX = `delete client.crt and client.key in WB_NODE_TLS_DIR, run ${CLI} init (the nodes keep their certificates: the CA is the same), then restart the workbench`;
const CA_FIX = `move WB_NODE_TLS_DIR aside, run ${CLI} init, issue every node's certificate again (${CLI} node NAME --ip …), copy them to the nodes, restart their dockerd, then restart the workbench`;
export const nodeCertificateFix = (node: string) => `issue it again on the server (${CLI} node ${node} --ip …), copy it to the node's /etc/docker/tls/ and restart its dockerd`;

/**
 * When the server's client certificate and the node CA end: from the certificates it holds (read at
 * start, before it left root; the folder is root's alone), or from the files of `dir` (the doctor,
 * run as root); a file that cannot be read is left out (readNodeClientTls says why).
 */
export function clientCertificateEnds(dir: string, held?: Pick<NodeClientTls, "ca" | "cert">): CertificateEnd[] {
  const ends: CertificateEnd[] = [];
  for (const [file, what, fix, pem] of [
    ["client.crt", "the server's client certificate", CLIENT_FIX, held?.cert],
    ["ca.crt", "the node CA", CA_FIX, held?.ca],
  ] as const) {
    const where = path.join(dir, file);
    try {
      ends.push({ what, where, validTo: new Date(new X509Certificate(pem ?? readFileSync(where)).validTo), fix });
    } catch {
      // missing or unreadable: said elsewhere (the swarm line's "no client certificate")
    }
  }
  return ends;
}

/** The certificates that end within `warnDays` of `now`, or have ended, each with its sentence. */
export function expiryFindings(ends: readonly CertificateEnd[], now = new Date(), warnDays = EXPIRY_WARNING_DAYS): ExpiryFinding[] {
  return ends.flatMap((end) => {
    const leftMs = end.validTo.getTime() - now.getTime();
    if (leftMs > warnDays * DAY_MS) return [];
    const expired = leftMs <= 0;
    const daysLeft = Math.floor(leftMs / DAY_MS);
    const on = end.validTo.toISOString().slice(0, 10);
    const message = expired
      ? `${end.what} (${end.where}) expired on ${on}: the nodes refuse it. Fix: ${end.fix}`
      : `${end.what} (${end.where}) expires on ${on}, in ${daysLeft === 0 ? "less than a day" : `${daysLeft} day${daysLeft === 1 ? "" : "s"}`}: then the nodes refuse it. Fix: ${end.fix}`;
    return [{ ...end, expired, daysLeft, message }];
  });
}

/** When the certificate a node's Docker API serves ends, read from the TLS handshake (trusting the node CA only); undefined when it cannot be read. */
export function nodeServerCertificateEnd(apiUrl: string, client: NodeClientTls, timeoutMs = 5_000): Promise<Date | undefined> {
  let address: ReturnType<typeof parseNodeApiUrl>;
  try {
    address = parseNodeApiUrl(apiUrl);
  } catch {
    return Promise.resolve(undefined);
  }
  if (!address.tls) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    // Not verified here: an expired certificate is exactly what this reads (the Docker client verifies it).
    const socket = tls.connect({ host: address.host, port: address.port, ca: client.ca, cert: client.cert, key: client.key, rejectUnauthorized: false });
    const done = (end: Date | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(end);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once("secureConnect", () => {
      const validTo = socket.getPeerCertificate()?.valid_to;
      done(validTo ? new Date(validTo) : undefined);
    });
    socket.once("error", () => done(undefined));
  });
}

export interface NodeCertificateWatchOptions {
  /** WB_NODE_TLS_DIR. */
  dir: string;
  log: Logger;
  /** The client certificate and CA the server uses (read at start); none: the files of `dir`, and the nodes' certificates are not read. */
  client?: NodeClientTls;
  /** The engine nodes' Docker APIs, to read their certificates; none: not checked. */
  nodes?: () => Promise<{ hostname: string; apiUrl: string }[]>;
  everyMs?: number;
  /** A refusal checks again at most this often. */
  refusalEveryMs?: number;
  now?: () => Date;
}

/** Checks the certificates now, then every `everyMs` (a day) and after a node's TLS refusal, logging what ends soon or has ended. */
export class NodeCertificateWatch {
  private timer: NodeJS.Timeout | undefined;
  private lastRefusalCheck = -Infinity;
  private running: Promise<ExpiryFinding[]> | undefined;

  constructor(private readonly options: NodeCertificateWatchOptions) {}

  start(): this {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.everyMs ?? DAY_MS);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A node refused the server (or its certificate): checks again now, unless it did within refusalEveryMs. */
  noteRefusal(error: unknown): void {
    if (!isTlsRefusal(error)) return;
    const now = (this.options.now?.() ?? new Date()).getTime();
    if (now - this.lastRefusalCheck < (this.options.refusalEveryMs ?? 60_000)) return;
    this.lastRefusalCheck = now;
    void this.check();
  }

  /** Logs each certificate that ends within EXPIRY_WARNING_DAYS (warn) or has ended (error); returns them. */
  check(): Promise<ExpiryFinding[]> {
    this.running ??= this.checkNow().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkNow(): Promise<ExpiryFinding[]> {
    const { dir, log, client, nodes } = this.options;
    const ends = clientCertificateEnds(dir, client);
    if (client && nodes) {
      const known = await nodes().catch(() => []);
      const served = await Promise.all(
        known.map(async (node) => {
          const validTo = await nodeServerCertificateEnd(node.apiUrl, client);
          return validTo ? [{ what: `${node.hostname}'s server certificate`, where: node.apiUrl, validTo, fix: nodeCertificateFix(node.hostname) }] : [];
        }),
      );
      ends.push(...served.flat());
    }
    const findings = expiryFindings(ends, this.options.now?.() ?? new Date());
    for (const finding of findings) {
      const fields = { certificate: finding.what, where: finding.where, validTo: finding.validTo.toISOString(), daysLeft: finding.daysLeft, fix: finding.fix };
      if (finding.expired) log.error(`node TLS certificate expired: ${finding.message}`, fields);
      else log.warn(`node TLS certificate expires soon: ${finding.message}`, fields);
    }
    return findings;
  }
}

/** Whether an error of a node's API is its TLS handshake refusing (or a certificate problem), as explainNodeApiError tells them. */
export function isTlsRefusal(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? "";
  const message = String((error as Error)?.message ?? error);
  return /^(CERT_|ERR_TLS_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/.test(code) || /alert|certificate|handshake|ssl|tls/i.test(message);
}

/** The doctor's line on the server's client certificate and the node CA (files of `dir`): when each ends, and the fix when that is near or past. */
export function reportClientCertificates(dir: string, now = new Date()): { ok: boolean; detail: string; fix?: string } {
  const ends = clientCertificateEnds(dir);
  if (ends.length === 0) return { ok: false, detail: `no client certificate can be read in ${dir}`, fix: `${CLI} init on the server (docs/scale-out.md, Adding a node, step 3)` };
  const findings = expiryFindings(ends, now);
  if (findings.length === 0) {
    const until = ends.map((end) => `${path.basename(end.where)} valid until ${end.validTo.toISOString().slice(0, 10)}`).join(", ");
    return { ok: true, detail: `${until} (said from ${EXPIRY_WARNING_DAYS} days before)` };
  }
  return { ok: false, detail: findings.map((f) => f.message.replace(/ Fix: .*$/, "")).join("; "), fix: findings.map((f) => f.fix).join("; and ") };
}
