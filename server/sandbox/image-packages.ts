/**
 * The Debian packages of a student's image, read by the grader itself: dpkg's status file comes out
 * of a created (never started) container through the engine's archive API and is parsed here, so
 * no program of the image runs (a fake dpkg-query changes nothing). Then, like `dpkg --verify`, the
 * programs and libraries of the packages a check names are compared, by the grader's own BusyBox
 * run in the image (grader-tools.ts), with the checksums Debian published for that package version
 * (debian-archive.ts), not with the image's /var/lib/dpkg/info/*.md5sums, which a student can edit:
 * a package's binary replaced by another program is reported, and so is a version Debian never
 * published.
 */
import type Docker from "dockerode";
import { extract } from "tar-stream";
import type { PackagesOutcome } from "../grading/evidence";
import { matchesGlob } from "../grading/judges/patterns";
import { describeDockerError } from "./docker-errors";
import { ignoreAlreadyDone } from "./host-docker";
import { runGraderToolsInImage } from "./grader-tools";
import { debianArchive, type DebianArchive, type InstalledPackage } from "./debian-archive";
import { ourError } from "./our-error";
import { say } from "../../lib/i18n/text-ref";

/** Most files of one package compared; the status file's size read at most. */
const MAX_VERIFIED_PER_PACKAGE = 150;
const MAX_STATUS_BYTES = 16 * 1024 * 1024;
/** Paths (as md5sums lists them) of programs and shared libraries: what a student would replace to fake a service. */
const VERIFIED_PATH = /^((usr\/)?(local\/)?s?bin\/|.*\.so(\.[0-9.]+)*$)/;

/** The first entry of the archive of one path in the container: its type and (capped) bytes. */
export async function readEntry(container: Docker.Container, path: string): Promise<{ type: string; content: Buffer } | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await container.getArchive({ path })) as NodeJS.ReadableStream;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
  return new Promise((resolve, reject) => {
    const tar = extract();
    let first: { type: string; content: Buffer } | undefined;
    tar.on("entry", (header, body, next) => {
      const chunks: Buffer[] = [];
      let size = 0;
      body.on("data", (data: unknown) => {
        const chunk = data as Buffer;
        if (!first && (size += chunk.length) <= MAX_STATUS_BYTES) chunks.push(chunk);
      });
      body.on("end", () => {
        first ??= { type: header.type ?? "file", content: Buffer.concat(chunks) };
        next();
      });
    });
    tar.on("finish", () => resolve(first));
    tar.on("error", reject);
    stream.on("error", reject);
    stream.pipe(tar);
  });
}

/** Installed packages of a dpkg status file: name, architecture, version and source package. */
export function installedFromStatus(status: string): InstalledPackage[] {
  return status
    .split(/\n\s*\n/)
    .map((stanza) => {
      const field = (name: string) => stanza.match(new RegExp(`^${name}:[ \\t]*(.*)$`, "mi"))?.[1]?.trim() ?? "";
      return { name: field("Package"), arch: field("Architecture"), status: field("Status"), version: field("Version"), source: field("Source").split(/\s+/)[0] ?? "" };
    })
    .filter((p) => p.name && /\binstalled$/.test(p.status) && !/\bnot-installed$/.test(p.status))
    .map(({ name, arch, version, source }) => ({ name, arch, version, source: source || name }));
}

