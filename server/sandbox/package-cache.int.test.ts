/**
 * The class-wide Debian package cache (scripts/ensure-infra.sh, infra-image/apt-cache-conf.sh),
 * against the real infra container and two real learner engines: a student's build fetches its
 * packages through the cache without any change to the Dockerfile, and another student's build of
 * the same packages, in another engine, gets every package and index from the cache.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { packageCacheLines } from "./package-cache-log";
import { LEARNER_UID } from "./engine-options";

const workspace = makeLearnerWorkspace("wb-int-apt-");
const engines = createTestEngines(workspace, { deploymentId: `aptcachetest${process.pid}` });
const students = ["inttestaptcache1", "inttestaptcache2"];
const noLog = () => undefined;

// Small packages with a few dependencies, downloaded only: what matters is where the bytes come from.
const DOCKERFILE = ["FROM debian:latest", "RUN apt-get update && apt-get install -y --no-install-recommends --download-only jq tree && ls /var/cache/apt/archives/*.deb", ""].join("\n");

async function buildIn(student: string): Promise<{ from: number; to: number; log: string }> {
  const engine = await engines.ensure(student);
  const sandbox = new EngineGradingSandbox(engine, workspace);
  const from = Date.now();
  let log = "";
  const outcome = await sandbox.build({
    folder: "apt-cache",
    context: ".",
    dockerfile: "Dockerfile",
    tag: "wb-apt-cache",
    noCache: true,
    timeoutMs: 300_000,
    onLog: (text) => (log += text),
    onProgress: noLog,
  });
  const to = Date.now();
  expect(outcome.error, log.slice(-2000)).toBeUndefined();
  expect(outcome.ok).toBe(true);
  return { from, to, log };
}

beforeAll(() => {
  const dir = path.join(workspace, "apt-cache");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "Dockerfile"), DOCKERFILE);
  chownSync(dir, LEARNER_UID, LEARNER_UID);
  chownSync(path.join(dir, "Dockerfile"), LEARNER_UID, LEARNER_UID);
});

afterAll(async () => {
  for (const student of students) await engines.remove(student);
  rmSync(workspace, { recursive: true, force: true });
});

describe("class-wide package cache", () => {
  it("serves the second student's build from the cache, with no change to the Dockerfile", async () => {
    const first = await buildIn(students[0]!);
    expect(first.log).toMatch(/jq_[^\s/]+\.deb/);
    // Docker's log timestamps and Date.now() share the host clock; the lines land a moment later.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const firstLines = (await packageCacheLines(first.from, first.to + 1000)).filter((l) => l.httpStatus === 200);
    // The first build's packages went through the cache (a hit if an earlier run fetched them).
    expect(firstLines.some((l) => /\/pool\/main\/j\/jq\/jq_.*\.deb$/.test(l.path))).toBe(true);

    const second = await buildIn(students[1]!);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const secondLines = (await packageCacheLines(second.from, second.to + 1000)).filter((l) => l.httpStatus === 200);
    const immutable = secondLines.filter((l) => /\/(pool|by-hash)\//.test(l.path));
    expect(immutable.some((l) => /\/pool\/main\/t\/tree\/tree_.*\.deb$/.test(l.path))).toBe(true);
    // Nothing the second student asked for was fetched from the mirror again.
    expect(immutable.filter((l) => l.status !== "HIT")).toEqual([]);
  }, 600_000);
});
