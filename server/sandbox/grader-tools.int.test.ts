/**
 * The grader's evidence comes from its own tools, not the student's image (issue 9, 2b): an image
 * that puts a fake mariadb client on PATH, runs `sleep` renamed mariadbd, replaces a package's
 * program with another one and rewrites dpkg's checksum of it to match, and claims a package version
 * Debian never published, is seen for what it is, in a real learner engine.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineManager, LearnerEngine } from "./engine-manager";
import { EngineGradingSandbox } from "./engine-grading-sandbox";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";
import { judgeProcesses } from "../grading/kinds/processes/judge";
import { checkSpecSchema, type CheckSpecOf } from "../grading/check-spec";

const IMPOSTORS = `FROM debian:bookworm
RUN cp /usr/bin/sleep /usr/local/bin/mariadbd \\
 && cp /usr/bin/sleep /usr/bin/tail \\
 && m=$(md5sum /usr/bin/tail | cut -c1-32) && sed -i "/  usr\\/bin\\/tail$/s/^[0-9a-f]*/$m/" /var/lib/dpkg/info/coreutils.md5sums \\
 && sed -i "/^Package: grep$/,/^$/s/^Version: .*/Version: 9:99.0-forged/" /var/lib/dpkg/status \\
 && printf '#!/bin/sh\\necho ADMIN-HAS-ALL-PRIVILEGES-ON-WORDPRESS\\n' >/usr/local/bin/mariadb && chmod 755 /usr/local/bin/mariadb \\
 && printf '#!/bin/sh\\necho "ii  mariadb-server"\\n' >/usr/local/bin/dpkg-query && chmod 755 /usr/local/bin/dpkg-query \\
 && mkdir -p /var/www/html/wordpress/wp-includes \\
 && echo "<?php \\$wp_version = '6.8.1';" >/var/www/html/wordpress/wp-includes/version.php
CMD ["sh", "-c", "mariadbd 1000 & tail 1000 & exec sleep 1000"]
`;

describe("grader tools beside a student's container", () => {
  let workspace: string;
  let engines: EngineManager;
  let engine: LearnerEngine;
  let sandbox: EngineGradingSandbox;

  beforeAll(async () => {
    workspace = makeLearnerWorkspace("wb-tools-");
    engines = createTestEngines(workspace);
    engine = await engines.ensure("tools-student");
    sandbox = new EngineGradingSandbox(engine, workspace);
    // The student also tags an image of theirs with the tools' name: the grader runs its own by id.
    const setUp = await runAsLearner(
      engine,
      `set -e; mkdir -p /tmp/impostors && cd /tmp/impostors && cat >Dockerfile <<'EOF'\n${IMPOSTORS}EOF\n` +
        "docker build -q -t impostors . && docker tag impostors docker-workbench/grader-tools:1 && docker run -d --name impostors impostors",
      300_000,
    );
    expect(setUp.exitCode, setUp.output).toBe(0);
  }, 360_000);

  afterAll(async () => {
    await engines?.remove("tools-student");
    rmSync(workspace, { recursive: true, force: true });
  }, 120_000);

  it("tells each process's real program, its package and whether the file was changed", async () => {
    const outcome = await sandbox.listProcesses("impostors");
    expect(outcome.error).toBeUndefined();
    const byName = (name: string) => outcome.processes.find((p) => p.command === name);
    expect(byName("mariadbd")?.program).toEqual({ path: "/usr/local/bin/mariadbd", intact: false });
    expect(byName("tail")?.program).toEqual({ path: "/usr/bin/tail", package: "coreutils", intact: false });
    expect(byName("sleep")).toMatchObject({ pid: 1, user: "0", userName: "root", program: { path: "/usr/bin/sleep", package: "coreutils", intact: true } });
    // Only the student's processes: none of the tools' own.
    expect(outcome.processes.map((p) => p.program?.path)).not.toContain("/bin/busybox");
    expect(outcome.processes).toHaveLength(3);

    const spec = checkSpecSchema.parse({
      id: "services",
      kind: "processes",
      title: "MariaDB runs",
      container: "impostors",
      running: [{ describe: "the MariaDB server", anyOf: ["mariadbd", "mysqld"] }],
    }) as CheckSpecOf<"processes">;
    const verdict = judgeProcesses(spec, outcome);
    expect(verdict.status).toBe("fail");
    expect(verdict.message).toContain("a process named mariadbd runs /usr/local/bin/mariadbd, which no installed package provides");
  }, 120_000);

  it("runs the grader's own mariadb client, not the one on the container's PATH, and reads its files under $ROOT", async () => {
    const script =
      'mariadb --protocol=TCP --host=127.0.0.1 --user=admin --password=tempo -e "SELECT 1" 2>&1; echo "exit $?"; ' + 'grep -m1 wp_version "$ROOT/var/www/html/wordpress/wp-includes/version.php"';
    const graders = await sandbox.execInContainer({ container: "impostors", script, tools: "grader", timeoutMs: 30_000 });
    expect(graders.exitCode).toBe(0);
    expect(graders.output).not.toContain("ADMIN-HAS-ALL-PRIVILEGES-ON-WORDPRESS");
    expect(graders.output).toMatch(/Can't connect to server on '127\.0\.0\.1'/);
    expect(graders.output).toContain("$wp_version = '6.8.1';");
    // The same script with the container's own programs is fooled: that is why steps use the grader's.
    const students = await sandbox.execInContainer({ container: "impostors", script, timeoutMs: 30_000 });
    expect(students.output).toContain("ADMIN-HAS-ALL-PRIVILEGES-ON-WORDPRESS");
  }, 120_000);

  it("reads the packages from dpkg's files itself and finds the package program that was replaced", async () => {
    const began = Date.now();
    const outcome = await sandbox.listPackages("impostors", ["coreutils", "grep", "mariadb-server"]);
    const took = Date.now() - began;
    expect(outcome.error).toBeUndefined();
    expect(outcome.verifyError).toBeUndefined();
    expect(outcome.installed).toContain("coreutils");
    expect(outcome.installed).not.toContain("mariadb-server"); // the fake dpkg-query is never run
    // tail's checksum was rewritten in the image's md5sums too: Debian's own .deb says otherwise.
    expect(outcome.changed).toEqual([
      { package: "grep", path: "", problem: "unpublished", version: "9:99.0-forged" },
      { package: "coreutils", path: "/usr/bin/tail", problem: "changed" },
    ]);
    console.log(`packages read and coreutils verified in ${took} ms`);
  }, 120_000);

  it("leaves no container of its own behind", async () => {
    const containers = await engine.inner.listContainers({ all: true });
    expect(containers.map((c) => c.Names[0])).toEqual(["/impostors"]);
  });
});
