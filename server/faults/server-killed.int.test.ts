/**
 * Issue 9, "Faults": the server is killed (SIGKILL, as a crash or an OOM kill would) in the middle
 * of a Check's build. Started again on the same data folder, it removes what the dead process left
 * (the student's engine container, its volumes, its capped disk's mount), the student's files are
 * as they were, the interrupted run is stored as interrupted and the student's page is told so
 * ("interrupted by a server restart … Press Check again"), and Check runs again to a result.
 */
import { describe, expect, it } from "vitest";
import { BUILD_MARK, FAULT_FOLDER, FAULT_STEP, useFaultSite, FaultStudent, eventually, faultDockerfile, sleep } from "./testing/fault-workbench";

const startedSite = useFaultSite();

describe("the server killed in the middle of a Check's build", () => {
  it("reaps the orphans at restart, keeps the files, says the Check was interrupted, and Check runs again", async () => {
    const site = startedSite();
    const student = await FaultStudent.arrive(site);
    await student.openStep();
    const dockerfile = faultDockerfile(12, "my own Dockerfile");
    const notes = `notes written before the crash ${Date.now()}\n`;
    await student.writeFile(`${FAULT_FOLDER}/Dockerfile`, dockerfile);
    await student.writeFile(`${FAULT_FOLDER}/notes.txt`, notes);

    const page = await student.connect();
    await page.engineReady();
    page.send({ type: "check.run", step: FAULT_STEP });
    const started = await page.waitFor("check.started", 60_000);
    await page.waitForLog(started.runId, BUILD_MARK, 120_000);

    const before = await site.containers();
    expect(before.length).toBeGreaterThanOrEqual(1); // the student's engine, mid-build
    const volumesBefore = await site.volumes();
    const mountsBefore = site.mounts().filter((m) => m.includes("/engine-disks/"));
    expect(volumesBefore.length + mountsBefore.length).toBeGreaterThan(0); // the engine's data: a volume, or a capped disk
    await site.server!.kill("SIGKILL");
    // What the dead process left: its engine still there, the run still "running".
    expect((await site.containers()).map((c) => c.id)).toEqual(expect.arrayContaining(before.map((c) => c.id)));
    expect(site.checkRuns().find((run) => run.id === started.runId)?.status).toBe("running");

    await site.start();
    const restartedAt = Date.now();
    // Reaped at start-up: not one of the dead server's containers, volumes or engine disks is left.
    await eventually(
      async () => {
        const ids = (await site.containers()).map((c) => c.id);
        return before.every((c) => !ids.includes(c.id));
      },
      30_000,
      "the dead server's engines removed",
    );
    for (const volume of volumesBefore) expect(await site.volumes()).not.toContain(volume);
    for (const mount of mountsBefore) expect(site.mounts()).not.toContain(mount);
    expect(site.logLines().some((line) => line.msg === "removed engines left by an earlier run")).toBe(true);

    // The student's files are as they left them.
    expect(await student.readFile(`${FAULT_FOLDER}/Dockerfile`)).toBe(dockerfile);
    expect(await student.readFile(`${FAULT_FOLDER}/notes.txt`)).toBe(notes);

    // The run is stored as interrupted, and the page (reconnecting) is told so.
    const stored = site.checkRuns().find((run) => run.id === started.runId);
    expect(stored).toMatchObject({ status: "interrupted", errorMessage: expect.stringMatching(/interrupted by a server restart.*Press Check again/) });
    const again = await student.connect();
    const told = await again.waitFor("check.interrupted", 10_000);
    expect(told).toMatchObject({ runId: started.runId, step: FAULT_STEP, mode: "practice" });
    expect(told.message).toMatch(/interrupted by a server restart.*Press Check again/);

    // Check runs again, to a result.
    await again.engineReady();
    again.send({ type: "check.run", step: FAULT_STEP });
    const rerun = await again.waitFor("check.started", 60_000);
    expect(rerun.runId).not.toBe(started.runId);
    const finished = await again.waitFor("check.finished", 180_000, (m) => m.runId === rerun.runId);
    expect(finished.results.map((r) => `${r.id}=${r.status}`)).toEqual(["folder=pass", "build=pass", "runs=pass"]);
    expect(finished.passed).toBe(true);
    console.log(`restart to a passed re-run: ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);

    // Once a newer run exists, a page no longer hears about the interrupted one.
    const later = await student.connect();
    await later.engineReady();
    await sleep(1_000);
    expect(later.received.some((m) => m.type === "check.interrupted")).toBe(false);
    await Promise.all([page.close(), again.close(), later.close()]);
  });
});
