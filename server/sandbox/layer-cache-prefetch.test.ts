/**
 * The layer cache's pull begun on a save (./layer-cache-prefetch.ts): when it begins (the Check's own
 * decision, on the saved text), and its bounds (one per engine, none while a Check builds there, at
 * most N per machine, the rest in order). The engines' Docker API is a thin fake whose pulls end when
 * the test says; the pull itself is the real pullLayerCache, so a Check's pull joins the prefetch's.
 */
import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { LayerCachePrefetch, markEngineBuilding } from "./layer-cache-prefetch";
import { layerCacheRef, type LayerCacheBuild } from "./layer-cache-ref";
import { pullLayerCache } from "./layer-cache-pull";
import { layerCacheSources } from "./layer-cache-sources";
import type { LearnerEngine } from "./engine-manager";
import { createLogger } from "../logger";

const build: LayerCacheBuild = { folder: "1_step", context: ".", dockerfile: "Dockerfile" };
const REF = layerCacheRef(build);
const APT = "apt-get update && apt-get install -y --no-install-recommends apache2 php && rm -rf /var/lib/apt/lists/*";
const history = ["", `/bin/sh -c ${APT}`];
const reference = `FROM debian:latest\nRUN ${APT}\nRUN echo done\n`;
const ownFirstRun = "FROM debian:latest\nRUN echo my own first line > /mine\n";

/** An engine whose pulls are counted; each pull's stream ends when `finish` is called. */
function fakeEngine(studentId: string, node?: string) {
  const streams: PassThrough[] = [];
  const pulls: string[] = [];
  const inner = {
    pull: async (ref: string) => {
      pulls.push(ref);
      const stream = new PassThrough();
      streams.push(stream);
      return stream;
    },
    modem: {
      followProgress: (stream: PassThrough, onFinished: (error: Error | null) => void) => {
        stream.resume();
        stream.on("end", () => onFinished(null));
      },
    },
  } as unknown as Docker;
  const engine = { studentId, inner, ...(node ? { node: { id: node } } : {}) } as unknown as LearnerEngine;
  return { engine, pulls, finish: (i = 0) => streams[i]!.end() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const silent = createLogger({ level: "error", write: () => undefined });

function prefetchOf(engines: Map<string, LearnerEngine>, files: Map<string, string>, perMachine = 2, seeded = true, repeatAfterMs = 0) {
  return new LayerCachePrefetch({
    repeatAfterMs,
    builds: [build],
    engineOf: (studentId) => engines.get(studentId),
    readFile: async (studentId, relPath) => files.get(`${studentId}:${relPath}`) ?? "",
    perMachine: () => perMachine,
    log: silent,
    readHistory: async () => (seeded ? history : undefined),
  });
}

describe("the layer cache pulled on a save", () => {
  it("begins for the step's Dockerfile when its first RUN is the reference's, and for nothing else", async () => {
    const alice = fakeEngine("alice");
    const engines = new Map([["alice", alice.engine]]);
    const files = new Map([
      ["alice:1_step/Dockerfile", reference],
      ["alice:1_step/index.php", "<?php"],
    ]);
    const prefetch = prefetchOf(engines, files);
    prefetch.saved("alice", "1_step/index.php");
    prefetch.saved("alice", "2_other/Dockerfile");
    await settle();
    expect(alice.pulls).toEqual([]);
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    expect(alice.pulls).toEqual([REF]);
    alice.finish();
    await settle();

    files.set("alice:1_step/Dockerfile", ownFirstRun);
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    expect(alice.pulls).toEqual([REF]);
  });

  it("does not pull again on the saves that follow a finished prefetch within the repeat window (autosave)", async () => {
    const alice = fakeEngine("alice");
    const prefetch = prefetchOf(new Map([["alice", alice.engine]]), new Map([["alice:1_step/Dockerfile", reference]]), 2, true, 60_000);
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    alice.finish();
    await settle();
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    expect(alice.pulls).toEqual([REF]);
  });

  it("does not begin when nothing is seeded, or when the student's engine is not ready", async () => {
    const bob = fakeEngine("bob");
    const files = new Map([["bob:1_step/Dockerfile", reference]]);
    prefetchOf(new Map([["bob", bob.engine]]), files, 2, false).saved("bob", "1_step/Dockerfile");
    prefetchOf(new Map(), files).saved("bob", "1_step/Dockerfile");
    await settle();
    expect(bob.pulls).toEqual([]);
  });

  it("runs one pull at a time per engine, and none while a Check builds in it", async () => {
    const alice = fakeEngine("alice");
    const files = new Map([["alice:1_step/Dockerfile", reference]]);
    const prefetch = prefetchOf(new Map([["alice", alice.engine]]), files);
    const building = markEngineBuilding(alice.engine.inner);
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    expect(alice.pulls).toEqual([]);
    building();
    prefetch.saved("alice", "1_step/Dockerfile");
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    expect(alice.pulls).toEqual([REF]);
    expect(prefetch.load).toEqual({ running: 1, waiting: 0 });
    alice.finish();
    await settle();
    expect(prefetch.load).toEqual({ running: 0, waiting: 0 });
  });

  it("runs at most N at once per machine, the others in the order they saved, and each machine counts its own", async () => {
    const students = ["s1", "s2", "s3", "s4", "s5"].map((id) => fakeEngine(id));
    const onNode = fakeEngine("n1", "node-a");
    const engines = new Map([...students, onNode].map((s) => [s.engine.studentId, s.engine]));
    const files = new Map([...engines.keys()].map((id) => [`${id}:1_step/Dockerfile`, reference]));
    const prefetch = prefetchOf(engines, files, 2);
    for (const s of students) prefetch.saved(s.engine.studentId, "/1_step/Dockerfile");
    prefetch.saved("n1", "1_step/Dockerfile");
    await settle();
    expect(students.map((s) => s.pulls.length)).toEqual([1, 1, 0, 0, 0]);
    expect(onNode.pulls).toEqual([REF]);
    expect(prefetch.load).toEqual({ running: 3, waiting: 3 });
    students[1]!.finish();
    await settle();
    expect(students.map((s) => s.pulls.length)).toEqual([1, 1, 1, 0, 0]);
    students[0]!.finish();
    students[2]!.finish();
    await settle();
    expect(students.map((s) => s.pulls.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it("a Check that starts during the prefetch joins its pull: one pull, and the Check is told it finishes one begun on the save", async () => {
    const alice = fakeEngine("alice");
    const prefetch = prefetchOf(new Map([["alice", alice.engine]]), new Map([["alice:1_step/Dockerfile", reference]]));
    prefetch.saved("alice", "1_step/Dockerfile");
    await settle();
    const told: boolean[] = [];
    const sources = layerCacheSources(alice.engine.inner, {
      builds: [{ build, dockerfile: reference }],
      ownTags: [],
      timeoutMs: 60_000,
      onPulling: (joining) => told.push(joining),
      readHistory: async () => history,
    });
    await settle();
    expect(told).toEqual([true]);
    alice.finish();
    expect(await sources).toEqual([REF]);
    expect(alice.pulls).toEqual([REF]);

    // Once it has ended, a pull is a pull again (the engine only compares the manifest).
    const again = pullLayerCache(alice.engine.inner, REF);
    await settle();
    alice.finish(1);
    expect(await again).toBe(REF);
    expect(alice.pulls).toEqual([REF, REF]);
  });
});
