/**
 * The command-line grader as teachers and CI call it: `npm run grade -- --step N DIR --json`,
 * in a fresh sandbox, with the documented output and exit codes, leaving nothing behind. The pass
 * is step 7's reference (a stack of the stand-in images, pulled from the mirror: no build), not
 * step 1's: what is proven here is the command, and step 1's reference passing in a fresh engine is
 * lessons/01-dirty-dockerfile/step1.int.test.ts's first test (its cold build cost ~150 s here).
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getHostDocker } from "../sandbox/host-docker";
import { labelFilter } from "../sandbox/labels";
import { loadLessonChecks } from "./testing/content-test";

const REPO = path.resolve(__dirname, "../..");
const tmp = mkdtempSync(path.join(os.tmpdir(), "wb-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function grade(...args: string[]) {
  const run = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), ["server/grading-services/cli.ts", ...args], { cwd: REPO, encoding: "utf8", timeout: 20 * 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run grade", () => {
  it("grades the reference solution in a fresh sandbox: exit 0 and one JSON line", () => {
    const ws = path.join(tmp, "solution");
    cpSync(path.join(REPO, "lessons/07-official-stack/solution"), ws, { recursive: true });
    const { code, stdout, stderr } = grade("--step", "7", ws, "--json");
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout.trim()) as { step: number; passed: boolean; score: number; checks: { id: string; status: string; message: string }[] };
    expect(report).toMatchObject({ step: 7, passed: true, score: 100 });
    expect(report.checks.map((c) => c.id)).toEqual(loadLessonChecks("07-official-stack").checks.map((c) => c.id));
    for (const check of report.checks) expect(Object.keys(check).sort()).toEqual(["id", "message", "status"]);
    expect(report.checks.every((c) => c.status === "pass")).toBe(true);
  });

  it("reports a misnamed step folder as a failed check naming the expected one: exit 1", () => {
    const ws = path.join(tmp, "misnamed");
    mkdirSync(path.join(ws, "1_wordpress_multiservice_dirty"), { recursive: true });
    writeFileSync(path.join(ws, "1_wordpress_multiservice_dirty/Dockerfile"), "FROM debian:latest\n");
    const { code, stdout } = grade("--step", "1", ws, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout.trim()) as { passed: boolean; checks: { id: string; status: string; message: string }[] };
    expect(report.passed).toBe(false);
    const folder = report.checks.find((c) => c.id === "folder")!;
    expect(folder.status).toBe("fail");
    expect(folder.message).toContain("1_worpress_multiservice_dirty");
  });

  it("exits 2 on our errors: bad arguments, unknown step, missing folder", () => {
    expect(grade("--step").code).toBe(2);
    expect(grade("--step", "1").code).toBe(2);
    expect(grade("--step", "42", tmp, "--json").code).toBe(2);
    const missing = grade("--step", "1", path.join(tmp, "does-not-exist"), "--json");
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout.trim())).toHaveProperty("error");
  });

  it("leaves no sandbox behind", async () => {
    const left = await getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "cli") });
    expect(left).toEqual([]);
    const { Volumes } = await getHostDocker().listVolumes({ filters: labelFilter("engine", "cli") });
    expect(Volumes ?? []).toEqual([]);
  });
});
