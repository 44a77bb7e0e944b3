/**
 * Step 9's checks file, without a cluster: it parses; its static checks pass on the reference
 * stack and on step 8's file copied unchanged (the swarm adaptation is judged on the running
 * swarm, not in the file); the lab's own folder, 8_my_final_wordpress, is read when
 * 9_wordpress_swarm holds nothing of the student's; a grade that starts fresh knows what to
 * deploy and scale; and on one engine (clusters off) the step is passable, the three-node checks
 * reported as not judged there.
 */
import { describe, expect, it } from "vitest";
import { gradeStatically, loadLessonChecks, readLessonFile, staticStatuses } from "../grading-services/testing/content-test";
import { runChecks } from "./run-checks";
import { fakeSandbox } from "./fixtures/fake-sandbox";
import { snapshotOfStep } from "./judges/step-folder";
import { swarmGradingPlan } from "./swarm/swarm-grading-plan";
import type { SwarmOutcome } from "./evidence";
import { db, node, outcome, probe, task, wordpress } from "./fixtures/swarm-outcomes";

const checks = loadLessonChecks("09-swarm");
const FOLDER = "9_wordpress_swarm";
const LAB_FOLDER = "8_my_final_wordpress";
const solution = readLessonFile("09-swarm", `solution/${FOLDER}/stack_wordpress.yml`);
const starter = readLessonFile("09-swarm", `starter/${FOLDER}/stack_wordpress.yml`);
const step8 = readLessonFile("08-final-wordpress", `solution/${LAB_FOLDER}/stack_wordpress.yml`);
/** The workspace as the grader sees it: the folder chosen among the accepted names. */
const workspace = (files: Record<string, string>, ignored: string[] = []) => snapshotOfStep(checks, files, ignored);
const inFolder = (stack: string, folder = FOLDER) => workspace({ [`${folder}/stack_wordpress.yml`]: stack });
/** The checks a grade decides from the stack file alone (so "all pass" cannot hold of nothing). */
const STATIC_CHECKS = ["folder", "stack-services", "images", "credentials", "swarm-settings"];

describe("step 9 checks file", () => {
  it("has the swarm checks the lesson promises, each asking one thing", () => {
    const swarm = checks.checks.filter((c) => c.kind === "swarm").map((c) => c.id);
    expect(swarm).toEqual(["swarm-nodes", "stack-deployed", "wordpress-replicas", "database-runs", "replicas-answer"]);
  });

  it("the reference stack passes every static check", async () => {
    const statuses = staticStatuses(await gradeStatically(checks, inFolder(solution)));
    expect(Object.keys(statuses)).toEqual(STATIC_CHECKS);
    expect(Object.values(statuses).every((s) => s === "pass")).toBe(true);
  });

  it("step 8's file, copied unchanged, passes the static checks too", async () => {
    const statuses = staticStatuses(await gradeStatically(checks, inFolder(step8)));
    expect(Object.keys(statuses)).toEqual(STATIC_CHECKS);
    expect(Object.values(statuses).every((s) => s === "pass")).toBe(true);
  });

  it("a look-alike database image fails the images check", async () => {
    const statuses = staticStatuses(await gradeStatically(checks, inFolder(solution.replace("image: mysql:5.7", "image: someone/mysql:5.7"))));
    expect(statuses.images).toBe("fail");
  });
});

describe("step 9's folder: the workbench's copy or the lab's own", () => {
  it("the lab's way, step 8's folder 8_my_final_wordpress, passes the folder check and is what the checks read", async () => {
    const ws = inFolder(solution, LAB_FOLDER);
    expect(ws.folder).toBe(LAB_FOLDER);
    const results = await gradeStatically(checks, ws);
    expect(results.get("folder")?.status).toBe("pass");
    expect(results.get("folder")?.message).toBe(`Found ${LAB_FOLDER}/stack_wordpress.yml.`);
    expect(Object.values(staticStatuses(results)).every((s) => s === "pass")).toBe(true);
  });

  it("a student working in 9_wordpress_swarm keeps being read there, even with step 8's folder beside it", async () => {
    const ws = workspace({ [`${FOLDER}/stack_wordpress.yml`]: solution, [`${LAB_FOLDER}/stack_wordpress.yml`]: step8 });
    expect(ws.folder).toBe(FOLDER);
    expect((await gradeStatically(checks, ws)).get("folder")?.message).toBe(`Found ${FOLDER}/stack_wordpress.yml.`);
  });

  it("9_wordpress_swarm holding only the untouched starter does not hide the lab's folder", () => {
    const files = { [`${FOLDER}/stack_wordpress.yml`]: starter, [`${LAB_FOLDER}/stack_wordpress.yml`]: solution };
    expect(workspace(files, [`${FOLDER}/stack_wordpress.yml`]).folder).toBe(LAB_FOLDER);
    // Once the student edits the starter, it is their work and is read.
    expect(workspace(files, []).folder).toBe(FOLDER);
  });

  it("the starter alone, untouched, is still what is judged (and fails)", () => {
    const ws = workspace({ [`${FOLDER}/stack_wordpress.yml`]: starter }, [`${FOLDER}/stack_wordpress.yml`]);
    expect(ws.folder).toBe(FOLDER);
  });

  it("neither folder: the folder check names both names expected, and a look-alike", async () => {
    const results = await gradeStatically(checks, inFolder(solution, "9_wordpress_swam"));
    expect(results.get("folder")?.status).toBe("fail");
    expect(results.get("folder")?.message).toContain(`Expected a folder named ${FOLDER} or ${LAB_FOLDER} at the top of your workspace; neither is there.`);
    expect(results.get("folder")?.message).toContain(`9_wordpress_swam/`);
    expect(results.get("folder")?.message).toContain(`rename it to ${FOLDER}`);
  });

  it("a checks file may not list its own folder among the alternatives", async () => {
    const { checksFileSchema } = await import("./check-spec");
    const parsed = checksFileSchema.safeParse({ ...checks, alsoAccepted: [FOLDER] });
    expect(parsed.success).toBe(false);
  });
});

