/**
 * Step 9 graded by a grader that starts from the student's files alone (`npm run grade`, as
 * Submit does), on a host whose operator has not enabled clusters: the grader forms a one-node
 * swarm in its fresh engine, deploys the stack with docker stack deploy and scales it, then
 * judges. The lab's layout (the stack in step 8's folder) passes, the three-node checks reported
 * as not judged here; a file docker stack deploy refuses fails the stack check, quoting it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getHostDocker } from "../sandbox/host-docker";
import { labelFilter } from "../sandbox/labels";

const REPO = path.resolve(__dirname, "../..");
const SOLUTION = path.join(REPO, "lessons/09-swarm/solution/9_wordpress_swarm/stack_wordpress.yml");
const tmp = mkdtempSync(path.join(os.tmpdir(), "wb-grade9-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Report = { passed: boolean; score: number; checks: { id: string; status: string; message: string }[] };

function grade(workspace: string): { code: number | null; report: Report; stderr: string } {
  const env = { ...process.env, WB_CLUSTER_MODE: "off" };
  const run = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), ["server/grading-services/cli.ts", "--step", "9", workspace, "--json"], { cwd: REPO, env, encoding: "utf8", timeout: 15 * 60_000 });
  return { code: run.status, report: JSON.parse(run.stdout.trim()) as Report, stderr: run.stderr };
}

function labWorkspace(name: string, stack: string): string {
  const ws = path.join(tmp, name);
  mkdirSync(path.join(ws, "8_my_final_wordpress"), { recursive: true });
  writeFileSync(path.join(ws, "8_my_final_wordpress/stack_wordpress.yml"), stack);
  return ws;
}

const status = (report: Report) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
const message = (report: Report, id: string) => report.checks.find((c) => c.id === id)?.message ?? "";

describe("npm run grade --step 9 where clusters are off", () => {
  it(
    "the reference in step 8's folder (the lab's way): deployed, scaled and judged on one node; passes, the three-node checks not judged here",
    () => {
      const began = Date.now();
      const { code, report, stderr } = grade(labWorkspace("lab", readFileSync(SOLUTION, "utf8")));
      process.stderr.write(`step 9 graded from the files alone on one engine in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
      expect(code, stderr).toBe(0);
      expect(status(report)).toEqual({
        folder: "pass",
        "stack-services": "pass",
        images: "pass",
        credentials: "pass",
        "swarm-settings": "pass",
        "swarm-nodes": "skip",
        "stack-deployed": "pass",
        "wordpress-replicas": "skip",
        "database-runs": "pass",
        "replicas-answer": "pass",
      });
      expect(report).toMatchObject({ passed: true, score: 100 });
      expect(message(report, "folder")).toBe("Found 8_my_final_wordpress/stack_wordpress.yml.");
      expect(message(report, "swarm-nodes")).toMatch(/^Not judged here: this needs a swarm of 3 nodes/);
      expect(message(report, "wordpress-replicas")).toContain("is set to 2 replicas, as asked, and 1 runs");
      expect(message(report, "replicas-answer")).toMatch(/^Every replica answers \(http:\/\/\S+:8080\/ on \S+: 200\)/);
    },
    15 * 60_000,
  );

  it(
    "without replicas in the file, the grader scales WordPress itself, as the lab asks",
    () => {
      const unscaled = readFileSync(SOLUTION, "utf8").replace("      replicas: 2\n", "");
      expect(unscaled).not.toMatch(/^\s+replicas:/m);
      const { report } = grade(labWorkspace("unscaled", unscaled));
      expect(message(report, "wordpress-replicas")).toContain("is set to 2 replicas, as asked");
      expect(report.passed).toBe(true);
    },
    15 * 60_000,
  );

  it(
    "a file docker stack deploy refuses: the stack check fails quoting the refusal, its dependents are skipped",
    () => {
      const refused = readFileSync(SOLUTION, "utf8").replace("      replicas: 2\n", "      replicas: two\n");
      const { code, report } = grade(labWorkspace("refused", refused));
      expect(code).toBe(1);
      expect(status(report)["stack-deployed"]).toBe("fail");
      expect(message(report, "stack-deployed")).toContain("after the grader ran `docker stack deploy -c stack_wordpress.yml wordpress`");
      expect(message(report, "stack-deployed")).toMatch(/replicas/);
      expect(status(report)["wordpress-replicas"]).toBe("skip");
      expect(report.passed).toBe(false);
    },
    15 * 60_000,
  );

  it("leaves no sandbox behind", async () => {
    const left = await getHostDocker().listContainers({ all: true, filters: labelFilter("engine", "cli") });
    expect(left).toEqual([]);
  });
});
