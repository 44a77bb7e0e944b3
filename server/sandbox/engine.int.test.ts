/**
 * Against the real host dockerd and a real rootless learner engine: the lifecycle, the terminal,
 * and the grading sandbox's build/run/probe on small fixture scenarios.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LearnerEngine } from "./engine-manager";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { TerminalSession } from "./terminal-session";
import { getHostDocker } from "./host-docker";
import { LABEL_CREATED, LABEL_DEPLOYMENT, labelFilter, sandboxLabels } from "./labels";
import { LEARNER_UID, LEARNER_USER, LEARNER_WORKSPACE, INNER_DOCKER_HOST } from "./engine-options";

const workspace = makeLearnerWorkspace("wb-int-ws-");

function writeScenario(folder: string, files: Record<string, string>): void {
  const dir = path.join(workspace, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chownSync(dir, LEARNER_UID, LEARNER_UID);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), content);
    chownSync(path.join(dir, name), LEARNER_UID, LEARNER_UID);
  }
}

// Its own deployment label, so this file's reap() never touches engines of other runs on the host.
const engines = createTestEngines(workspace, { deploymentId: `enginetest${process.pid}` });
const studentId = "inttestsandbox01";
let engine: LearnerEngine;
let sandbox: EngineGradingSandbox;
const noLog = () => undefined;

beforeAll(async () => {
  engine = await engines.ensure(studentId);
  sandbox = new EngineGradingSandbox(engine, workspace);
});

afterAll(async () => {
  await engines.remove(studentId);
  rmSync(workspace, { recursive: true, force: true });
});

describe("learner engine", () => {
  it("runs an unprivileged rootless dockerd reachable through the tunnel", async () => {
    const info = await engine.inner.info();
    expect(info.SecurityOptions.join(",")).toContain("rootless");
    const outer = await engine.container.inspect();
    expect(outer.HostConfig.Privileged).toBe(false);
    expect(outer.Config.User).toBe(`${LEARNER_UID}:${LEARNER_UID}`);
  });

  it("gives a shell whose output a reattaching page gets once, and which sees the workspace", async () => {
    writeScenario("shell-check", { "hello.txt": "from-the-editor\n" });
    const shell = { user: LEARNER_USER, workingDir: LEARNER_WORKSPACE, cmd: ["bash", "--noprofile", "--norc"], env: ["TERM=xterm", `DOCKER_HOST=${INNER_DOCKER_HOST}`, "PS1=$ "] };
    const terminal = await TerminalSession.open(engine.container, shell, 100, 30);
    let seen = "";
    const first = terminal.attach({ output: (c) => (seen += c.data), exit: noLog }, 0);
    terminal.write("cat shell-check/hello.txt; echo made-in-terminal > shell-check/back.txt; echo done-$((40+2))\r");
    const deadline = Date.now() + 10_000;
    while (!seen.includes("done-42") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toContain("from-the-editor");
    expect(seen).toContain("done-42");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(path.join(workspace, "shell-check/back.txt"), "utf8")).toBe("made-in-terminal\n");

    const seenUpTo = terminal.lastSeq;
    first.detach();
    terminal.write("echo after-$((1+1))\r");
    await new Promise((r) => setTimeout(r, 800));
    // A page that had everything up to seenUpTo gets only what came after, without a reset.
    const again = terminal.attach({ output: noLog, exit: noLog }, seenUpTo);
    expect(again.reset).toBe(false);
    const replayed = again.replay.map((c) => c.data).join("");
    expect(replayed).toContain("after-2");
    expect(replayed).not.toContain("done-42");
    // A reloaded page (lastSeq 0) gets the whole recent screen once, with a reset first.
    const fresh = terminal.attach({ output: noLog, exit: noLog }, 0);
    expect(fresh.reset).toBe(true);
    expect(
      fresh.replay
        .map((c) => c.data)
        .join("")
        .match(/done-42/g),
    ).toHaveLength(1);
    terminal.close();
  });

  it("builds a good image and streams its steps", async () => {
    writeScenario("ok-build", { Dockerfile: 'FROM debian:latest\nRUN echo built > /built.txt\nCMD ["sleep", "600"]\n' });
    const lines: string[] = [];
    const progress: number[] = [];
    const outcome = await sandbox.build({
      folder: "ok-build",
      context: ".",
      dockerfile: "Dockerfile",
      tag: "wb-ok",
      noCache: false,
      timeoutMs: 300_000,
      onLog: (t) => lines.push(t),
      onProgress: (_m, f) => f !== undefined && progress.push(f),
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.ok).toBe(true);
    expect(lines.join("")).toMatch(/Step 2\/3 : RUN echo built/);
    expect(progress.at(-1)).toBe(1);
  });

  it("reports a failing RUN as a failed build with the engine's message (HTTP 200 stream)", async () => {
    writeScenario("failing-run", { Dockerfile: "FROM debian:latest\nRUN echo about to fail && exit 3\n" });
    const outcome = await sandbox.build({ folder: "failing-run", context: ".", dockerfile: "Dockerfile", tag: "wb-fail", noCache: false, timeoutMs: 120_000, onLog: noLog, onProgress: noLog });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/returned a non-zero code: 3/);
    expect(outcome.logTail).toContain("about to fail");
  });

  it("reports a Dockerfile syntax error and a missing COPY source", async () => {
    writeScenario("syntax", { Dockerfile: "FROM debian:latest\nRUNN echo typo\n" });
    const syntax = await sandbox.build({ folder: "syntax", context: ".", dockerfile: "Dockerfile", tag: "wb-syntax", noCache: false, timeoutMs: 60_000, onLog: noLog, onProgress: noLog });
    expect(syntax.ok).toBe(false);
    expect(syntax.error).toMatch(/unknown instruction: RUNN/i);
    writeScenario("missing-copy", { Dockerfile: "FROM debian:latest\nCOPY nothing-here.txt /\n" });
    const copy = await sandbox.build({ folder: "missing-copy", context: ".", dockerfile: "Dockerfile", tag: "wb-copy", noCache: false, timeoutMs: 60_000, onLog: noLog, onProgress: noLog });
    expect(copy.ok).toBe(false);
    expect(copy.error).toMatch(/nothing-here\.txt/);
  });

  it("stops a build that exceeds its time limit", async () => {
    writeScenario("slow", { Dockerfile: "FROM debian:latest\nRUN sleep 120\n" });
    const began = Date.now();
    const outcome = await sandbox.build({ folder: "slow", context: ".", dockerfile: "Dockerfile", tag: "wb-slow", noCache: true, timeoutMs: 4_000, onLog: noLog, onProgress: noLog });
    expect(outcome.ok).toBe(false);
    expect(outcome.timedOut).toBe(true);
    expect(outcome.error).toMatch(/longer than 4 s/);
    expect(Date.now() - began).toBeLessThan(30_000);
  });

  it("says when a container exits at once, with its exit code and output", async () => {
    writeScenario("exits", { Dockerfile: 'FROM debian:latest\nCMD ["sh", "-c", "echo starting; sleep infinity &"]\n' });
    const build = await sandbox.build({ folder: "exits", context: ".", dockerfile: "Dockerfile", tag: "wb-exits", noCache: false, timeoutMs: 60_000, onLog: noLog, onProgress: noLog });
    expect(build.ok).toBe(true);
    const run = await sandbox.runContainer({ name: "wb-exits-c", image: "wb-exits", publish: [], stableSeconds: 2, onLog: noLog });
    expect(run.started).toBe(true);
    expect(run.running).toBe(false);
    expect(run.exitCode).toBe(0);
    expect(run.logsTail).toContain("starting");
  });

  it("runs a container with a published port that answers HTTP from the host, replacing a same-named one", async () => {
    writeScenario("web", {
      Dockerfile:
        'FROM debian:latest\nRUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox >/dev/null && mkdir -p /srv/site/app && echo "<h1>hello from the learner</h1>" > /srv/site/app/index.html\nCMD ["busybox", "httpd", "-f", "-p", "80", "-h", "/srv/site"]\n',
    });
    const build = await sandbox.build({ folder: "web", context: ".", dockerfile: "Dockerfile", tag: "wb-web", noCache: false, timeoutMs: 300_000, onLog: noLog, onProgress: noLog });
    expect(build.error).toBeUndefined();
    await sandbox.runContainer({ name: "wb-web-c", image: "wb-web", publish: ["80:80"], stableSeconds: 0, onLog: noLog });
    const logs: string[] = [];
    const run = await sandbox.runContainer({ name: "wb-web-c", image: "wb-web", publish: ["80:80"], stableSeconds: 1, onLog: (t) => logs.push(t) });
    expect(run.running).toBe(true);
    expect(logs.join("")).toMatch(/Removing your container wb-web-c/);
    const page = await sandbox.httpGet({ port: 80, path: "/app/", followRedirects: 3, timeoutMs: 10_000 });
    expect(page.status).toBe(200);
    expect(page.body).toContain("hello from the learner");
    const processes = await sandbox.listProcesses("wb-web-c");
    expect(processes.processes.map((p) => p.command)).toContain("busybox");
    const exec = await sandbox.execInContainer({ container: "wb-web-c", script: "cat /srv/site/app/index.html; exit 4", timeoutMs: 10_000 });
    expect(exec.exitCode).toBe(4);
    expect(exec.output).toContain("hello from the learner");
    const packages = await sandbox.listPackages("wb-web");
    expect(packages.installed).toContain("busybox");
    expect(packages.installed).not.toContain("apache2");
  });

  it("removes the engine and its volume, and the reaper finds nothing left", async () => {
    const docker = getHostDocker();
    const before = await docker.listContainers({ all: true, filters: labelFilter("engine", "test") });
    expect(before.length).toBeGreaterThanOrEqual(1);
    await engines.remove(studentId);
    const after = await docker.listContainers({ all: true, filters: labelFilter("engine", "test") });
    expect(after.filter((c) => c.Names.includes(`/${engine.containerName}`))).toHaveLength(0);
    const { Volumes } = await docker.listVolumes({ filters: labelFilter("engine", "test") });
    expect((Volumes ?? []).filter((v) => v.Name.startsWith(engine.containerName))).toHaveLength(0);
  });
  it("reaps engine volumes no container uses, from any workbench, once they are old", async () => {
    const docker = getHostDocker();
    const labels = { ...sandboxLabels("engine", "server", "orphan"), [LABEL_DEPLOYMENT]: "another-workbench" };
    const oldName = `wb-orphan-old-${process.pid}`;
    const freshName = `wb-orphan-new-${process.pid}`;
    await docker.createVolume({ Name: oldName, Labels: { ...labels, [LABEL_CREATED]: new Date(Date.now() - 3_600_000).toISOString() } });
    await docker.createVolume({ Name: freshName, Labels: labels });
    await engines.reap(); // runs last: this file's own engine is already gone
    const names = ((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name);
    expect(names).not.toContain(oldName);
    expect(names).toContain(freshName); // it may belong to an engine being created right now
    await docker.getVolume(freshName).remove();
  });
});
