/**
 * A student's engine data kept between sessions, against real rootless engines and real loop
 * mounts (as root): what they built in one session (image and build cache) is there in the next,
 * whose rebuild of the same Dockerfile is served from the cache; /tmp starts empty; a second engine
 * never gets an area in use; beyond the total the least recently used area goes, and one unused
 * beyond the time to live goes too; a deleted student's area goes; nothing a learner could plant
 * in the kept folder is followed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { CappedStorage, type CappedStorageOptions } from "./capped-storage";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";
import { diskTracesUnder } from "./testing/disk-traces";
import { ENGINE_DISK_FOLDERS, ENGINE_DISK_KEPT_FOLDERS, LEARNER_UID } from "./engine-options";
import { getHostDocker } from "./host-docker";
import { createLogger } from "../logger";
import type { LearnerEngine } from "./engine-manager";

const MiB = 1024 * 1024;
const DAY = 24 * 3600_000;
const base = mkdtempSync(path.join(os.tmpdir(), "wb-kept-"));
const logLines: string[] = [];
const options: CappedStorageOptions = {
  disksDir: path.join(base, "disks"),
  engineMountsDir: path.join(base, "engine-disks"),
  workspaceMiB: 64,
  engineMiB: 1024,
  workspaceOwner: { uid: LEARNER_UID, gid: LEARNER_UID },
  log: createLogger({ level: "info", write: (line) => void logLines.push(line) }),
  keptEngineData: { maxBytes: 64 * 1024 * MiB, ttlMs: 30 * DAY },
};
const storage = new CappedStorage(options);
const engines = createTestEngines(makeLearnerWorkspace("wb-kept-ws-"), { deploymentId: `keptdata${process.pid}`, disks: storage });
const alice = "inttestkeptalice";
const bob = "inttestkeptbob01";
const carol = "inttestkeptcarol";
const folders = Object.keys(ENGINE_DISK_FOLDERS.rootless);
const figures: Record<string, unknown> = {};

/** The Dockerfile of both sessions: the sleep stands for a slow apt layer. */
const BUILD = [
  "mkdir -p ~/kept && cd ~/kept",
  "printf 'FROM debian:bookworm\\nRUN sleep 12 && echo built > /built.txt\\nRUN echo second > /second.txt\\n' > Dockerfile",
  "docker build -t kept-test . 2>&1",
].join(" && ");

const keptImage = (studentId: string) => storage.keptEngineImage(studentId)!;
const { loops: loopsOfTest, mounts: mountsOfTest, release: releaseDisksOfTest } = diskTracesUnder(base);
const setLastUsed = (studentId: string, daysAgo: number) => {
  const when = new Date(Date.now() - daysAgo * DAY);
  utimesSync(keptImage(studentId), when, when);
};

async function timedBuild(engine: LearnerEngine): Promise<{ ms: number; output: string }> {
  const began = Date.now();
  const build = await runAsLearner(engine, BUILD, 300_000);
  expect(build.exitCode, build.output).toBe(0);
  return { ms: Date.now() - began, output: build.output };
}

beforeAll(async () => {
  expect(await storage.probe()).toBeUndefined();
});

afterAll(async () => {
  await engines.shutdown();
  releaseDisksOfTest();
  rmSync(base, { recursive: true, force: true });
  console.log("kept engine data, measured:", JSON.stringify(figures));
});

