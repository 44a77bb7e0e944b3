import { describe, expect, it } from "vitest";
import { checksFileSchema } from "./check-spec";
import type { GradingSandbox } from "./grading-sandbox";
import { fakeSandbox } from "./fixtures/fake-sandbox";
import { orderByDependencies, runChecks } from "./run-checks";

const DOCKERFILE = 'FROM debian:latest\nRUN apt-get update && apt-get install -y apache2\nCMD ["apache2ctl", "-D", "FOREGROUND"]\n';

const checksFile = checksFileSchema.parse({
  step: 1,
  folder: "step",
  checks: [
    { id: "folder", kind: "folder", title: "Folder" },
    { id: "apache", kind: "packages", title: "Apache installed", installed: [{ anyOf: ["apache2"], describe: "Apache" }] },
    { id: "build", kind: "build", title: "Builds", tag: "img" },
    { id: "up", kind: "container", title: "Stays up", name: "c", image: "img", stableSeconds: 0 },
    { id: "site", kind: "http", title: "Answers", port: 80, timeoutSeconds: 0.01 },
  ],
});
const workspace = { folder: "step", files: { "step/Dockerfile": DOCKERFILE } };

/** A sandbox that records the order of calls and answers like a good image would. */
function recordingSandbox(calls: string[], buildOk = true): GradingSandbox {
  return fakeSandbox({
    build: async () => (calls.push("build"), { kind: "build", ok: buildOk, timedOut: false, logTail: "", durationMs: 1, ...(buildOk ? {} : { error: "boom" }) }),
    listPackages: async () => (calls.push("packages"), { kind: "packages", installed: ["apache2"] }),
    runContainer: async () => (calls.push("run"), { kind: "container", started: true, running: true, logsTail: "" }),
    httpGet: async () => (calls.push("http"), { kind: "http", status: 200, body: "ok", chain: ["http://localhost/"] }),
  });
}

describe("runChecks", () => {
  it("inspects packages only after the build that produces the image, even when listed first", async () => {
    const calls: string[] = [];
    const report = await runChecks(checksFile, workspace, recordingSandbox(calls));
    expect(calls).toEqual(["build", "packages", "run", "http"]);
    expect(report.results.map((r) => r.id)).toEqual(["folder", "apache", "build", "up", "site"]); // file order kept
    expect(report.passed).toBe(true);
    expect(report.score).toBe(100);
  });

  it("skips what depends on a failed build, but still reports what the Dockerfile installs", async () => {
    const calls: string[] = [];
    const report = await runChecks(checksFile, workspace, recordingSandbox(calls, false));
    expect(calls).toEqual(["build"]);
    const status = Object.fromEntries(report.results.map((r) => [r.id, r.status]));
    expect(status).toEqual({ folder: "pass", apache: "pass", build: "fail", up: "skip", site: "skip" });
    expect(report.results.find((r) => r.id === "up")!.message).toContain('needs "Builds"');
    expect(report.score).toBe(40);
  });

  it("says when a build failed because the engine's disk is full", async () => {
    const sandbox = recordingSandbox([]);
    sandbox.build = async () => ({ kind: "build", ok: false, timedOut: false, logTail: "", durationMs: 1, error: "write /home/learner/.local/share/docker/tmp/x: no space left on device" });
    const report = await runChecks(checksFile, workspace, sandbox, {}, { disks: { workspaceMiB: 200, engineMiB: 8192 } });
    expect(report.results.find((r) => r.id === "build")).toMatchObject({
      status: "fail",
      message: "Your engine's disk (8 GiB) is full: remove images, containers and volumes you no longer need (docker system prune -a, docker volume prune) and try again.",
    });
  });

  it("orders dependencies first and keeps the written order otherwise", () => {
    expect(orderByDependencies(checksFile.checks).map((c) => c.id)).toEqual(["folder", "build", "apache", "up", "site"]);
  });
});