describe("a grade that starts from the files alone", () => {
  it("deploys the step folder's stack_wordpress.yml as the stack wordpress, scales WordPress to 2 and creates the home folders it mounts", () => {
    const plan = swarmGradingPlan(checks, inFolder(step8, LAB_FOLDER));
    expect(plan).toMatchObject({ file: "stack_wordpress.yml", stack: "wordpress", nodes: 3 });
    expect(plan?.scale).toEqual([{ service: expect.objectContaining({ image: "(^|/)wordpress(:|$)" }), replicas: 2 }]);
    expect(plan?.homeFolders.sort()).toEqual(["data_wordpress", "source_code_wordpress"]);
    expect(swarmGradingPlan(checks, inFolder(solution))?.homeFolders).toEqual(["data_wordpress"]);
  });

  it("creates no folder a hostile file names outside the home or with a path in it", () => {
    const hostile = solution.replace("/home/$USER/data_wordpress:/var/lib/mysql", "/home/$USER/../../etc:/var/lib/mysql");
    expect(swarmGradingPlan(checks, inFolder(hostile))?.homeFolders).toEqual([]);
    const elsewhere = solution.replace("/home/$USER/data_wordpress:/var/lib/mysql", "/var/lib/x:/var/lib/mysql");
    expect(swarmGradingPlan(checks, inFolder(elsewhere))?.homeFolders).toEqual([]);
  });
});

/** The reference deployed on a one-node swarm: one WordPress replica runs, the other waits for a node. */
const oneNode = (wordpressReplicas = 2): SwarmOutcome =>
  outcome({
    place: "single-engine",
    nodes: [node("workbench", { role: "manager", addr: "10.0.2.100", leader: true })],
    services: [
      wordpress({
        name: "wordpress_wordpress",
        stack: "wordpress",
        desiredReplicas: wordpressReplicas,
        tasks: [
          task("workbench", { addresses: [] }),
          ...(wordpressReplicas > 1 ? [task("", { state: "pending", error: "no suitable node (host-mode port already in use on 1 node)", addresses: [], hostPorts: [] })] : []),
        ],
      }),
      db({ name: "wordpress_db", stack: "wordpress", tasks: [task("workbench", { addresses: [], hostPorts: [] })] }),
    ],
    probes: [probe("workbench", { service: "wordpress_wordpress" })],
  });

describe("step 9 where clusters are off (one engine)", () => {
  it("the reference on a one-node swarm passes: the three-node checks are not judged here, and say so", async () => {
    const report = await runChecks(checks, inFolder(solution), fakeSandbox({ inspectSwarm: async () => oneNode() }));
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId["swarm-nodes"]).toMatchObject({ status: "skip", notJudgedHere: true });
    expect(byId["wordpress-replicas"]).toMatchObject({ status: "skip", notJudgedHere: true });
    for (const id of ["folder", "stack-services", "images", "credentials", "swarm-settings", "stack-deployed", "database-runs", "replicas-answer"]) expect(byId[id]?.status, id).toBe("pass");
    expect(report.passed).toBe(true);
    expect(report.score).toBe(100);
  });

  it("one replica wanted fails there too: what one node can judge still counts", async () => {
    const report = await runChecks(checks, inFolder(solution), fakeSandbox({ inspectSwarm: async () => oneNode(1) }));
    expect(report.results.find((r) => r.id === "wordpress-replicas")?.status).toBe("fail");
    expect(report.passed).toBe(false);
    expect(report.score).toBe(88.9); // 8 of the 9 judged checks (swarm-nodes is not judged on one node)
  }, 30_000);

  it("a sandbox that cannot show a swarm at all: an error saying what to do, never a pass", async () => {
    const report = await runChecks(checks, inFolder(solution), fakeSandbox({}, "unexpected"));
    const swarm = report.results.filter((r) => checks.checks.find((c) => c.id === r.id)?.kind === "swarm");
    expect(swarm.map((r) => r.status)).toEqual(["error", "error", "skip", "skip", "skip"]);
    expect(swarm[0]?.message).toContain("tell your teacher");
    expect(report.passed).toBe(false);
  }, 60_000);
});
