/** `processes` with `mainProcessUser` (step 3: PID 1 runs as mysql), and image-config's user with a group. */
import { describe, expect, it } from "vitest";
import { specOf } from "../fixtures/test-workspace";
import type { ProcessesOutcome } from "../evidence";
import { judgeProcesses } from "../kinds/processes/judge";
import { judgeImageConfig } from "../kinds/image-config/judge";

type Process = ProcessesOutcome["processes"][number];
const proc = (pid: number, command: string, user: string, userName: string | undefined, args = command): Process => ({
  pid,
  command,
  user,
  args,
  ...(userName ? { userName } : {}),
});
const outcome = (...processes: Process[]): ProcessesOutcome => ({ kind: "processes", processes });

describe("processes: the user of PID 1", () => {
  const spec = specOf({ kind: "processes", container: "box", mainProcessUser: "mysql" });

  it("passes when PID 1 runs as mysql, named in the message", () => {
    const result = judgeProcesses(spec, outcome(proc(1, "apache2", "101", "mysql", "/usr/sbin/apache2 -D FOREGROUND"), proc(7, "mariadbd", "101", "mysql")));
    expect(result.status).toBe("pass");
    expect(result.message).toContain("PID 1 (/usr/sbin/apache2 -D FOREGROUND) runs as mysql (uid 101)");
  });

  it("fails when PID 1 is root even if other processes run as mysql, saying who it is", () => {
    const result = judgeProcesses(spec, outcome(proc(1, "bash", "0", "root", "bash -c mariadbd & apache2ctl"), proc(9, "mariadbd", "101", "mysql")));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("to run as mysql; it runs as root (uid 0)");
  });

  it("fails for a uid without a name, and accepts a numeric expectation", () => {
    const nameless = outcome(proc(1, "sleep", "4242", undefined));
    expect(judgeProcesses(spec, nameless).message).toContain("it runs as uid 4242");
    expect(judgeProcesses(specOf({ kind: "processes", container: "box", mainProcessUser: "4242" }), nameless).status).toBe("pass");
  });

  it("does not mistake another process for PID 1", () => {
    expect(judgeProcesses(spec, outcome(proc(2, "apache2", "101", "mysql"))).status).toBe("error");
  });

  it("checks both the running groups and PID 1 when asked for both", () => {
    const both = specOf({ kind: "processes", container: "box", mainProcessUser: "mysql", running: [{ describe: "Apache", anyOf: ["apache2"] }] });
    expect(judgeProcesses(both, outcome(proc(1, "apache2", "101", "mysql"))).status).toBe("pass");
    expect(judgeProcesses(both, outcome(proc(1, "bash", "101", "mysql"))).message).toContain("Expected Apache (apache2) running in box");
  });

  it("rejects a spec that asks for nothing", () => {
    expect(() => specOf({ kind: "processes", container: "box" })).toThrow(/running, mainProcessUser or both/);
  });
});

describe("image-config: the user", () => {
  const config = { kind: "image-config" as const, env: [], exposedPorts: [], volumes: [], cmd: null, entrypoint: null };
  const spec = specOf({ kind: "image-config", image: "img", user: "mysql" });

  it("accepts the user with a group (USER mysql:mysql) but not a look-alike", () => {
    expect(judgeImageConfig(spec, { ...config, user: "mysql" }).status).toBe("pass");
    expect(judgeImageConfig(spec, { ...config, user: "mysql:mysql" }).status).toBe("pass");
    expect(judgeImageConfig(spec, { ...config, user: "mysqladmin" }).message).toContain("its User is mysqladmin, not mysql");
    expect(judgeImageConfig(spec, { ...config, user: "root:mysql" }).status).toBe("fail");
  });

  it("requires the group when the spec names one", () => {
    const withGroup = specOf({ kind: "image-config", image: "img", user: "mysql:mysql" });
    expect(judgeImageConfig(withGroup, { ...config, user: "mysql" }).status).toBe("fail");
  });
});
