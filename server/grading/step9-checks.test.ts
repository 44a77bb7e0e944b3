/**
 * Step 9's checks file, without a cluster: it parses, its static checks pass on the reference
 * stack and on step 8's file copied unchanged (the swarm adaptation is judged on the running
 * cluster, not in the file), and a look-alike database image or a folder named after step 8 fails.
 */
import { describe, expect, it } from "vitest";
import { judgeStaticChecks, loadLessonChecks, readLessonFile, staticStatuses } from "./testing/lesson-checks";
import { runChecks } from "./run-checks";
import { fakeSandbox } from "./testing/fake-sandbox";

const checks = loadLessonChecks("09-swarm");
const FOLDER = "9_wordpress_swarm";
const solution = readLessonFile("09-swarm", `solution/${FOLDER}/stack_wordpress.yml`);
const step8 = readLessonFile("08-final-wordpress", "solution/8_my_final_wordpress/stack_wordpress.yml");
const workspace = (stack: string, folder = FOLDER) => ({ folder: FOLDER, files: { [`${folder}/stack_wordpress.yml`]: stack } });

describe("step 9 checks file", () => {
  it("has the swarm checks the lesson promises, each asking one thing", () => {
    const swarm = checks.checks.filter((c) => c.kind === "swarm").map((c) => c.id);
    expect(swarm).toEqual(["swarm-nodes", "stack-deployed", "wordpress-replicas", "database-runs", "replicas-answer"]);
  });

  it("the reference stack passes every static check", () => {
    const statuses = staticStatuses(judgeStaticChecks(checks, workspace(solution)));
    expect(Object.values(statuses).every((s) => s === "pass")).toBe(true);
  });

  it("step 8's file, copied unchanged, passes the static checks too", () => {
    const statuses = staticStatuses(judgeStaticChecks(checks, workspace(step8)));
    expect(Object.values(statuses).every((s) => s === "pass")).toBe(true);
  });

  it("a look-alike database image fails the images check", () => {
    const statuses = staticStatuses(judgeStaticChecks(checks, workspace(solution.replace("image: mysql:5.7", "image: someone/mysql:5.7"))));
    expect(statuses.images).toBe("fail");
  });

  it("a folder still named after step 8 fails the folder check", () => {
    const results = judgeStaticChecks(checks, workspace(solution, "8_my_final_wordpress"));
    expect(results.get("folder")?.status).toBe("fail");
    expect(results.get("folder")?.message).toContain(FOLDER);
  });

  // The two checks that do run retry for their timeoutSeconds (15 s by default) before failing.
  it("graded where there is no cluster, the swarm checks say so instead of passing or crashing", async () => {
    const noCluster = fakeSandbox({}, "unexpected");
    const report = await runChecks(checks, workspace(solution), noCluster);
    const swarm = report.results.filter((r) => checks.checks.find((c) => c.id === r.id)?.kind === "swarm");
    expect(swarm.map((r) => r.status)).toEqual(["error", "error", "skip", "skip", "skip"]);
    expect(swarm[0]?.message).toContain("three-node cluster");
    expect(report.passed).toBe(false);
  }, 60_000);
});