describe("kept engine data", () => {
  it("gives a returning student their images and build cache: the same Dockerfile rebuilds from the cache", async () => {
    // Session 1: the base image loaded (as from a registry), a cold build, a file in /tmp.
    const first = await engines.ensure(alice);
    const tabTwo = await engines.ensure(alice);
    expect(tabTwo.containerName).toBe(first.containerName); // two tabs, one engine
    const tar = await getHostDocker().getImage("debian:bookworm").get();
    const load = await first.inner.loadImage(tar);
    await new Promise<void>((resolve, reject) => first.inner.modem.followProgress(load, (error: Error | null) => (error ? reject(error) : resolve())));
    const cold = await timedBuild(first);
    expect(cold.output).not.toMatch(/CACHED|Using cache/);
    await runAsLearner(first, "echo scratch > /tmp/scratch.txt");
    await engines.remove(alice);

    // Between sessions: no engine, nothing mounted, the area kept.
    expect(await getHostDocker().listContainers({ all: true, filters: { name: [first.containerName] } })).toHaveLength(0);
    expect(statSync(keptImage(alice)).isFile()).toBe(true);
    expect(mountsOfTest().filter((l) => l.includes("engine-disks"))).toEqual([]);
    expect(loopsOfTest().filter((l) => l.includes("kept-engines"))).toEqual([]);

    // Session 2: a new engine container on the same data.
    const second = await engines.ensure(alice);
    expect(second.container.id).not.toBe(first.container.id);
    const run = await runAsLearner(second, "docker run --rm kept-test cat /built.txt /second.txt; ls /tmp; cat ~/kept/Dockerfile | head -1");
    expect(run.output).toContain("built\nsecond\n");
    expect(run.output).not.toContain("scratch.txt"); // /tmp starts empty
    expect(run.output).toContain("FROM debian:bookworm"); // the home is kept
    const warm = await timedBuild(second);
    expect(warm.output).toMatch(/CACHED|Using cache/);
    expect(warm.ms).toBeLessThan(cold.ms / 2);
    figures.coldBuildMs = cold.ms;
    figures.rebuildNextSessionMs = warm.ms;
    figures.keptImageAllocatedMiB = Math.round((statSync(keptImage(alice)).blocks * 512) / MiB);
    console.log(`cold build ${(cold.ms / 1000).toFixed(1)} s in session 1; the same build ${(warm.ms / 1000).toFixed(1)} s in session 2 (kept build cache)`);
  }, 600_000);

  it("never mounts an area in use for a second engine: that one gets a fresh disk", async () => {
    const other = "wb-test-engine-kept-intruder";
    const target = await storage.mountEngineDisk(other, folders, { studentId: alice, folders: ENGINE_DISK_KEPT_FOLDERS });
    try {
      const source = execFileSync("findmnt", ["--noheadings", "--output", "SOURCE", "--mountpoint", target], { encoding: "utf8" }).trim();
      const backing = readFileSync(`/sys/block/${path.basename(source)}/loop/backing_file`, "utf8").trim();
      expect(backing).toBe(storage.engineImage(other));
      expect(existsSync(path.join(target, "home", "kept"))).toBe(false);
      expect(logLines.some((l) => l.includes("in use by another engine"))).toBe(true);
    } finally {
      await storage.releaseEngineDisk(other);
    }
    expect(existsSync(storage.engineImage(other))).toBe(false);
    expect(statSync(keptImage(alice)).isFile()).toBe(true);
    await engines.remove(alice);
  }, 120_000);

  it("deletes the least recently used areas beyond the total, and those unused beyond the time to live", async () => {
    for (const student of [bob, carol]) {
      const name = `wb-test-engine-${student}`;
      const target = await storage.mountEngineDisk(name, folders, { studentId: student, folders: ENGINE_DISK_KEPT_FOLDERS });
      writeFileSync(path.join(target, "home", "data.bin"), Buffer.alloc(8 * MiB, 1));
      await storage.releaseEngineDisk(name);
    }
    setLastUsed(alice, 3); // the oldest, and the largest (an image and its cache)
    setLastUsed(bob, 2);
    setLastUsed(carol, 1);
    const bytes = (s: string) => statSync(keptImage(s)).blocks * 512;
    const tight = new CappedStorage({ ...options, keptEngineData: { maxBytes: bytes(bob) + bytes(carol), ttlMs: 30 * DAY } });
    expect(await tight.evictKeptEngineData()).toEqual([alice]);
    expect(existsSync(keptImage(alice))).toBe(false);
    expect(existsSync(keptImage(bob)) && existsSync(keptImage(carol))).toBe(true);

    setLastUsed(bob, 31);
    expect(await storage.evictKeptEngineData()).toEqual([bob]);
    expect(existsSync(keptImage(carol))).toBe(true);
  }, 120_000);

  it("deletes the area of a student who no longer exists, and removes, never follows, what else is in the folder", async () => {
    const outside = path.join(base, "outside.txt");
    writeFileSync(outside, "host file");
    symlinkSync(outside, path.join(path.dirname(keptImage(carol)), "evil.img"));
    expect(await storage.evictKeptEngineData()).toEqual([]);
    expect(existsSync(path.join(path.dirname(keptImage(carol)), "evil.img"))).toBe(false);
    expect(readFileSync(outside, "utf8")).toBe("host file");

    expect(await storage.removeKeptEngineDataOfUnknown(async (id) => id !== carol)).toBe(1);
    expect(existsSync(keptImage(carol))).toBe(false);
  });
});
