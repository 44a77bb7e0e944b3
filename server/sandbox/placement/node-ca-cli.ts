/**
 * The operator's commands for the node CA (docs/scale-out.md, "Adding a node", step 3), run as root
 * on the server:
 *   npx tsx server/sandbox/placement/node-ca-cli.ts init
 *       the CA and the server's client certificate in WB_NODE_TLS_DIR (default /etc/docker-workbench/node-ca), once
 *   npx tsx server/sandbox/placement/node-ca-cli.ts node NAME --ip 10.0.0.12 [--ip …] [--dns name …]
 *       NAME's server certificate in WB_NODE_TLS_DIR/NAME/ (ca.pem, cert.pem, key.pem: copy them to the node's /etc/docker/tls/)
 */
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { DEFAULT_NODE_TLS_DIR, ensureServerClientCertificate, issueNodeCertificate } from "./node-tls";
import { runAsScript } from "../../run-as-script";

function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag && args[i + 1] !== undefined ? [args[i + 1]!] : []));
}

function describeCertificate(file: string): string {
  const cert = new X509Certificate(readFileSync(file));
  return `${file}: ${cert.subject.replace(/\n/g, ", ")}${cert.subjectAltName ? `, ${cert.subjectAltName}` : ""}, valid until ${cert.validTo}`;
}

export async function main(argv: string[], dir = process.env.WB_NODE_TLS_DIR || DEFAULT_NODE_TLS_DIR): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "init") {
    await ensureServerClientCertificate(dir);
    console.log(describeCertificate(path.join(dir, "ca.crt")));
    console.log(describeCertificate(path.join(dir, "client.crt")));
    return 0;
  }
  if (command === "node" && rest[0] && !rest[0].startsWith("--")) {
    const nodeDir = await issueNodeCertificate(dir, rest[0], { ips: valuesOf(rest, "--ip"), dnsNames: valuesOf(rest, "--dns") });
    console.log(describeCertificate(path.join(nodeDir, "cert.pem")));
    console.log(`copy ${nodeDir}/{ca.pem,cert.pem,key.pem} to the node's /etc/docker/tls/ (key.pem mode 0600)`);
    return 0;
  }
  console.error("usage: node-ca-cli.ts init | node NAME --ip ADDRESS [--ip …] [--dns NAME …]   (folder: WB_NODE_TLS_DIR, default " + DEFAULT_NODE_TLS_DIR + ")");
  return 2;
}

runAsScript(import.meta.url, main);
