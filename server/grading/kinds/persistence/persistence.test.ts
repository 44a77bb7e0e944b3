/** `persistence`: each stage of the evidence (first run, write, second run, read) and its message. */
import { describe, expect, it } from "vitest";
import { specOf } from "../../fixtures/test-workspace";
import type { PersistenceOutcome, PersistenceRun, PersistenceScript } from "../../evidence";
import { judgePersistence } from "./judge";

const spec = specOf({
  kind: "persistence",
  image: "img",
  container: "probe",
  mounts: [
    { source: "db", target: "/var/lib/mysql" },
    { source: "html", target: "/var/www/html" },
  ],
  write: "write it",
  read: "read it",
  expectOutput: "kept-\\d+",
  hint: "Use named volumes",
});
const up: PersistenceRun = { started: true, running: true, logsTail: "" };
const ok = (output: string): PersistenceScript => ({ exitCode: 0, output, timedOut: false, tries: 1 });
const outcome = (o: Partial<PersistenceOutcome>): PersistenceOutcome => ({ kind: "persistence", first: up, ...o });

describe("persistence", () => {
  it("passes when the value written comes back in the recreated container", () => {
    const result = judgePersistence(spec, outcome({ write: ok("written"), second: up, read: ok("kept-42\n") }));
    expect(result.status).toBe("pass");
    expect(result.message).toContain("db on /var/lib/mysql and html on /var/www/html");
    expect(result.hint).toBeUndefined();
  });

  it("fails, with the output, when the value is gone", () => {
    const result = judgePersistence(spec, outcome({ write: ok("written"), second: up, read: ok("Empty set") }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("it is gone");
    expect(result.message).toContain("Empty set");
    expect(result.hint).toBe("Use named volumes");
  });

  it("fails when the read script keeps failing, saying how often it tried", () => {
    const read: PersistenceScript = { exitCode: 1, output: "ERROR 1146: Table 'wordpress.t' doesn't exist", timedOut: false, tries: 12 };
    const result = judgePersistence(spec, outcome({ write: ok(""), second: up, read }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Reading the test data back in the recreated container failed with exit code 1 (tried 12 times");
    expect(result.message).toContain("doesn't exist");
  });

  it("fails when the first container does not stay up, with its last output", () => {
    const first: PersistenceRun = { started: true, running: false, exitCode: 1, logsTail: "mariadbd: Can't create/write to file" };
    const result = judgePersistence(spec, outcome({ first }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("The first container stopped with exit code 1");
    expect(result.message).toContain("Can't create/write to file");
  });

  it("fails when the data cannot be written", () => {
    const write: PersistenceScript = { exitCode: null, output: "", timedOut: true, tries: 3 };
    const result = judgePersistence(spec, outcome({ write }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Writing the test data in the first container did not finish");
  });

  it("fails when the recreated container does not start", () => {
    const second: PersistenceRun = { started: true, running: false, exitCode: 137, logsTail: "" };
    expect(judgePersistence(spec, outcome({ write: ok(""), second })).message).toContain("The recreated container stopped with exit code 137");
  });

  it("reports the grader's own faults as errors, not as the student's failure", () => {
    expect(judgePersistence(spec, outcome({ error: "could not prepare the volumes: no space" })).status).toBe("error");
    expect(judgePersistence(spec, outcome({ write: ok("") })).status).toBe("error");
    const badPattern = specOf({ ...spec, expectOutput: "(" });
    expect(judgePersistence(badPattern, outcome({ write: ok(""), second: up, read: ok("x") })).status).toBe("error");
  });

  it("requires named volumes with a target path", () => {
    expect(() => specOf({ ...spec, mounts: [] })).toThrow();
    expect(() => specOf({ ...spec, mounts: [{ source: "/host/dir", target: "/var/lib/mysql" }] })).toThrow();
    expect(() => specOf({ ...spec, mounts: [{ source: "db", target: "var/lib/mysql" }] })).toThrow();
  });
});
