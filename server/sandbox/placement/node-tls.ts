/**
 * The node CA: mutual TLS between the server and each swarm node's Docker API (docs/scale-out.md,
 * "Adding a node", step 3). A CA of its own, kept apart from the set-up's CA
 * (../infra-image/workbench-ca.sh, name-constrained to wordpress.org): it signs the server's client
 * certificate (extendedKeyUsage clientAuth) and each node's server certificate (serverAuth, with the
 * node's addresses as subjectAltName). Made with openssl (EC P-256); the folder is root's alone
 * (0700), every key 0600. Each step is idempotent: what exists is kept.
 *
 * Files in the folder: ca.crt, ca.key (the CA), client.crt, client.key (the server's), and for a node
 * NAME: NAME/ca.pem, NAME/cert.pem, NAME/key.pem (what dockerd's --tlscacert, --tlscert, --tlskey take).
 */
import { execFile } from "node:child_process";
import { X509Certificate, randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the server keeps the node CA when WB_NODE_TLS_DIR is not set. */
export const DEFAULT_NODE_TLS_DIR = "/etc/docker-workbench/node-ca";
const CA_DAYS = 3650;
const LEAF_DAYS = 825;
const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** What a node's certificate names: the addresses the server uses to reach its Docker API. */
export interface NodeNames {
  ips?: readonly string[];
  dnsNames?: readonly string[];
}

/** The server's side of the mutual TLS, as dockerode takes it. */
export interface NodeClientTls {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args, { timeout: 30_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** The folder, root's alone: made 0700, or made 0700 again when it exists. */
async function privateFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** The CA (ca.crt, ca.key) in `dir`, made once. */
export async function ensureNodeCa(dir: string, days = CA_DAYS): Promise<void> {
  await privateFolder(dir);
  const [key, cert] = [path.join(dir, "ca.key"), path.join(dir, "ca.crt")];
  if ((await exists(key)) && (await exists(cert))) return;
  await openssl([
    "req",
    "-x509",
    ...EC_KEY,
    "-days",
    String(days),
    "-subj",
    "/CN=docker-workbench node CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE,pathlen:0",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  await chmod(key, 0o600);
}

/** Signs a new key's certificate with the CA of `dir`; the key is written 0600 before anything reads it. */
async function issue(dir: string, subject: string, extensions: string, out: { cert: string; key: string }, days: number): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "wb-node-tls-"));
  try {
    const csr = path.join(work, "req.csr");
    const ext = path.join(work, "ext.cnf");
    await openssl(["req", ...EC_KEY, "-subj", subject, "-keyout", out.key, "-out", csr]);
    await chmod(out.key, 0o600);
    await writeFile(ext, extensions, { mode: 0o600 });
    // Written aside, then renamed: whoever waits for the certificate never reads half of one.
    const signed = path.join(work, "signed.pem");
    await openssl([
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      path.join(dir, "ca.crt"),
      "-CAkey",
      path.join(dir, "ca.key"),
      "-set_serial",
      `0x${randomSerial()}`,
      "-days",
      String(days),
      "-extfile",
      ext,
      "-out",
      signed,
    ]);
    const aside = `${out.cert}.new`;
    await writeFile(aside, await readFile(signed), { mode: 0o644 });
    await rename(aside, out.cert);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function randomSerial(): string {
  return randomBytes(16)
    .toString("hex")
    .replace(/^[89a-f]/, "1");
}

/** The server's client certificate (client.crt, client.key), made once; the CA is made first when missing. */
export async function ensureServerClientCertificate(dir: string, days = LEAF_DAYS): Promise<void> {
  await ensureNodeCa(dir);
  const out = { cert: path.join(dir, "client.crt"), key: path.join(dir, "client.key") };
  if ((await exists(out.cert)) && (await exists(out.key))) return;
  await issue(dir, "/CN=docker-workbench server", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n", out, days);
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+$/i;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const NODE_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/i;

/**
 * A node's server certificate for the given addresses, in `dir/NAME/` (ca.pem, cert.pem, key.pem,
 * to be copied to the node). Made anew each call: a node's addresses may change. Returns that folder.
 */
export async function issueNodeCertificate(dir: string, name: string, names: NodeNames, days = LEAF_DAYS): Promise<string> {
  if (!NODE_NAME.test(name)) throw new Error(`node name ${JSON.stringify(name)}: letters, digits, '.', '_' and '-' only`);
  const ips = names.ips ?? [];
  const dnsNames = names.dnsNames ?? [];
  for (const ip of ips) if (!IPV4.test(ip) && !(ip.includes(":") && IPV6.test(ip))) throw new Error(`${JSON.stringify(ip)} is not an IP address`);
  for (const dns of dnsNames) if (!DNS_NAME.test(dns)) throw new Error(`${JSON.stringify(dns)} is not a DNS name`);
  if (ips.length + dnsNames.length === 0) throw new Error("a node's certificate needs at least one IP address or DNS name: the one the server connects to");
  await ensureNodeCa(dir);
  const nodeDir = path.join(dir, name);
  await privateFolder(nodeDir);
  await writeFile(path.join(nodeDir, "ca.pem"), await readFile(path.join(dir, "ca.crt")), { mode: 0o644 });
  const altNames = [...ips.map((ip) => `IP:${ip}`), ...dnsNames.map((dns) => `DNS:${dns}`)].join(",");
  await issue(
    dir,
    `/CN=${name}`,
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames}\n`,
    { cert: path.join(nodeDir, "cert.pem"), key: path.join(nodeDir, "key.pem") },
    days,
  );
  return nodeDir;
}

/** The server's client certificate, key and the CA from `dir`; a clear error when they are missing, expired or not of that CA. */
export function readNodeClientTls(dir: string, now = new Date()): NodeClientTls {
  const read = (file: string) => {
    try {
      return readFileSync(path.join(dir, file));
    } catch (error) {
      throw new Error(
        `the node CA's ${file} cannot be read in ${dir} (${(error as NodeJS.ErrnoException).code ?? error}): make it with npx tsx server/sandbox/placement/node-ca-cli.ts init (WB_NODE_TLS_DIR names the folder)`,
        { cause: error },
      );
    }
  };
  const tls = { ca: read("ca.crt"), cert: read("client.crt"), key: read("client.key") };
  const cert = new X509Certificate(tls.cert);
  for (const [file, which] of [
    ["client.crt", cert],
    ["ca.crt", new X509Certificate(tls.ca)],
  ] as const) {
    if (Date.parse(which.validTo) <= now.getTime()) {
      throw new Error(
        `${path.join(dir, file)} expired on ${which.validTo}: the nodes refuse it. Move the old ${file === "ca.crt" ? "CA and every certificate" : "client.crt and client.key"} aside and run node-ca-cli.ts init again`,
      );
    }
  }
  if (!cert.checkIssued(new X509Certificate(tls.ca)))
    throw new Error(`${path.join(dir, "client.crt")} was not issued by ${path.join(dir, "ca.crt")}: make the client certificate again (delete both, then node-ca-cli.ts init)`);
  return tls;
}
