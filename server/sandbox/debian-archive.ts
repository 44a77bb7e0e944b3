/**
 * The checksums Debian itself published for a package's files: the `md5sums` member of the
 * package's .deb, fetched by the server from the Debian archive (the host's mirrors, then
 * deb.debian.org) and read with the host's own `dpkg-deb`. The grader compares a student's files
 * with these, never with /var/lib/dpkg/info/*.md5sums of the student's image, which the student can
 * rewrite along with the program they replaced.
 *
 * What the image claims (name, version, architecture, source) only chooses the URL: a version Debian
 * never published is not found, and a real version's checksums are Debian's. Answers are kept in
 * memory and on disk (<DATA_DIR>/debian-md5sums), one small file per package version.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile, mkdtemp } from "node:fs/promises";
import { readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { logger as log } from "../logger";

const run = promisify(execFile);

/** A package as dpkg's status file of the image describes it. */
export interface InstalledPackage {
  name: string;
  arch: string;
  version: string;
  /** The source package's name (dpkg's `Source:` without its version), or the package's own name. */
  source: string;
}

/** The checksums Debian published for the package's files, by path without the leading slash. */
export type PublishedSums =
  | { ok: true; sums: Map<string, string>; url: string }
  /** No mirror has this name/version/architecture: not a package Debian published. */
  | { ok: false; reason: "not-published"; detail: string }
  /** No mirror answered, or the package could not be read: nothing can be said. */
  | { ok: false; reason: "unavailable"; detail: string };

/** Names and versions as Debian allows them: nothing else goes into a URL or a file name. */
const NAME = /^[a-z0-9][a-z0-9.+-]*$/;
const VERSION = /^(?:[0-9]+:)?[A-Za-z0-9.+~-]+$/;
const ARCH = /^[a-z0-9-]+$/;
const SUM_LINE = /^([0-9a-f]{32}) {2}(\S(?:.*\S)?)$/;
/** The start of a .deb holds debian-binary and control.tar.*; its data follows. */
const CONTROL_BYTES = 4 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;
const COMPONENTS = ["main", "contrib", "non-free", "non-free-firmware"];

/** The http(s) URIs of the host's apt sources (deb822 `.sources` and one-line `.list`), main archive and security archive apart. */
export function aptSourceMirrors(texts: string[]): { debian: string[]; security: string[] } {
  const debian: string[] = [];
  const security: string[] = [];
  const add = (uri: string | undefined, suite: string | undefined) => {
    if (!uri || !suite || !/^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]+)?(?:\/[A-Za-z0-9._~/-]*)?$/.test(uri)) return;
    const clean = uri.replace(/\/+$/, "");
    if (/-security$/.test(suite)) security.push(clean);
    else if (/\/debian$/.test(clean) && !/-(updates|backports)$/.test(suite)) debian.push(clean);
  };
  for (const text of texts) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const uris =
        stanza
          .match(/^URIs:[ \t]*(.*)$/m)?.[1]
          ?.trim()
          .split(/\s+/) ?? [];
      const suites =
        stanza
          .match(/^Suites:[ \t]*(.*)$/m)?.[1]
          ?.trim()
          .split(/\s+/) ?? [];
      for (const uri of uris) for (const suite of suites) add(uri, suite);
    }
    for (const line of text.split("\n")) {
      const words = line.replace(/#.*/, "").trim().split(/\s+/);
      if (words[0] !== "deb") continue;
      let i = 1;
      if (words[1]?.startsWith("[")) while (i < words.length && !words[i]!.endsWith("]")) i++;
      if (words[1]?.startsWith("[")) i++;
      add(words[i], words[i + 1]);
    }
  }
  return { debian: [...new Set(debian)], security: [...new Set(security)] };
}

/**
 * The apt sources of a host, in the order scripts/lib.sh's `debian_mirror` reads them (sources.list,
 * then sources.list.d's *.list, then its *.sources, each sorted), so the set-up and the server pick
 * the same first mirror.
 */
export function readAptSources(aptDir: string): string[] {
  const texts: string[] = [];
  const read = (file: string) => {
    try {
      texts.push(readFileSync(file, "utf8"));
    } catch {
      /* absent */
    }
  };
  read(path.join(aptDir, "sources.list"));
  let names: string[] = [];
  try {
    names = readdirSync(path.join(aptDir, "sources.list.d")).sort();
  } catch {
    /* absent */
  }
  for (const ext of [".list", ".sources"]) for (const name of names) if (name.endsWith(ext)) read(path.join(aptDir, "sources.list.d", name));
  return texts;
}

/** The host's mirrors, then deb.debian.org; apt sources change rarely, so they are read again at most every five minutes. */
const MIRRORS_TTL_MS = 5 * 60_000;
let remembered: { at: number; mirrors: { debian: string[]; security: string[] } } | undefined;

function hostMirrors(): { debian: string[]; security: string[] } {
  if (remembered && Date.now() - remembered.at < MIRRORS_TTL_MS) return remembered.mirrors;
  const found = aptSourceMirrors(readAptSources(process.env.WB_APT_DIR || "/etc/apt"));
  const mirrors = {
    debian: [...new Set([...found.debian, "http://deb.debian.org/debian"])],
    security: [...new Set([...found.security, "http://deb.debian.org/debian-security"])],
  };
  remembered = { at: Date.now(), mirrors };
  return mirrors;
}

