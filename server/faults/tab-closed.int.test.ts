/**
 * Issue 9, "Faults": the student closes the tab in the middle of a Check's build. The Check goes
 * on to its result, which is stored and shown when the student comes back; it leaves nothing
 * behind (no helper container in the student's engine, and the engine itself is removed once the
 * student stays away); the server neither crashes nor logs an unhandled error, and keeps serving.
 */
import { describe, expect, it } from "vitest";
import { execCommand } from "../sandbox/exec-command";
import { getHostDocker } from "../sandbox/host-docker";
import { INNER_DOCKER_HOST, LEARNER_USER } from "../sandbox/engine-options";
import { BUILD_MARK, FAULT_FOLDER, FAULT_STEP, useFaultSite, FaultStudent, eventually, faultDockerfile } from "./testing/fault-workbench";

// The shortest idle time the configuration allows: the engine of a student who left goes after a minute.
const startedSite = useFaultSite({ ENGINE_IDLE_MINUTES: "1" });

describe("the tab closed in the middle of a Check", () => {
  it("lets the Check finish and store its result, leaks nothing, and the server keeps serving", async () => {
    const site = startedSite();
    const student = await FaultStudent.arrive(site);
    await student.openStep();
    await student.writeFile(`${FAULT_FOLDER}/Dockerfile`, faultDockerfile(6));
    const page = await student.connect();
    await page.engineReady();
    page.send({ type: "check.run", step: FAULT_STEP });
    const started = await page.waitFor("check.started", 60_000);
    await page.waitForLog(started.runId, BUILD_MARK, 120_000);
    await page.close(); // the tab is closed mid-build
    const closedAt = Date.now();

    // The Check finishes without anyone watching, and its result is stored.
    await eventually(() => site.checkRuns().some((run) => run.id === started.runId && run.status !== "running"), 120_000, "the run finished");
    const stored = site.checkRuns().find((run) => run.id === started.runId)!;
    expect(stored).toMatchObject({ status: "finished", errorMessage: null });
    expect((JSON.parse(stored.results) as { id: string; status: string }[]).map((r) => `${r.id}=${r.status}`)).toEqual(["folder=pass", "build=pass", "runs=pass"]);
    console.log(`tab closed to result stored: ${((Date.now() - closedAt) / 1000).toFixed(1)} s`);

    // The server is alive and serving, and said nothing of an unhandled error.
    expect(() => process.kill(site.server!.pid, 0)).not.toThrow();
    expect((await fetch(`${site.url}/api/health`)).status).toBe(200);
    expect(site.server!.logs()).not.toMatch(/unhandled|uncaught|message handling failed|"level":"error"/i);

    // Coming back: the same engine (no second one started), and the result is the last check shown.
    const [engine, ...others] = await site.containers();
    expect(others).toEqual([]);
    const back = await student.connect();
    await back.engineReady();
    expect((await site.containers()).map((c) => c.id)).toEqual([engine!.id]);
    const last = (await (await student.api(`/api/steps/${FAULT_STEP}/last-check`)).json()) as { lastCheck: { runId: string; passed: boolean } | null };
    expect(last.lastCheck).toMatchObject({ runId: started.runId, passed: true });

    // In the student's engine, only the container the lesson asked for: no helper of the Check left over.
    const listing = await execCommand(getHostDocker().getContainer(engine!.id), {
      cmd: ["docker", "ps", "-a", "--format", "{{.Names}}"],
      user: LEARNER_USER,
      env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`],
      timeoutMs: 20_000,
    });
    expect(listing.exitCode).toBe(0);
    expect(listing.output.trim().split("\n").filter(Boolean)).toEqual(["fault-container"]);

    // The student leaves for good: the engine goes after the idle time, with its volumes and disk.
    await back.close();
    await eventually(async () => (await site.containers()).length === 0, 120_000, "the idle engine removed");
    // Its volumes and disk go right after the container (removed first): given a moment on a busy host.
    await eventually(async () => (await site.volumes()).length === 0, 30_000, "the engine's volumes removed");
    await eventually(() => site.mounts().filter((m) => m.includes("/engine-disks/")).length === 0, 30_000, "the engine's disk unmounted");
    expect((await fetch(`${site.url}/api/health`)).status).toBe(200);
  });
});
