/**
 * Issue 9, "Faults": the database is briefly unavailable. Here another process holds SQLite's
 * write lock (as a backup, a migration or an operator's sqlite3 shell can), past the server's busy
 * timeout (10 s), so every write of the server fails. Requests that need a write fail with a
 * clear message (HTTP 503 / the Check's error, the same sentence) and one server log line naming
 * the operation; nothing is half-written (no run without its result, no file saved for a request
 * that failed); a Check whose result arrives during the outage stores it once the database is back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../db/database-unavailable";
import { BUILD_MARK, FAULT_FOLDER, FAULT_STEP, FaultSite, FaultStudent, eventually, faultDockerfile, sleep, type PageSocket } from "./testing/fault-workbench";

let site: FaultSite;
let student: FaultStudent;
let page: PageSocket;

/** Log lines of the server that say the database was unavailable, with the operation. */
const unavailableLines = () => site.logLines().filter((line) => line.msg === "database unavailable");

beforeAll(async () => {
  site = new FaultSite();
  await site.start();
  student = await FaultStudent.arrive(site);
  await student.openStep();
  await student.writeFile(`${FAULT_FOLDER}/Dockerfile`, faultDockerfile(4));
  page = await student.connect();
  await page.engineReady();
});

afterAll(async () => {
  await page?.close();
  await site?.dispose();
});

describe("the database briefly unavailable", () => {
  it("fails a Check and a new student's first save clearly, logs it, and writes nothing half", async () => {
    const newcomer = await FaultStudent.arrive(site);
    const unlock = site.lockDatabase();
    let save: Response;
    let refused: { code: string; message: string };
    try {
      page.send({ type: "check.run", step: FAULT_STEP });
      [save, refused] = await Promise.all([
        newcomer.api(`/api/files/content?path=${encodeURIComponent(`${FAULT_FOLDER}/mine.txt`)}`, { method: "PUT", body: "hello\n" }),
        page.waitFor("error", 30_000),
      ]);
    } finally {
      unlock();
    }
    // The Check is refused with the sentence, not "something went wrong", and never started.
    expect(refused).toMatchObject({ code: "check_failed", message: DATABASE_UNAVAILABLE_MESSAGE });
    expect(page.received.some((m) => m.type === "check.started")).toBe(false);
    // The newcomer's save: 503 with the same sentence, and the file was not written.
    expect(save.status).toBe(503);
    expect(await save.json()).toEqual({ error: { code: "database_unavailable", message: DATABASE_UNAVAILABLE_MESSAGE, text: { key: "error.databaseUnavailable" } } });
    // One log line per failed operation, naming it.
    const operations = unavailableLines().map((line) => line.operation);
    expect(operations).toContain("CheckRun.create");
    expect(operations.some((op) => typeof op === "string" && op.startsWith("Student."))).toBe(true);
    // Nothing half-written: no run at all, and the database works again at once.
    expect(site.checkRuns()).toEqual([]);
    expect((await newcomer.api(`/api/files/content?path=${encodeURIComponent(`${FAULT_FOLDER}/mine.txt`)}`)).status).toBe(404);
    await newcomer.writeFile(`${FAULT_FOLDER}/mine.txt`, "hello\n");
    expect(await newcomer.readFile(`${FAULT_FOLDER}/mine.txt`)).toBe("hello\n");
  });

  it("stores a Check's result that arrives while the database is locked, once it is back: never a run left without one", async () => {
    const seen = unavailableLines().length;
    page.send({ type: "check.run", step: FAULT_STEP });
    const started = await page.waitFor("check.started", 60_000);
    await page.waitForLog(started.runId, BUILD_MARK, 120_000);
    const unlock = site.lockDatabase();
    try {
      // The grading ends and its result cannot be written (the server logs it)…
      await eventually(
        () =>
          unavailableLines()
            .slice(seen)
            .some((line) => line.operation === "CheckRun.updateMany"),
        90_000,
        "the result's write refused",
      );
      // …and the lock stays a little longer than one more busy timeout.
      await sleep(12_000);
    } finally {
      unlock();
    }
    const finished = await page.waitFor("check.finished", 60_000, (m) => m.runId === started.runId);
    expect(finished.results.map((r) => `${r.id}=${r.status}`)).toEqual(["folder=pass", "build=pass", "runs=pass"]);
    const stored = site.checkRuns().find((run) => run.id === started.runId)!;
    expect(stored.status).toBe("finished");
    expect(JSON.parse(stored.results)).toHaveLength(3);
    expect(site.checkRuns().filter((run) => run.status === "running")).toEqual([]);
    // A reload shows it.
    const last = (await (await student.api(`/api/steps/${FAULT_STEP}/last-check`)).json()) as { lastCheck: { runId: string } | null };
    expect(last.lastCheck?.runId).toBe(started.runId);
  });
});
