/**
 * The grader's own tools inside a learner engine: docker-workbench/grader-tools:1 (BusyBox and the
 * MariaDB client, built by scripts/ensure-grader-tools.sh) is loaded from the host engine into the
 * learner engine, by image id, and run beside a student's container, joined to its process and
 * network namespaces. Its scripts see the student's processes in /proc and the student's files
 * under /proc/1/root, and use none of the student's programs: a fake `mariadb` client, `sh` or
 * `dpkg-query` in the student's image changes nothing the grader reads.
 *
 * Run by id, not by name: an image the student tags docker-workbench/grader-tools in their engine
 * is never used. In a learner's own engine the student controls the engine itself, so there this
 * is only as good as the engine; the verified grading runs in a fresh engine the server owns.
 */
import type Docker from "dockerode";
import { getHostDocker, ignoreAlreadyDone } from "./host-docker";
import { demuxedText } from "./demuxed-text";

export const GRADER_TOOLS_IMAGE = "docker-workbench/grader-tools:1";
/** On the grader's tools containers and volume in a learner engine: they are removed after each run (the volume stays with the engine). */
export const GRADER_TOOLS_LABEL = "org.dockerworkbench.grader-tools";

export interface ToolsRun {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
}

/** The tools image's id in the host engine, looked up once. */
let hostImageId: Promise<string> | undefined;
/** Per learner engine: the load in progress or done. */
const loaded = new WeakMap<Docker, Promise<string>>();

function toolsImageId(host: Docker): Promise<string> {
  hostImageId ??= host
    .getImage(GRADER_TOOLS_IMAGE)
    .inspect()
    .then((info) => info.Id)
    .catch((error: unknown) => {
      hostImageId = undefined;
      throw new Error(`the grader's tools image ${GRADER_TOOLS_IMAGE} is missing on the host (run scripts/setup.sh): ${(error as Error).message}`);
    });
  return hostImageId;
}

async function load(inner: Docker, host: Docker): Promise<string> {
  const id = await toolsImageId(host);
  const present = await inner
    .getImage(id)
    .inspect()
    .then(() => true)
    .catch(() => false);
  if (present) return id;
  const archive = await host.getImage(GRADER_TOOLS_IMAGE).get();
  const answer = await inner.loadImage(archive, { quiet: true });
  await new Promise<void>((resolve, reject) => {
    answer.on("error", reject);
    answer.on("end", resolve);
    answer.resume();
  });
  await inner.getImage(id).inspect(); // throws when the load did not give the same image
  return id;
}

/** Loads the tools into the learner engine once; returns the image id to run. */
export function ensureGraderTools(inner: Docker, host: Docker = getHostDocker()): Promise<string> {
  let pending = loaded.get(inner);
  if (!pending) {
    pending = load(inner, host);
    loaded.set(inner, pending);
    pending.catch(() => loaded.delete(inner));
  }
  return pending;
}

/**
 * Runs a BusyBox sh script of the grader beside `target` (a container id or name): same process and
 * network namespaces, ROOT=/proc/1/root is the target's filesystem. As root of the engine with
 * CAP_SYS_PTRACE, so it can read every process's /proc entries and files, on a read-only root.
 */
export async function runGraderTools(inner: Docker, request: { target: string; script: string; timeoutMs: number; env?: string[] }, host?: Docker): Promise<ToolsRun> {
  const image = await ensureGraderTools(inner, host);
  const target = (await inner.getContainer(request.target).inspect()).Id;
  const container = await inner.createContainer({
    Image: image,
    Cmd: [request.script],
    Env: ["ROOT=/proc/1/root", ...(request.env ?? [])],
    User: "0",
    Labels: { [GRADER_TOOLS_LABEL]: "true" },
    HostConfig: {
      NetworkMode: `container:${target}`,
      PidMode: `container:${target}`,
      CapAdd: ["SYS_PTRACE"],
      ReadonlyRootfs: true,
      Tmpfs: { "/tmp": "size=16m" },
    },
  });
  try {
    return await waitAndCollect(container, request.timeoutMs);
  } finally {
    await ignoreAlreadyDone(() => container.remove({ force: true }));
  }
}

/** Per learner engine: a volume holding the tools' static BusyBox, to mount read-only in a student's image. */
const busyboxVolumes = new WeakMap<Docker, Promise<string>>();

async function fillBusyboxVolume(inner: Docker, host?: Docker): Promise<string> {
  const image = await ensureGraderTools(inner, host);
  const name = `wb-grader-tools-${image.replace(/^sha256:/, "").slice(0, 12)}`;
  await inner.createVolume({ Name: name, Labels: { [GRADER_TOOLS_LABEL]: "true" } });
  const filler = await inner.createContainer({
    Image: image,
    Cmd: ["cp /bin/busybox /out/busybox && chmod 555 /out/busybox"],
    User: "0",
    Labels: { [GRADER_TOOLS_LABEL]: "true" },
    NetworkDisabled: true,
    HostConfig: { Binds: [`${name}:/out`] },
  });
  try {
    await filler.start();
    const { StatusCode } = (await filler.wait()) as { StatusCode: number };
    if (StatusCode !== 0) throw new Error(`copying the grader's BusyBox into its volume failed (exit ${StatusCode})`);
  } finally {
    await ignoreAlreadyDone(() => filler.remove({ force: true }));
  }
  return name;
}

/**
 * Runs a script of the grader in a container of the student's `image`, never started otherwise: the
 * entrypoint is the grader's static BusyBox from a read-only volume, PATH leads nowhere, so only the
 * image's files are used, as data. Call BusyBox's applets as "$B name" ($B is its path). No network.
 */
export async function runGraderToolsInImage(inner: Docker, request: { image: string; script: string; timeoutMs: number }, host?: Docker): Promise<ToolsRun> {
  let volume = busyboxVolumes.get(inner);
  if (!volume) {
    volume = fillBusyboxVolume(inner, host);
    busyboxVolumes.set(inner, volume);
    volume.catch(() => busyboxVolumes.delete(inner));
  }
  const container = await inner.createContainer({
    Image: request.image,
    Entrypoint: ["/.grader/busybox", "sh", "-c"],
    Cmd: [request.script],
    Env: ["PATH=/nonexistent", "B=/.grader/busybox"],
    User: "0",
    WorkingDir: "/",
    Labels: { [GRADER_TOOLS_LABEL]: "true" },
    NetworkDisabled: true,
    HostConfig: { Binds: [`${await volume}:/.grader:ro`] },
  });
  try {
    return await waitAndCollect(container, request.timeoutMs);
  } finally {
    await ignoreAlreadyDone(() => container.remove({ force: true, v: true }));
  }
}

async function waitAndCollect(container: Docker.Container, timeoutMs: number): Promise<ToolsRun> {
  await container.start();
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([container.wait().then((r: { StatusCode: number }) => r.StatusCode), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)))]);
  clearTimeout(timer);
  const logs = await container.logs({ stdout: true, stderr: true }).catch(() => Buffer.from(""));
  return { exitCode: finished, output: demuxedText(logs).slice(-256 * 1024), timedOut: finished === null };
}
