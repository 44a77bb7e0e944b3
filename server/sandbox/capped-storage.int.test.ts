/**
 * Capped learner disks against the real kernel and real rootless engines (as root): a learner
 * who fills their workspace or their engine gets "No space left on device" at the cap, the host's
 * disk takes no more than the caps, another learner is unaffected, a plain workspace from before
 * is moved into its image, files survive an engine restart, a full engine disk makes the Check
 * say so, and nothing (mount, loop device, engine image) is left after removal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, statfsSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { CappedStorage } from "./capped-storage";
import { createTestEngines, runAsLearner, waitFor } from "./testing/test-engines";
import { diskTracesUnder } from "./testing/disk-traces";
import { LEARNER_UID } from "./engine-options";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { getHostDocker } from "./host-docker";
import { createLogger } from "../logger";
import { resetConfigForTests } from "../config";
import { ensureWorkspace, workspaceRoot } from "../workspace";
import { importFiles } from "../workspace/files";
import { explainDiskFull } from "../grading/disk-full";
import type { LearnerEngine } from "./engine-manager";

const MiB = 1024 * 1024;
const WORKSPACE_MIB = 64;
const ENGINE_MIB = 512;

const base = mkdtempSync(path.join(os.tmpdir(), "wb-disks-"));
const previousDataDir = process.env.DATA_DIR;
const previousMaxWorkspace = process.env.MAX_WORKSPACE_BYTES;
process.env.DATA_DIR = base;
// The server's own write limit (20 MiB by default) would refuse before the disk is full.
process.env.MAX_WORKSPACE_BYTES = String(1024 * MiB);
resetConfigForTests();

const logLines: string[] = [];
const storage = new CappedStorage({
  disksDir: path.join(base, "disks"),
  engineMountsDir: path.join(base, "engine-disks"),
  workspaceMiB: WORKSPACE_MIB,
  engineMiB: ENGINE_MIB,
  workspaceOwner: { uid: LEARNER_UID, gid: LEARNER_UID },
  log: createLogger({ level: "info", write: (line) => void logLines.push(line) }),
});
const engines = createTestEngines(base, {
  deploymentId: `diskstest${process.pid}`,
  workspaceHostPath: (studentId) => ensureWorkspace(studentId),
  disks: storage,
});
const alice = "inttestdisksalice";
const bob = "inttestdisksbob";
const figures: Record<string, unknown> = {};

/** Loop devices whose image is under this test's folder, and mounts below it. */
const { loops: loopsOfTest, mounts: mountsOfTest, release: releaseDisksOfTest } = diskTracesUnder(base);
const allocatedBytes = (file: string) => statSync(file).blocks * 512;
const hostFreeBytes = () => {
  const s = statfsSync(base);
  return s.bavail * s.bsize;
};
const findmnt = (target: string) => {
  try {
    return execFileSync("findmnt", ["--noheadings", "--output", "SOURCE,FSTYPE,SIZE", "--mountpoint", target], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
};

let aliceEngine: LearnerEngine;
let bobEngine: LearnerEngine;

beforeAll(async () => {
  expect(await storage.probe()).toBeUndefined();
  storage.activate();
  // Alice has a plain workspace from before the caps, with her files.
  const aliceRoot = workspaceRoot(alice);
  mkdirSync(path.join(aliceRoot, "step-1"), { recursive: true });
  writeFileSync(path.join(aliceRoot, "step-1", "Dockerfile"), "FROM debian:bookworm\n");
  for (const p of [aliceRoot, path.join(aliceRoot, "step-1"), path.join(aliceRoot, "step-1", "Dockerfile")]) chownSync(p, LEARNER_UID, LEARNER_UID);

  let began = Date.now();
  aliceEngine = await engines.ensure(alice);
  figures.aliceEngineStartMs = Date.now() - began;
  began = Date.now();
  bobEngine = await engines.ensure(bob);
  figures.bobEngineStartMs = Date.now() - began;
});

afterAll(async () => {
  await engines.shutdown();
  storage.deactivate();
  // Whatever a failed test left: never leave a mount or a loop device behind.
  releaseDisksOfTest();
  rmSync(base, { recursive: true, force: true });
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  if (previousMaxWorkspace === undefined) delete process.env.MAX_WORKSPACE_BYTES;
  else process.env.MAX_WORKSPACE_BYTES = previousMaxWorkspace;
  resetConfigForTests();
  console.log("capped disks, measured:", JSON.stringify(figures));
});

describe("capped learner disks", () => {
  it("moves a plain workspace into its capped image and mounts it there", () => {
    const mount = findmnt(workspaceRoot(alice));
    expect(mount).toMatch(/^\/dev\/loop\d+\s+ext4\s/);
    expect(readFileSync(path.join(workspaceRoot(alice), "step-1", "Dockerfile"), "utf8")).toBe("FROM debian:bookworm\n");
    expect(statSync(workspaceRoot(alice)).uid).toBe(LEARNER_UID);
    expect(logLines.some((l) => l.includes("workspace mounted") && l.includes(alice))).toBe(true);
    figures.workspaceMount = mount;
  });

  it("keeps setuid working in the learner's own containers (step 3), with the engine's data on its capped disk", async () => {
    const began = Date.now();
    const tar = await getHostDocker().getImage("debian:bookworm").get();
    const load = await bobEngine.inner.loadImage(tar);
    await new Promise<void>((resolve, reject) => bobEngine.inner.modem.followProgress(load, (error: Error | null) => (error ? reject(error) : resolve())));
    figures.loadDebianMs = Date.now() - began;
    const run = await runAsLearner(bobEngine, "docker run --rm debian:bookworm sh -c 'cp /usr/bin/id /tmp/id && chmod u+s /tmp/id && su nobody -s /bin/sh -c \"/tmp/id -u\"'");
    expect(run.output.trim().split("\n").at(-1)).toBe("0");
    await runAsLearner(bobEngine, "docker image rm debian:bookworm >/dev/null");
  });

  it("stops writes in the workspace at its cap with the shell's own 'No space left on device'", async () => {
    const freeBefore = hostFreeBytes();
    const big = await runAsLearner(aliceEngine, "cd ~/workspace && fallocate -l 300M big; echo rc=$?; rm -f big");
    expect(big.output).toMatch(/No space left on device/);
    expect(big.output).toContain("rc=1");
    // Real writes: they stop at the cap.
    const dd = await runAsLearner(aliceEngine, "cd ~/workspace && dd if=/dev/zero of=fill bs=1M count=300 2>&1; stat -c %s fill");
    expect(dd.output).toMatch(/No space left on device/);
    const written = Number(dd.output.trim().split("\n").at(-1));
    figures.workspaceWrittenMiB = Math.round(written / MiB);
    // About the configured size: the filesystem's own blocks are on top of it.
    expect(written).toBeLessThanOrEqual((WORKSPACE_MIB + 2) * MiB);
    expect(written).toBeGreaterThan((WORKSPACE_MIB - 2) * MiB);
    const image = path.join(base, "disks", `${alice}-workspace.img`);
    figures.workspaceImageAllocatedMiB = Math.round(allocatedBytes(image) / MiB);
    expect(allocatedBytes(image)).toBeLessThanOrEqual((WORKSPACE_MIB + 8) * MiB);
    figures.hostFreeDropWorkspaceMiB = Math.round((freeBefore - hostFreeBytes()) / MiB);
    // The editor's save into the full workspace: told, not a fault of ours.
    await expect(importFiles(alice, "", [{ path: "notes.txt", content: "x".repeat(512 * 1024) }])).rejects.toMatchObject({
      code: "too_large",
      userMessage: "Your workspace (64 MiB) is full: delete files you no longer need in ~/workspace and try again.",
    });
    await runAsLearner(aliceEngine, "rm -f ~/workspace/fill ~/workspace/notes.txt");
    // The file is gone (rm above): mounted with discard, its blocks go back to the host at the next journal commit.
    await runAsLearner(aliceEngine, "sync -f ~/workspace");
    await waitFor(() => allocatedBytes(image) < 16 * MiB, 10_000).catch(() => undefined);
    figures.workspaceImageAfterRmMiB = Math.round(allocatedBytes(image) / MiB);
    expect(allocatedBytes(image)).toBeLessThan(16 * MiB);
  });

  it("stops writes in the engine's home, its data root and /tmp at the engine disk's cap", async () => {
    const freeBefore = hostFreeBytes();
    for (const where of ["~/.local/share/docker", "~", "/tmp", "/var/tmp"]) {
      const big = await runAsLearner(aliceEngine, `fallocate -l 1G ${where}/big; echo rc=$?; rm -f ${where}/big`);
      expect(big.output, where).toMatch(/No space left on device/);
    }
    const dd = await runAsLearner(aliceEngine, "cd ~/.local/share/docker && dd if=/dev/zero of=fill bs=1M count=1024 2>&1; stat -c %s fill; rm -f fill");
    expect(dd.output).toMatch(/No space left on device/);
    const written = Number(dd.output.trim().split("\n").at(-1));
    figures.engineWrittenMiB = Math.round(written / MiB);
    expect(written).toBeLessThanOrEqual((ENGINE_MIB + 4) * MiB);
    expect(written).toBeGreaterThan((ENGINE_MIB - 16) * MiB); // the engine's own files take a little
    const image = path.join(base, "disks", `${aliceEngine.containerName}-engine.img`);
    figures.engineImageAllocatedMiB = Math.round(allocatedBytes(image) / MiB);
    expect(allocatedBytes(image)).toBeLessThanOrEqual((ENGINE_MIB + 24) * MiB);
    figures.hostFreeDropEngineMiB = Math.round((freeBefore - hostFreeBytes()) / MiB);
    // Bob, next to her, is unaffected.
    const bobWrites = await runAsLearner(
      bobEngine,
      "fallocate -l 32M ~/workspace/ok && fallocate -l 256M ~/.local/share/docker/ok && echo bob-ok; rm -f ~/workspace/ok ~/.local/share/docker/ok; docker info --format '{{.ServerVersion}}'",
    );
    expect(bobWrites.output).toContain("bob-ok");
    expect(bobWrites.exitCode).toBe(0);
    // Alice's engine still answers with its disk full.
    const info = await runAsLearner(aliceEngine, "docker info --format '{{.ServerVersion}}'");
    expect(info.exitCode).toBe(0);
  });

  it("makes a Check whose build fills the engine's disk say which disk is full", async () => {
    // A 40 MiB file copied into 16 layers: 640 MiB of layers for a 512 MiB disk (no base image needed).
    const folder = path.join(workspaceRoot(alice), "fill-build");
    mkdirSync(folder, { recursive: true });
    execFileSync("sh", ["-c", `head -c ${40 * MiB} /dev/urandom > ${folder}/blob`]);
    writeFileSync(path.join(folder, "Dockerfile"), ["FROM scratch", ...Array.from({ length: 16 }, (_, i) => `COPY blob /blob${i}`)].join("\n") + "\n");
    const sandbox = new EngineGradingSandbox(aliceEngine, workspaceRoot(alice));
    const began = Date.now();
    const outcome = await sandbox.build({
      folder: "fill-build",
      context: ".",
      dockerfile: "Dockerfile",
      tag: "fill:1",
      noCache: true,
      timeoutMs: 300_000,
      onLog: () => undefined,
      onProgress: () => undefined,
    });
    figures.fullBuildMs = Date.now() - began;
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).toMatch(/no space left on device/i);
    const result = explainDiskFull({ id: "build", title: "It builds", status: "fail", message: outcome.error ?? "", phase: "dynamic" }, outcome, storage.limits);
    expect(result.message).toBe("Your engine's disk (512 MiB) is full: remove images, containers and volumes you no longer need (docker system prune -a, docker volume prune) and try again.");
    rmSync(folder, { recursive: true, force: true });
    await runAsLearner(aliceEngine, "docker system prune -af >/dev/null 2>&1; docker builder prune -af >/dev/null 2>&1; true");
  });

  it("keeps the workspace's files across an engine restart and leaves nothing mounted or attached after removal", async () => {
    await runAsLearner(aliceEngine, "echo kept > ~/workspace/kept.txt");
    const engineImage = path.join(base, "disks", `${aliceEngine.containerName}-engine.img`);
    await engines.remove(alice);
    expect(findmnt(workspaceRoot(alice))).toBe("");
    expect(findmnt(storage.engineMountPoint(aliceEngine.containerName))).toBe("");
    // A loop device goes when the last holder of its filesystem does: at once, or within moments.
    const detachBegan = Date.now();
    await waitFor(() => !loopsOfTest().some((l) => l.includes(alice)), 5_000).catch(() => undefined);
    figures.loopDetachMs = Date.now() - detachBegan;
    const loops = loopsOfTest().filter((l) => l.includes(alice));
    expect(loops, JSON.stringify({ loops, mounts: mountsOfTest(), all: execFileSync("losetup", ["-a"], { encoding: "utf8" }) })).toEqual([]);
    expect(() => statSync(engineImage)).toThrow();
    expect(statSync(path.join(base, "disks", `${alice}-workspace.img`)).isFile()).toBe(true);

    const began = Date.now();
    aliceEngine = await engines.ensure(alice);
    figures.aliceRestartMs = Date.now() - began;
    const kept = await runAsLearner(aliceEngine, "cat ~/workspace/kept.txt ~/workspace/step-1/Dockerfile");
    expect(kept.output).toContain("kept");
    expect(kept.output).toContain("FROM debian:bookworm");
  });

  it("reuses a workspace mount left by an earlier process instead of attaching a second loop device", async () => {
    // A second instance over the same folders, as after a crash of the server.
    const again = new CappedStorage({ ...storage.options, log: createLogger({ level: "silent" }) });
    await again.withWorkspace(alice, workspaceRoot(alice), async () => undefined);
    expect(loopsOfTest().filter((l) => l.includes(`${alice}-workspace.img`))).toHaveLength(1);
    expect(readFileSync(path.join(workspaceRoot(alice), "kept.txt"), "utf8")).toBe("kept\n");
  });

  it("caps a privileged-caps engine's /var/lib/docker and home too, and removes its disk with it", async () => {
    const name = `wb-test-diskpriv-${process.pid}`;
    const node = await engines.launchExtra({ name, studentLabel: "inttestdiskspriv", workspaceHostPath: undefined, mode: "privileged-caps" });
    try {
      const info = await node.inner.info();
      expect(info.DockerRootDir).toBe("/var/lib/docker");
      const asRoot = await node.container.exec({
        Cmd: ["bash", "-c", "fallocate -l 1G /var/lib/docker/big; echo rc=$?; rm -f /var/lib/docker/big; fallocate -l 1G /home/learner/big; rm -f /home/learner/big"],
        AttachStdout: true,
        AttachStderr: true,
        User: "0:0",
      });
      const stream = await asRoot.start({});
      const output = await new Promise<string>((resolve) => {
        let text = "";
        stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        stream.on("end", () => resolve(text));
      });
      expect(output.match(/No space left on device/g)?.length).toBe(2);
      expect(findmnt(storage.engineMountPoint(name))).toMatch(/ext4/);
    } finally {
      node.close();
      await engines.removeExtraEngine(name);
    }
    expect(findmnt(storage.engineMountPoint(name))).toBe("");
    expect(loopsOfTest().filter((l) => l.includes(name))).toEqual([]);
  });

  it("moves a plain workspace larger than the cap into a larger image, losing nothing", async () => {
    const erin = "inttestdiskserin";
    const root = workspaceRoot(erin);
    mkdirSync(root, { recursive: true });
    execFileSync("sh", ["-c", `head -c ${80 * MiB} /dev/urandom > ${root}/big.bin && sha256sum ${root}/big.bin > ${base}/erin.sum && ln -s big.bin ${root}/link`]);
    await ensureWorkspace(erin);
    expect(findmnt(root)).toMatch(/^\/dev\/loop\d+\s+ext4\s/);
    execFileSync("sha256sum", ["-c", `${base}/erin.sum`]);
    expect(readlinkSync(path.join(root, "link"))).toBe("big.bin");
    const { bavail, bsize } = statfsSync(root);
    expect(bavail * bsize).toBeGreaterThan(16 * MiB); // room to keep working
    await storage.releaseWorkspace(erin);
    expect(findmnt(root)).toBe("");
  });

  it("times a new learner's disks", async () => {
    let began = Date.now();
    await ensureWorkspace("inttestdiskscarol");
    figures.newWorkspaceDiskMs = Date.now() - began;
    began = Date.now();
    const dir = await storage.mountEngineDisk("wb-test-timing", ["home"]);
    figures.newEngineDiskMs = Date.now() - began;
    expect(findmnt(dir)).toMatch(/ext4/);
    await storage.releaseEngineDisk("wb-test-timing");
    expect(findmnt(dir)).toBe("");
  });

  it("leaves no mount, loop device or engine image once every engine is removed", async () => {
    await engines.shutdown();
    expect(mountsOfTest()).toEqual([]);
    expect(loopsOfTest()).toEqual([]);
    const left = readdir(path.join(base, "disks")).filter((f) => f.endsWith("-engine.img"));
    expect(left).toEqual([]);
    expect(
      readdir(path.join(base, "disks"))
        .filter((f) => f.endsWith(".img"))
        .sort(),
    ).toEqual([`${alice}-workspace.img`, `${bob}-workspace.img`, "inttestdiskscarol-workspace.img", "inttestdiskserin-workspace.img"]);
  });
});

describe("capped disks with the engine pool", () => {
  it("caps a pool engine's disk and the workspace mounted into it at hand-over, and leaves nothing after", async () => {
    const pool = createTestEngines(base, {
      deploymentId: `diskspool${process.pid}`,
      workspaceHostPath: (studentId) => ensureWorkspace(studentId),
      disks: storage,
      pool: { size: 1, mountsDir: path.join(base, "engine-mounts") },
    });
    try {
      await pool.startPool();
      await waitFor(() => pool.poolReadyCount === 1, 60_000);
      const dave = await pool.ensure("inttestdisksdave");
      expect(dave.fromPool).toBe(true);
      const full = await runAsLearner(
        dave,
        "fallocate -l 300M ~/workspace/big; fallocate -l 1G ~/.local/share/docker/big; rm -f ~/workspace/big ~/.local/share/docker/big; echo in-workspace > ~/workspace/mine.txt",
      );
      expect(full.output.match(/No space left on device/g)?.length).toBe(2);
      expect(readFileSync(path.join(workspaceRoot("inttestdisksdave"), "mine.txt"), "utf8")).toBe("in-workspace\n");
    } finally {
      await pool.shutdown();
    }
    const ofPool = (line: string) => /dave|pool|engine-mounts/.test(line);
    expect(mountsOfTest().filter(ofPool)).toEqual([]);
    expect(loopsOfTest().filter(ofPool)).toEqual([]);
  });
});

function readdir(dir: string): string[] {
  return execFileSync("ls", ["-A", dir], { encoding: "utf8" }).split("\n").filter(Boolean);
}
