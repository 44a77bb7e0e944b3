/**
 * Against the real host dockerd: a learner engine in ENGINE_MODE=privileged-caps (a ROOT dockerd
 * in a capability-based container, host-root-equivalent). The learner still works as `learner`
 * and reaches the engine at the same INNER_DOCKER_HOST; inner containers' cgroups sit below the
 * engine container's own (its limits still bound them); removal leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, rmSync } from "node:fs";
import type { LearnerEngine } from "./engine-manager";
import { createTestEngines, makeLearnerWorkspace } from "./testing/test-engines";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { execCommand } from "./exec-command";
import { getHostDocker } from "./host-docker";
import { labelFilter } from "./labels";
import { INNER_DOCKER_HOST, LEARNER_UID, LEARNER_USER, LEARNER_WORKSPACE, engineDataVolumeName } from "./engine-options";

const workspace = makeLearnerWorkspace("wb-int-priv-ws-");
const engines = createTestEngines(workspace, { mode: "privileged-caps" });
const studentId = "inttestprivcaps01";
let engine: LearnerEngine;
let outerId: string;
/** The host here uses cgroup v1 (Docker's cgroupfs driver): the cgroup checks read that layout. */
const cgroupV1 = existsSync("/sys/fs/cgroup/pids/docker");

/** A command run the way the learner's terminal and the grader run them: as learner, inner DOCKER_HOST. */
const asLearner = (script: string, timeoutMs = 120_000) =>
  execCommand(engine.container, {
    cmd: ["bash", "-c", script],
    user: LEARNER_USER,
    env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`],
    workingDir: LEARNER_WORKSPACE,
    timeoutMs,
  });

beforeAll(async () => {
  engine = await engines.ensure(studentId);
  outerId = (await engine.container.inspect()).Id;
});

afterAll(async () => {
  await engines.remove(studentId);
  rmSync(workspace, { recursive: true, force: true });
});

describe("privileged-caps learner engine", () => {
  it("runs a root (not rootless) dockerd in a capability-based, non-privileged container", async () => {
    const info = await engine.inner.info();
    expect(info.SecurityOptions.join(",")).not.toContain("rootless");
    expect(info.DockerRootDir).toBe("/var/lib/docker");
    const outer = await engine.container.inspect();
    expect(outer.HostConfig.Privileged).toBe(false);
    expect(outer.Config.User).toBe("0:0");
    expect(outer.HostConfig.CapAdd).toEqual(["ALL"]);
    expect(outer.HostConfig.CapDrop).toEqual(["SYS_RESOURCE"]);
    expect(outer.Config.Env).toContain("WB_ENGINE_MODE=privileged-caps");
    expect(outer.Mounts.find((m) => m.Destination === "/var/lib/docker")?.Name).toBe(engineDataVolumeName(engine.containerName));
  });

  it("gives the learner (workbench-learner's uid, not root) the engine at the usual socket", async () => {
    const result = await asLearner(`id -un; id -u; stat -c "%U:%G %a" /run/user/${LEARNER_UID}/docker.sock; docker info --format "{{.SecurityOptions}}"`, 20_000);
    expect(result.exitCode).toBe(0);
    const [user, uid, socket, security] = result.output.trim().split("\n");
    expect(user).toBe(LEARNER_USER);
    expect(uid).toBe(String(LEARNER_UID));
    expect(socket).toBe("root:learner 660");
    expect(security).not.toContain("rootless");
  });

  it("runs a container whose cgroup is nested below the engine container's", async () => {
    const result = await asLearner("docker run --rm debian:latest sh -c 'echo inner-run-ok; cat /proc/self/cgroup'");
    expect(result.output).toContain("inner-run-ok");
    expect(result.exitCode).toBe(0);
    if (cgroupV1) {
      const pidsLine = result.output.split("\n").find((l) => /^\d+:pids:/.test(l)) ?? result.output;
      expect(pidsLine).toContain(`/docker/${outerId}/`);
    }
  });

  it("gives inner containers and builds the engine's own name resolution (the offline mirrors), not 8.8.8.8", async () => {
    // The engine container resolves through Docker's embedded DNS, which knows the mirrors' names.
    const outer = await asLearner("getent hosts wordpress.org | awk '{print $1}'", 20_000);
    const inner = await asLearner("docker run --rm debian:latest sh -c 'cat /etc/resolv.conf; getent hosts wordpress.org'");
    expect(inner.output).not.toContain("8.8.8.8");
    const expected = outer.output.trim();
    if (expected) expect(inner.output).toContain(expected);
    expect(inner.exitCode).toBe(0);
    const build = await asLearner("d=$(mktemp -d) && printf 'FROM debian:latest\\nRUN getent hosts wordpress.org\\n' > $d/Dockerfile && docker build --no-cache -q $d");
    expect(build.output).not.toContain("exit code");
    expect(build.exitCode).toBe(0);
  });

  it("publishes a learner's port on the engine's address, reachable from the host", async () => {
    const server =
      "$s=IO::Socket::INET->new(LocalPort=>80,Listen=>5,ReuseAddr=>1) or die $!;" +
      'while($c=$s->accept){<$c>; print $c "HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello from a root engine\\n"; close $c}';
    const run = await asLearner(`docker run -d --name wb-priv-web -p 80:80 debian:latest perl -MIO::Socket::INET -e '${server}'`);
    expect(run.exitCode).toBe(0);
    const sandbox = new EngineGradingSandbox(engine, workspace);
    let page = await sandbox.httpGet({ port: 80, path: "/", followRedirects: 0, timeoutMs: 5_000 });
    for (let i = 0; i < 20 && page.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      page = await sandbox.httpGet({ port: 80, path: "/", followRedirects: 0, timeoutMs: 5_000 });
    }
    expect(page.status).toBe(200);
    expect(page.body).toContain("hello from a root engine");
  });

  it("removes the engine, its volume and its nested cgroups; nothing is left for the reaper", async () => {
    const docker = getHostDocker();
    await asLearner("docker run -d --name wb-priv-left debian:latest sleep 600", 60_000);
    await engines.remove(studentId);
    const after = await docker.listContainers({ all: true, filters: labelFilter("engine", "test") });
    expect(after.filter((c) => c.Names.includes(`/${engine.containerName}`))).toHaveLength(0);
    const { Volumes } = await docker.listVolumes({ filters: labelFilter("engine", "test") });
    expect((Volumes ?? []).filter((v) => v.Name.startsWith(engine.containerName))).toHaveLength(0);
    if (cgroupV1) {
      const cgroup = `/sys/fs/cgroup/pids/docker/${outerId}`;
      for (let i = 0; i < 20 && existsSync(cgroup); i++) await new Promise((r) => setTimeout(r, 250));
      expect(existsSync(cgroup)).toBe(false);
    }
  });
});
