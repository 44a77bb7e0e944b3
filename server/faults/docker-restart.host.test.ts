/**
 * Issue 9, "Faults": the host's Docker daemon restarts while a student's session is open (every
 * container on the host stops: no live-restore). The student's page is told within seconds that
 * the engine is gone, in a sentence that says what to do (not a silent or hanging terminal);
 * Try again (terminal.restart, the banner's button) gives a new engine once Docker is back, with
 * the student's files, and so does reloading the page. The firewall's jumps into the
 * workbench's chains survive the restart.
 *
 * Vitest project "host": it restarts the Docker daemon that everything on this machine uses, so
 * it runs alone (and, like every heavy test here, under /tmp/wb-heavy.lock).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_LOST_MESSAGE } from "../ws/connection";
import { REPO_ROOT } from "../../e2e/support/workbench-server";
import { FAULT_FOLDER, FaultSite, FaultStudent, eventually, type PageSocket } from "./testing/fault-workbench";

let site: FaultSite;

const dockerAnswers = () => spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { stdio: "ignore", timeout: 10_000 }).status === 0;

/** The workbench chains' jumps from Docker's DOCKER-USER chain (the learners' isolation). */
const workbenchJumps = () =>
  execFileSync("iptables", ["-S", "DOCKER-USER"], { encoding: "utf8" })
    .split("\n")
    .filter((rule) => rule.includes("-j WORKBENCH-"))
    .sort();

/**
 * Restarts the host's dockerd as this host runs it: `systemctl restart docker` under systemd,
 * otherwise (containers, CI machines: scripts/ensure-docker.sh starts it without an init system)
 * SIGTERM to dockerd, then the set-up script starts it again, in its own session so that it
 * outlives this test.
 */
async function restartHostDocker(onStopped: () => void): Promise<void> {
  if (spawnSync("systemctl", ["is-active", "--quiet", "docker"]).status === 0) {
    onStopped();
    execFileSync("systemctl", ["restart", "docker"], { stdio: "inherit", timeout: 120_000 });
    return;
  }
  // The host's dockerd by its pid file: `pidof dockerd` would also find the learner engines' own (rootless) dockerds.
  const pid = Number(readFileSync("/var/run/docker.pid", "utf8").trim());
  process.kill(pid, "SIGTERM");
  onStopped();
  await eventually(() => !isRunning(pid) && !dockerAnswers(), 90_000, "dockerd stopped");
  const starter = spawn("setsid", ["bash", "scripts/ensure-docker.sh"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  starter.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  starter.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => starter.once("exit", resolve));
  expect(code, output).toBe(0);
  await eventually(dockerAnswers, 60_000, `Docker answering again after ensure-docker.sh (it said: ${output.trim()})`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the terminal shows `pattern` in what it printed after `from` characters. */
async function terminalShows(page: PageSocket, pattern: RegExp, timeoutMs: number, from = 0): Promise<void> {
  const text = () =>
    page.received
      .flatMap((m) => (m.type === "terminal.output" ? [m.data] : []))
      .join("")
      .slice(from)
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g, ""); // colours of the prompt
  await eventually(() => pattern.test(text()), timeoutMs, `the terminal showing ${pattern}`).catch((error: Error) => {
    throw new Error(`${error.message}; it shows: ${JSON.stringify(text().slice(-400))}`);
  });
}

const terminalLength = (page: PageSocket) => page.received.flatMap((m) => (m.type === "terminal.output" ? [m.data] : [])).join("").length;

beforeAll(async () => {
  expect(dockerAnswers()).toBe(true);
  site = new FaultSite();
  await site.start();
});

afterAll(async () => {
  if (!dockerAnswers()) spawnSync("setsid", ["bash", "scripts/ensure-docker.sh"], { cwd: REPO_ROOT, stdio: "inherit" });
  await site?.dispose();
});

describe("the host's Docker daemon restarted under an open session", () => {
  it("tells the student at once, and Try again (or a reload) gives a new engine with their files", async () => {
    const jumpsBefore = workbenchJumps();
    const student = await FaultStudent.arrive(site);
    await student.openStep();
    const page = await student.connect();
    await page.engineReady();
    page.send({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0 });
    await terminalShows(page, /learner@[\w.-]+:/, 30_000);
    page.send({ type: "terminal.input", data: `echo written-in-the-shell > ${FAULT_FOLDER}/shell.txt && echo saved-$((6*7))\r` });
    await terminalShows(page, /saved-42/, 20_000);
    const [oldEngine] = await site.containers();

    let stoppedAt = 0;
    const restart = restartHostDocker(() => (stoppedAt = Date.now()));
    // The page hears that the engine is gone, with what to do, while Docker is still restarting.
    const lost = await page.waitFor("engine.status", 60_000, (m) => m.state === "error");
    const toldAfterMs = Date.now() - stoppedAt;
    expect(lost.message).toBe(ENGINE_LOST_MESSAGE);
    expect(page.received.some((m) => m.type === "terminal.exit")).toBe(true);
    await restart;
    const restartedMs = Date.now() - stoppedAt;

    // A reload (a new socket) is never handed the dead engine: a new one starts, with the student's files.
    const reloaded = await student.connect();
    await reloaded.engineReady(120_000);
    const recoveredMs = Date.now() - stoppedAt;
    const engines = await site.containers();
    expect(engines.map((c) => c.state)).toEqual(["running"]);
    expect(engines[0]!.id).not.toBe(oldEngine!.id);
    reloaded.send({ type: "terminal.attach", cols: 100, rows: 30, lastSeq: 0 });
    await terminalShows(reloaded, /learner@[\w.-]+:/, 30_000);
    reloaded.send({ type: "terminal.input", data: `cat ${FAULT_FOLDER}/shell.txt\r` });
    await terminalShows(reloaded, /written-in-the-shell/, 20_000);
    expect(await student.readFile(`${FAULT_FOLDER}/shell.txt`)).toBe("written-in-the-shell\n");

    // Try again on the page that was open: it gets the new engine and a shell in it.
    const seen = page.received.length;
    const shown = terminalLength(page);
    page.send({ type: "terminal.restart" });
    await eventually(() => page.received.slice(seen).some((m) => m.type === "engine.status" && m.state === "ready"), 120_000, "the page's engine ready again");
    await terminalShows(page, /learner@[\w.-]+:/, 30_000, shown);
    expect((await site.containers()).map((c) => c.id)).toEqual([engines[0]!.id]);

    // The learners' isolation is still wired into Docker's chain.
    expect(workbenchJumps()).toEqual(jumpsBefore);
    console.log(
      `told ${(toldAfterMs / 1000).toFixed(1)} s after dockerd was stopped; Docker back after ${(restartedMs / 1000).toFixed(1)} s; new engine ready after ${(recoveredMs / 1000).toFixed(1)} s`,
    );
    await Promise.all([page.close(), reloaded.close()]);
  });
});
