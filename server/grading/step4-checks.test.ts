/**
 * Step 4's checks (lessons/04-persistent-data/checks.yaml): what they ask of the image, and how
 * the runner treats the persistence check (after the step's container, skipped when it or the
 * database check fails, probed with the spec's volumes and scripts).
 */
import { describe, expect, it } from "vitest";
import type { GradingSandbox, PersistenceRequest } from "./grading-sandbox";
import { fakeSandbox } from "./fixtures/fake-sandbox";
import { gradeStatically, loadLessonChecks, readLessonFile } from "../grading-services/testing/content-test";
import { implicitDependencies, runChecks } from "./run-checks";
import type { ChecksFile } from "./check-spec";

const LESSON = "04-persistent-data";
const FOLDER = "4_wordpress_multiservice_persistant";
const checksFile = loadLessonChecks(LESSON);
const solution = readLessonFile(LESSON, `solution/${FOLDER}/Dockerfile`);
const byId = new Map(checksFile.checks.map((c) => [c.id, c]));

describe("step 4 checks.yaml", () => {
  it("asks for both volumes, port 80 and data that survives on named volumes", () => {
    expect(checksFile.folder).toBe(FOLDER);
    expect(byId.get("volumes")).toMatchObject({ kind: "persistence-declared", paths: ["/var/lib/mysql", "/var/www/html"] });
    expect(byId.get("exposed-port")).toMatchObject({ kind: "image-config", exposedPorts: ["80/tcp"] });
    const persistence = byId.get("data-persists");
    expect(persistence).toMatchObject({ kind: "persistence", image: "mon_image_wordpress", publish: [] });
    expect(persistence?.kind === "persistence" && persistence.mounts.map((m) => m.target)).toEqual(["/var/lib/mysql", "/var/www/html"]);
  });

  it("runs the persistence check only after the build, the step's container and the database admin", () => {
    const deps = implicitDependencies(byId.get("data-persists")!, checksFile.checks);
    expect(deps).toEqual(expect.arrayContaining(["build", "container-up", "mysql-admin"]));
  });
});

describe("step 4: persistence from the Dockerfile and/or the launch command", () => {
  const volumesOf = async (dockerfile: string) => (await gradeStatically(checksFile, { folder: FOLDER, files: { [`${FOLDER}/Dockerfile`]: dockerfile } })).get("volumes")!;
  const withoutVolume = solution.replace(/^VOLUME .*$/m, "");
  const runLine = /^#\s+docker run .*$/m;

  it("passes the reference solution, which does both", async () => {
    expect(solution).toMatch(/^VOLUME /m);
    expect(await volumesOf(solution)).toMatchObject({ status: "pass" });
  });

  it("passes without VOLUME when the documented run command names both volumes", async () => {
    expect(withoutVolume).not.toBe(solution);
    expect((await volumesOf(withoutVolume)).status).toBe("pass");
    const mounts = withoutVolume.replace(
      runLine,
      "#   docker run -d -p 80:80 --mount type=volume,source=db,target=/var/lib/mysql --volume=html:/var/www/html --name mon_conteneur_wordpress mon_image_wordpress",
    );
    expect((await volumesOf(mounts)).status).toBe("pass");
  });

  it("fails without VOLUME when the run command uses anonymous volumes or none", async () => {
    const anonymous = withoutVolume.replace(runLine, "#   docker run -d -p 80:80 -v /var/lib/mysql -v /var/www/html --name mon_conteneur_wordpress mon_image_wordpress");
    expect(await volumesOf(anonymous)).toMatchObject({ status: "fail", message: expect.stringContaining("docker volume prune deletes") });
    const none = withoutVolume.replace(runLine, "#   docker run -d -p 80:80 --name mon_conteneur_wordpress mon_image_wordpress");
    expect((await volumesOf(none)).status).toBe("fail");
  });
});

/** A sandbox standing in for a good image, recording what it was asked; `persistent` says whether data survives. */
function step4Sandbox(calls: string[], containerRuns = true, persistent = true): GradingSandbox {
  const lastLine = (script: string) => script.trim().split("\n").at(-1) ?? "";
  return fakeSandbox({
    build: async () => (calls.push("build"), { kind: "build", ok: true, timedOut: false, logTail: "", durationMs: 1 }),
    runContainer: async () => (calls.push("run"), { kind: "container", started: true, running: containerRuns, logsTail: "", ...(containerRuns ? {} : { exitCode: 1 }) }),
    inspectImage: async () => ({ kind: "image-config", env: [], user: "mysql", exposedPorts: ["80/tcp"], volumes: ["/var/lib/mysql", "/var/www/html"], cmd: null, entrypoint: null }),
    listProcesses: async () => ({
      kind: "processes",
      processes: [
        { command: "apache2", user: "101", args: "" },
        { command: "mariadbd", user: "101", args: "" },
      ],
    }),
    httpGet: async () => ({ kind: "http", status: 200, body: "wp-admin/setup-config.php", chain: ["http://localhost/wordpress/"] }),
    execInContainer: async () => ({ kind: "exec", exitCode: 0, output: "ADMIN-HAS-ALL-PRIVILEGES-ON-WORDPRESS", timedOut: false }),
    checkPersistence: async (request: PersistenceRequest) => {
      calls.push(`persistence ${request.container} ${request.mounts.map((m) => `${m.source}:${m.target}`).join(" ")} ${request.user} ${request.timeoutMs}`);
      expect(lastLine(request.read)).toContain("wb-persistence-probe.txt");
      const output = persistent
        ? "The row: row-kept-by-the-volume\nThe file: file-kept-by-the-volume"
        : "The row: ERROR 1146 (42S02): Table 'wordpress.wb_persistence_probe' doesn't exist\nThe file: cat: No such file";
      const up = { started: true, running: true, logsTail: "" };
      const script = { exitCode: 0, output, timedOut: false, tries: 1 };
      return { kind: "persistence", first: up, write: { ...script, output: "Wrote" }, second: up, read: script };
    },
  });
}

const workspace = { folder: FOLDER, files: { [`${FOLDER}/Dockerfile`]: solution } };
const run = (sandbox: GradingSandbox, file: ChecksFile = checksFile) => runChecks(file, workspace, sandbox);
const status = (report: Awaited<ReturnType<typeof run>>, id: string) => report.results.find((r) => r.id === id)?.status;

describe("step 4 through the runner", () => {
  it("probes persistence last, with the spec's container, volumes, user and timeout", async () => {
    const calls: string[] = [];
    const report = await run(step4Sandbox(calls));
    expect(report.passed).toBe(true);
    expect(calls).toEqual(["build", "run", "persistence wb_check_persistence wb_check_mysql_data:/var/lib/mysql wb_check_html:/var/www/html 0 60000"]);
  });

  it("fails data-persists with the database's answer when the row is gone", async () => {
    const report = await run(step4Sandbox([], true, false));
    expect(status(report, "data-persists")).toBe("fail");
    expect(report.results.find((r) => r.id === "data-persists")!.message).toContain("doesn't exist");
  });

  it("skips data-persists, without starting its containers, when the step's container does not stay up", async () => {
    const calls: string[] = [];
    const report = await run(step4Sandbox(calls, false));
    expect(status(report, "container-up")).toBe("fail");
    expect(status(report, "data-persists")).toBe("skip");
    expect(calls.some((c) => c.startsWith("persistence"))).toBe(false);
  });
});