/** Package names as dpkg allows them: what may go into the grader's script. */
const DPKG_NAME = /^[a-z0-9][a-z0-9.+-]*$/;
/** One md5sums line the script may carry: 32 hex digits, two spaces, a path without quotes or control characters. */
const SAFE_SUM_LINE = /^[0-9a-f]{32} {2}[^\x00-\x1f'"\\`$]+$/;

/**
 * BusyBox script run in the image (runGraderToolsInImage): for each package, md5sum -c of the
 * checksums Debian published for its programs and libraries (given here, never read from the
 * image), each output line prefixed with the package's name.
 */
export function verifyScript(packages: { name: string; sums: string[] }[]): string {
  const lines = ["cd / || exit 3"];
  packages
    .filter((p) => DPKG_NAME.test(p.name))
    .forEach((p, i) => {
      const sums = p.sums.filter((line) => SAFE_SUM_LINE.test(line)).slice(0, MAX_VERIFIED_PER_PACKAGE);
      if (sums.length === 0) return;
      lines.push(`$B md5sum -c 2>&1 <<'WB_SUMS_${i}' | $B sed "s|^|${p.name} |"`, ...sums, `WB_SUMS_${i}`);
    });
  lines.push("exit 0");
  return lines.join("\n");
}

/** Debian's checksum lines of a package's programs and libraries, for verifyScript. */
export function verifiedLines(sums: Map<string, string>): string[] {
  return [...sums].filter(([file]) => VERIFIED_PATH.test(file)).map(([file, sum]) => `${sum}  ${file}`);
}

/** The problems md5sum -c reported, from the lines verifyScript prints. */
export function parseVerifyOutput(output: string): NonNullable<PackagesOutcome["changed"]> {
  const changed: NonNullable<PackagesOutcome["changed"]> = [];
  const missing = new Set<string>();
  for (const line of output.split("\n")) {
    const cannotOpen = line.match(/^(\S+) md5sum: can't open '(.+)': /);
    if (cannotOpen) {
      missing.add(`${cannotOpen[1]} ${cannotOpen[2]}`);
      changed.push({ package: cannotOpen[1]!, path: `/${cannotOpen[2]}`, problem: "missing" });
      continue;
    }
    const failed = line.match(/^(\S+) (.+): FAILED$/);
    if (failed && !missing.has(`${failed[1]} ${failed[2]}`)) changed.push({ package: failed[1]!, path: `/${failed[2]}`, problem: "changed" });
  }
  return changed;
}

export async function readImagePackages(inner: Docker, image: string, verify: string[], archive: DebianArchive = debianArchive()): Promise<PackagesOutcome> {
  let container: Docker.Container | undefined;
  try {
    container = await inner.createContainer({ Image: image, Entrypoint: ["/nonexistent-grader-entrypoint"], Cmd: [], NetworkDisabled: true });
    const status = await readEntry(container, "/var/lib/dpkg/status");
    if (!status?.content || status.type !== "file") return { kind: "packages", installed: [], ...ourError(say("probe.noDpkg")) };
    const packages = installedFromStatus(status.content.toString("utf8"));
    const installed = packages.map((p) => p.name);
    const wanted = packages.filter((p) => verify.some((glob) => matchesGlob(p.name, glob)));
    if (wanted.length === 0) return { kind: "packages", installed, changed: [] };
    const published = await Promise.all(wanted.map((p) => archive.published(p)));
    const unavailable = published.find((p) => !p.ok && p.reason === "unavailable");
    if (unavailable && !unavailable.ok) return { kind: "packages", installed, verifyError: unavailable.detail };
    const changed: NonNullable<PackagesOutcome["changed"]> = [];
    const toVerify: { name: string; sums: string[] }[] = [];
    wanted.forEach((p, i) => {
      const answer = published[i]!;
      if (answer.ok) toVerify.push({ name: p.name, sums: verifiedLines(answer.sums) });
      else changed.push({ package: p.name, path: "", problem: "unpublished", version: p.version });
    });
    const run = await runGraderToolsInImage(inner, { image, script: verifyScript(toVerify), timeoutMs: 60_000 });
    if (run.exitCode !== 0)
      return {
        kind: "packages",
        installed,
        verifyError: `the grader could not compare the packages' files (${run.timedOut ? "timed out" : (run.output.trim().split("\n").at(-1) ?? `exit ${run.exitCode}`)})`,
      };
    return { kind: "packages", installed, changed: [...changed, ...parseVerifyOutput(run.output)] };
  } catch (error) {
    return { kind: "packages", installed: [], error: describeDockerError(error) };
  } finally {
    if (container) await ignoreAlreadyDone(() => container!.remove({ force: true }));
  }
}
