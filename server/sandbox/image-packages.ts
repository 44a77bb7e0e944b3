/**
 * The Debian packages of a student's image, read by the grader itself: dpkg's status file comes out
 * of a created (never started) container through the engine's archive API and is parsed here, so
 * no program of the image runs (a fake dpkg-query changes nothing). Then, like `dpkg --verify`, the
 * programs and libraries of the packages a check names are compared with the checksums dpkg
 * recorded, by the grader's own BusyBox run in the image (grader-tools.ts): a package's binary
 * replaced by another program is reported.
 */
import type Docker from "dockerode";
import { extract } from "tar-stream";
import type { PackagesOutcome } from "../grading/evidence";
import { matchesGlob } from "../grading/judges/patterns";
import { describeDockerError } from "./engine-manager";
import { ignoreAlreadyDone } from "./host-docker";
import { runGraderToolsInImage } from "./grader-tools";

/** Most files of one package compared; the status file's size read at most. */
const MAX_VERIFIED_PER_PACKAGE = 150;
const MAX_STATUS_BYTES = 16 * 1024 * 1024;
/** md5sums lines of programs and shared libraries: what a student would replace to fake a service. */
const VERIFIED_LINE = "^[0-9a-f]{32}  ((usr/)?(local/)?s?bin/|.*\\.so(\\.[0-9.]+)*$)";

/** The first entry of the archive of one path in the container: its type and (capped) bytes. */
async function readEntry(container: Docker.Container, path: string): Promise<{ type: string; content: Buffer } | undefined> {
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

/** Installed packages of a dpkg status file: name, architecture. */
export function installedFromStatus(status: string): { name: string; arch: string }[] {
  return status
    .split(/\n\s*\n/)
    .map((stanza) => {
      const field = (name: string) => stanza.match(new RegExp(`^${name}:[ \\t]*(.*)$`, "mi"))?.[1]?.trim() ?? "";
      return { name: field("Package"), arch: field("Architecture"), status: field("Status") };
    })
    .filter((p) => p.name && /\binstalled$/.test(p.status) && !/\bnot-installed$/.test(p.status))
    .map(({ name, arch }) => ({ name, arch }));
}

/** Package and architecture names as dpkg allows them: what may go into the grader's script. */
const DPKG_NAME = /^[a-z0-9][a-z0-9.+-]*$/;

/**
 * BusyBox script run in the image (runGraderToolsInImage): for each "package arch" argument, the
 * programs and libraries its .md5sums lists, checked with md5sum -c; each output line prefixed
 * with the package's name.
 */
export function verifyScript(packages: { name: string; arch: string }[]): string {
  const list = packages.filter((p) => DPKG_NAME.test(p.name) && (p.arch === "" || DPKG_NAME.test(p.arch)));
  return [
    "cd / || exit 3",
    `for p in ${list.map((p) => `${p.name}:${p.arch}`).join(" ")}; do`,
    "  name=${p%%:*}; f=/var/lib/dpkg/info/$p.md5sums",
    '  [ -f "$f" ] || f=/var/lib/dpkg/info/$name.md5sums',
    '  [ -f "$f" ] || continue',
    `  $B grep -E '${VERIFIED_LINE}' "$f" | $B head -n ${MAX_VERIFIED_PER_PACKAGE} | $B md5sum -c 2>&1 | $B sed "s|^|$name |"`,
    "done",
    "exit 0",
  ].join("\n");
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

export async function readImagePackages(inner: Docker, image: string, verify: string[]): Promise<PackagesOutcome> {
  let container: Docker.Container | undefined;
  try {
    container = await inner.createContainer({ Image: image, Entrypoint: ["/nonexistent-grader-entrypoint"], Cmd: [], NetworkDisabled: true });
    const status = await readEntry(container, "/var/lib/dpkg/status");
    if (!status?.content || status.type !== "file") return { kind: "packages", installed: [], error: "the image has no dpkg status file (/var/lib/dpkg/status): it is not a Debian-based image" };
    const packages = installedFromStatus(status.content.toString("utf8"));
    const wanted = packages.filter((p) => verify.some((glob) => matchesGlob(p.name, glob)));
    let changed: NonNullable<PackagesOutcome["changed"]> = [];
    if (wanted.length > 0) {
      const run = await runGraderToolsInImage(inner, { image, script: verifyScript(wanted), timeoutMs: 60_000 });
      if (run.exitCode !== 0)
        return {
          kind: "packages",
          installed: packages.map((p) => p.name),
          error: `the grader could not compare the packages' files (${run.timedOut ? "timed out" : (run.output.trim().split("\n").at(-1) ?? `exit ${run.exitCode}`)})`,
        };
      changed = parseVerifyOutput(run.output);
    }
    return { kind: "packages", installed: packages.map((p) => p.name), changed };
  } catch (error) {
    return { kind: "packages", installed: [], error: describeDockerError(error) };
  } finally {
    if (container) await ignoreAlreadyDone(() => container!.remove({ force: true }));
  }
}
