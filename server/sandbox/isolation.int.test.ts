/**
 * Students are untrusted: from a learner engine, and from a container inside it, neither the
 * host's own services (the backend listens on 0.0.0.0), nor another learner's engine, nor the
 * host's Docker API can be reached; the package and offline mirrors still answer, and the
 * registry mirror refuses pushes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { rmSync } from "node:fs";
import type { LearnerEngine } from "./engine-manager";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";
import { getHostDocker } from "./host-docker";
import { LEARNER_NETWORK } from "./engine-options";
import { listenOnFreePort, type ListeningServer } from "../http/testing/listen";

const base = makeLearnerWorkspace("wb-iso-");
const engines = createTestEngines(base);
let alice: LearnerEngine;
let bob: LearnerEngine;
let backend: ListeningServer;
let backendPort = 0;
let gateway = "";

const sh = (engine: LearnerEngine, script: string, timeoutMs = 20_000) => runAsLearner(engine, script, timeoutMs);

beforeAll(async () => {
  backend = await listenOnFreePort(
    http.createServer((_req, res) => res.end("backend secrets")),
    "0.0.0.0",
  );
  backendPort = backend.port;
  const network = await getHostDocker().getNetwork(LEARNER_NETWORK).inspect();
  gateway = network.IPAM?.Config?.[0]?.Gateway ?? "";
  if (!gateway) throw new Error(`network ${LEARNER_NETWORK} has no gateway: run scripts/ensure-infra.sh`);
  [alice, bob] = await Promise.all([engines.ensure("isolationalice01"), engines.ensure("isolationbob0001")]);
});

afterAll(async () => {
  await backend.close();
  await engines.shutdown();
  rmSync(base, { recursive: true, force: true });
});

describe("learner isolation", () => {
  it("the host itself reaches the test backend (so the refusals below mean something)", async () => {
    const answer = await fetch(`http://${gateway}:${backendPort}/`);
    expect(await answer.text()).toBe("backend secrets");
  });

  it("an engine cannot reach the host's services, by the gateway or any host address", async () => {
    const result = await sh(alice, `curl -s -m 4 http://${gateway}:${backendPort}/ ; echo "exit=$?"`);
    expect(result.output).not.toContain("backend secrets");
    expect(result.output).toMatch(/exit=(7|28)/);
  });

  it("a container inside the engine cannot reach them either", async () => {
    const result = await sh(alice, `docker run --rm debian:latest bash -c 'timeout 4 bash -c "exec 3<>/dev/tcp/${gateway}/${backendPort}" && echo OPEN || echo CLOSED'`, 120_000);
    expect(result.output).toContain("CLOSED");
  });

  it("an engine cannot reach another learner's engine", async () => {
    await sh(bob, "docker run -d --name web -p 8081:80 debian:latest bash -c 'sleep 600' >/dev/null", 120_000);
    const result = await sh(alice, `timeout 4 bash -c "exec 3<>/dev/tcp/${bob.ip}/8081" && echo OPEN || echo CLOSED`);
    expect(result.output).toContain("CLOSED");
  });

  it("the host's Docker API is not in the engine", async () => {
    const result = await sh(alice, "ls /var/run/docker.sock /run/docker.sock 2>&1; docker -H unix:///var/run/docker.sock info 2>&1 | head -2");
    expect(result.output).toMatch(/No such file or directory|Cannot connect/);
    expect(result.output).not.toMatch(/Server Version/);
  });

  it("the mirrors answer, and the registry mirror refuses pushes", async () => {
    const mirror = await sh(alice, "curl -s -o /dev/null -w '%{http_code}' http://wordpress.org/latest.zip");
    expect(["200", "301", "302"]).toContain(mirror.output.trim());
    // Starting a blob upload is the first step of any push: a read-only registry answers 405.
    const push = await sh(alice, "curl -s -o /dev/null -w '%{http_code}' -X POST http://registry.workbench:5000/v2/library/debian/blobs/uploads/");
    expect(push.output.trim()).toBe("405");
  });
});
