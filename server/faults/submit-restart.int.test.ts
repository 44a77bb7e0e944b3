/**
 * Issue 10, "a queue that survives a restart": the server is killed (SIGKILL) while it grades a
 * submission. Started again, it grades that submission again by itself, from the files that were
 * submitted (not from the student's folder, changed since), stores its grade under the same run,
 * and a page that connects follows it to the result; the kept files are gone once it is graded.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILD_MARK, FAULT_FOLDER, FAULT_STEP, useFaultSite, FaultStudent, eventually, faultDockerfile } from "./testing/fault-workbench";
import { RESUMED_MESSAGE } from "../grading-services/submit-service";

const startedSite = useFaultSite();

describe("the server killed in the middle of grading a submission", () => {
  it("grades it again at restart from the files submitted, under the same run, and the student's page sees the result", async () => {
    const site = startedSite();
    const student = await FaultStudent.arrive(site);
    await student.openStep();
    await student.writeFile(`${FAULT_FOLDER}/Dockerfile`, faultDockerfile(10, "the submitted version"));

    const page = await student.connect();
    await page.engineReady();
    page.send({ type: "check.submit", step: FAULT_STEP });
    const started = await page.waitFor("check.started", 120_000);
    expect(started.mode).toBe("verified");
    await page.waitForLog(started.runId, BUILD_MARK, 180_000);
    const kept = path.join(site.dataDir, "submissions", `${started.runId}.json.gz`);
    expect(existsSync(kept)).toBe(true); // what a restart grades again
    await site.server!.kill("SIGKILL");
    await page.close();

    await site.start();
    // At once, before the restarted server resumes: the student breaks their folder's Dockerfile.
    await student.writeFile(`${FAULT_FOLDER}/Dockerfile`, "FROM debian:latest\nRUN exit 3\n");

    const again = await student.connect();
    const finished = await again.waitFor("check.finished", 300_000, (m) => m.runId === started.runId);
    expect(finished.mode).toBe("verified");
    // Graded from what was submitted: the broken Dockerfile written since would fail the build.
    expect(finished.results.map((r) => `${r.id}=${r.status}`)).toEqual(["folder=pass", "build=pass", "runs=pass"]);
    expect(again.received.some((m) => m.type === "check.progress" && m.runId === started.runId && m.message === RESUMED_MESSAGE)).toBe(true);
    expect(again.received.some((m) => m.type === "check.interrupted")).toBe(false);

    const stored = site.checkRuns().find((run) => run.id === started.runId);
    expect(stored).toMatchObject({ status: "finished" });
    expect(site.checkRuns().filter((run) => run.step === FAULT_STEP)).toHaveLength(1); // no second run was made
    // Removed once the grading sandbox is (right after the result is sent).
    await eventually(() => !existsSync(kept), 30_000, "the kept files removed");
    expect(readdirSync(path.join(site.dataDir, "submissions"))).toEqual([]);
    expect(site.logLines().some((line) => line.msg === "grading again a submission cut short by a restart")).toBe(true);
    await again.close();
  });
});