/** Where Debian keeps the .deb: pool/<component>/<prefix>/<source>/<name>_<version without epoch>_<arch>.deb. */
export function poolUrls(pkg: InstalledPackage, mirrors: { debian: string[]; security: string[] }): string[] {
  if (!NAME.test(pkg.name) || !NAME.test(pkg.source) || !VERSION.test(pkg.version) || !ARCH.test(pkg.arch)) return [];
  const prefix = pkg.source.startsWith("lib") && pkg.source.length > 3 ? pkg.source.slice(0, 4) : pkg.source[0]!;
  const file = `${pkg.name}_${pkg.version.replace(/^[0-9]+:/, "")}_${pkg.arch}.deb`.replaceAll("~", "%7E").replaceAll("+", "%2B");
  const tail = (component: string) => `${component}/${prefix}/${pkg.source}/${file}`;
  return [
    ...mirrors.debian.flatMap((base) => COMPONENTS.map((c) => `${base}/pool/${tail(c)}`)),
    ...mirrors.security.flatMap((base) => COMPONENTS.slice(0, 1).map((c) => `${base}/pool/updates/${tail(c)}`)),
  ];
}

/** The lines of a package's md5sums member, as a map path → checksum (malformed lines dropped). */
export function parseMd5sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = SUM_LINE.exec(line);
    if (match) sums.set(match[2]!.replace(/^\.?\//, ""), match[1]!);
  }
  return sums;
}

/** The first CONTROL_BYTES of the URL (a range request; a server that ignores it is cut off there). */
async function fetchStart(url: string): Promise<{ status: number; body?: Buffer }> {
  const response = await fetch(url, { headers: { Range: `bytes=0-${CONTROL_BYTES - 1}` }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    return { status: response.status };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body!.getReader();
  while (size < CONTROL_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  return { status: response.status, body: Buffer.concat(chunks).subarray(0, CONTROL_BYTES) };
}

/** The md5sums member of the start of a .deb, read by the host's dpkg-deb (a package without one has none). */
async function md5sumsOfDebStart(start: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wb-deb-"));
  try {
    const file = path.join(dir, "package.deb");
    await writeFile(file, start, { mode: 0o600 });
    const { stdout } = await run("dpkg-deb", ["--info", file, "md5sums"], { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "");
    if (/contains no control component .md5sums.|no such file/i.test(stderr)) return "";
    throw new Error(`dpkg-deb could not read the package: ${(stderr || (error as Error).message).trim().split("\n").at(-1)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fetchPublishedSums(pkg: InstalledPackage, mirrors: { debian: string[]; security: string[] }): Promise<PublishedSums> {
  const urls = poolUrls(pkg, mirrors);
  if (urls.length === 0) return { ok: false, reason: "not-published", detail: `${pkg.name} ${pkg.version} (${pkg.arch}) is not a name and version Debian could publish` };
  let answered = 0;
  const failures: string[] = [];
  for (const url of urls) {
    let got;
    try {
      got = await fetchStart(url);
    } catch (error) {
      failures.push(`${new URL(url).host}: ${(error as Error).message}`);
      continue;
    }
    answered++;
    if (!got.body) continue;
    try {
      return { ok: true, sums: parseMd5sums(await md5sumsOfDebStart(got.body)), url };
    } catch (error) {
      return { ok: false, reason: "unavailable", detail: `${url}: ${(error as Error).message}` };
    }
  }
  if (answered > 0) return { ok: false, reason: "not-published", detail: `no Debian mirror has ${pkg.name} ${pkg.version} for ${pkg.arch}` };
  return { ok: false, reason: "unavailable", detail: `no Debian mirror answered (${[...new Set(failures)].slice(0, 2).join("; ")})` };
}

/** Fetches and remembers what Debian published; one fetch per package version at a time. */
export class DebianArchive {
  private readonly pending = new Map<string, Promise<PublishedSums>>();

  constructor(
    /** Where answers are kept across restarts; memory only when undefined. */
    public cacheDir: string | undefined = undefined,
    private readonly mirrors: () => { debian: string[]; security: string[] } = hostMirrors,
  ) {}

  published(pkg: InstalledPackage): Promise<PublishedSums> {
    const key = `${pkg.name}_${pkg.version}_${pkg.arch}`;
    let answer = this.pending.get(key);
    if (!answer) {
      answer = this.lookUp(pkg, key);
      this.pending.set(key, answer);
      // Only a real answer is remembered: an unreachable mirror is asked again next time.
      void answer.then((a) => {
        if (!a.ok && a.reason === "unavailable") this.pending.delete(key);
      });
    }
    return answer;
  }

  private async lookUp(pkg: InstalledPackage, key: string): Promise<PublishedSums> {
    const file = this.cacheDir && NAME.test(pkg.name) && VERSION.test(pkg.version) && ARCH.test(pkg.arch) ? path.join(this.cacheDir, `${key.replaceAll(":", "%3A")}.md5sums`) : undefined;
    if (file) {
      const kept = await readFile(file, "utf8").catch(() => undefined);
      if (kept !== undefined) return { ok: true, sums: parseMd5sums(kept), url: "cache" };
    }
    const answer = await fetchPublishedSums(pkg, this.mirrors());
    if (!answer.ok) log.warn("debian archive: no published checksums", { package: pkg.name, version: pkg.version, arch: pkg.arch, reason: answer.reason, detail: answer.detail });
    if (answer.ok && file) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, [...answer.sums].map(([p, sum]) => `${sum}  ${p}`).join("\n") + "\n");
    }
    return answer;
  }
}

const shared = new DebianArchive();
/** The server's archive client (memory only until keepPublishedSumsIn is called). */
export function debianArchive(): DebianArchive {
  return shared;
}
/** Keeps the server's answers in `dir` (<DATA_DIR>/debian-md5sums) across restarts. */
export function keepPublishedSumsIn(dir: string): void {
  shared.cacheDir = dir;
}
