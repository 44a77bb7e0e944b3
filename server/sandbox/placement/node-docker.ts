/**
 * dockerode for a swarm node's Docker API, from its URL. A Docker API is root on its host, so the
 * server speaks to it with mutual TLS (./node-tls.ts): `https://host:port`, or `tcp://host:port` on
 * any port but 2375 (Docker's convention: 2376 with TLS, 2375 without). Plain http (`http://…`,
 * `tcp://…:2375`) is refused unless the operator opted out with WB_NODE_API_INSECURE=1, meant for
 * an isolated test network only.
 */
import Docker from "dockerode";
import type { NodeClientTls } from "./node-tls";

const PLAIN_PORT = 2375;
const TLS_PORT = 2376;

/** How the server reaches the nodes' Docker APIs: its client certificate, or why it has none; and whether plain http is allowed. */
export interface NodeApiAccess {
  tls?: NodeClientTls;
  /** Why `tls` is missing (e.g. the CA folder cannot be read): said when a TLS address is used. */
  tlsProblem?: string;
  /** WB_NODE_API_INSECURE=1: plain http to a node is allowed. */
  insecure: boolean;
}

export interface NodeApiAddress {
  host: string;
  port: number;
  tls: boolean;
}

export function parseNodeApiUrl(url: string): NodeApiAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${JSON.stringify(url)} is not a Docker API address (tcp://host:2376 or https://host:port)`);
  }
  if (!["tcp:", "http:", "https:"].includes(parsed.protocol) || !parsed.hostname)
    throw new Error(`unsupported Docker API address ${url}: tcp://host:2376 or https://host:port (the nodes' private network)`);
  const explicitPort = parsed.port ? Number(parsed.port) : undefined;
  const tls = parsed.protocol === "https:" || (parsed.protocol === "tcp:" && explicitPort !== PLAIN_PORT);
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"), port: explicitPort ?? (tls ? TLS_PORT : PLAIN_PORT), tls };
}

/** Says how the server reaches the nodes, for the doctor and the logs. */
export function describeNodeApiAccess(access: NodeApiAccess, tlsDir: string): string {
  if (access.tls) return `mutual TLS (client certificate in ${tlsDir})${access.insecure ? "; plain http also allowed (WB_NODE_API_INSECURE=1)" : ""}`;
  return access.insecure ? "plain http allowed (WB_NODE_API_INSECURE=1), no client certificate" : `no client certificate (${access.tlsProblem ?? "none"})`;
}

export function dockerForUrl(url: string, access: NodeApiAccess): Docker {
  const address = parseNodeApiUrl(url);
  if (!address.tls) {
    if (!access.insecure) {
      throw new Error(
        `refusing plain http to the Docker API at ${url}: it is root on that host. Use mutual TLS (tcp://host:2376, docs/scale-out.md step 3), or set WB_NODE_API_INSECURE=1 on an isolated test network only`,
      );
    }
    return new Docker({ protocol: "http", host: address.host, port: address.port });
  }
  if (!access.tls) throw new Error(`the Docker API at ${url} needs the server's client certificate: ${access.tlsProblem ?? "none is configured"}`);
  return new Docker({ protocol: "https", host: address.host, port: address.port, ca: access.tls.ca, cert: access.tls.cert, key: access.tls.key });
}
