/** Pass and fail cases of the judges that read sandbox evidence. */
import { describe, expect, it } from "vitest";
import type { BuildOutcome, ExecOutcome, HttpOutcome } from "../evidence";
import { specOf, STEP1_FOLDER, workspaceWithDockerfile } from "../fixtures/test-workspace";
import { judgeBuild } from "../kinds/build/judge";
import { judgeContainer } from "../kinds/container/judge";
import { judgeExec } from "../kinds/exec/judge";
import { judgeHttp } from "../kinds/http/judge";
import { judgeImageConfig } from "../kinds/image-config/judge";
import { judgeProcesses } from "../kinds/processes/judge";
import { checkSpecSchema } from "../check-spec";
import { judgeShell } from "../kinds/shell/judge";

describe("build", () => {
  const spec = specOf({ kind: "build", tag: "img" });
  const dockerfile = 'FROM debian\nRUN apt-get update \\\n && apt-get install -y mariadb-servr\nCMD ["bash"]\n';
  const outcome = (o: Partial<BuildOutcome>): BuildOutcome => ({ kind: "build", ok: false, timedOut: false, logTail: "", durationMs: 1000, ...o });

  it("passes on a successful build", () => {
    expect(judgeBuild(spec, outcome({ ok: true, durationMs: 42_000 }), workspaceWithDockerfile(dockerfile))).toMatchObject({
      status: "pass",
      message: "Built the image img in 42 s.",
      file: `${STEP1_FOLDER}/Dockerfile`,
    });
  });

  it("points at the failed RUN and explains apt's error (classic builder output)", () => {
    const result = judgeBuild(
      spec,
      outcome({
        error: "The command '/bin/sh -c apt-get update  && apt-get install -y mariadb-servr' returned a non-zero code: 100",
        logTail: "Step 2/3 : RUN apt-get update  && apt-get install -y mariadb-servr\nE: Unable to locate package mariadb-servr\n",
      }),
      workspaceWithDockerfile(dockerfile),
    );
    expect(result).toMatchObject({ status: "fail", line: 2 });
    expect(result.message).toContain("the build failed at line 2 (RUN)");
    expect(result.message).toContain("apt cannot find a package named mariadb-servr");
  });

  it("uses BuildKit's Dockerfile:N references", () => {
    const result = judgeBuild(spec, outcome({ error: "Dockerfile:4\n--------\nfailed to solve" }), workspaceWithDockerfile(dockerfile));
    expect(result.line).toBe(4);
  });

  it("reports a timeout", () => {
    expect(judgeBuild(spec, outcome({ timedOut: true }), workspaceWithDockerfile(dockerfile)).message).toContain("did not finish within 900 s");
  });
});

describe("container", () => {
  const spec = specOf({ kind: "container", name: "box", image: "img", publish: ["80:80"] });

  it("passes when it is still running", () => {
    expect(judgeContainer(spec, { kind: "container", started: true, running: true, logsTail: "" }).status).toBe("pass");
  });

  it("explains an exit with code 0 as nothing in the foreground, with the logs", () => {
    const result = judgeContainer(spec, { kind: "container", started: true, running: false, exitCode: 0, logsTail: "Starting MariaDB\n" });
    expect(result.status).toBe("fail");
    expect(result.message).toContain("nothing kept running in the foreground");
    expect(result.message).toContain("Starting MariaDB");
  });

  it("reports a container that could not start", () => {
    const result = judgeContainer(spec, { kind: "container", started: false, running: false, logsTail: "", error: "port is already allocated" });
    expect(result.message).toContain("port is already allocated");
  });
});

describe("image-config", () => {
  const spec = specOf({
    kind: "image-config",
    image: "img",
    env: [{ describe: "the password", value: "tempo" }],
    exposedPorts: ["80"],
    volumes: ["/var/lib/mysql"],
  });
  const config = { kind: "image-config" as const, user: "", cmd: null, entrypoint: null };

  it("passes when the variable, the port and the volume are there", () => {
    const result = judgeImageConfig(spec, { ...config, env: ["PATH=/usr/bin", "DB_PASS=tempo"], exposedPorts: ["80/tcp"], volumes: ["/var/lib/mysql/"] });
    expect(result.status).toBe("pass");
    expect(result.message).toContain("DB_PASS=tempo");
  });

  it("lists what is missing and what the image has", () => {
    const result = judgeImageConfig(spec, { ...config, env: ["PATH=/usr/bin", "DB_PASS=secret"], exposedPorts: [], volumes: [] });
    expect(result.status).toBe("fail");
    expect(result.message).toContain("no variable holds the password (value tempo)");
    expect(result.message).toContain("its Env has DB_PASS=secret");
    expect(result.message).toContain("does not expose 80/tcp");
    expect(result.message).toContain("declares no volume /var/lib/mysql");
  });

  it("checks the user", () => {
    const withUser = specOf({ kind: "image-config", image: "img", user: "mysql" });
    expect(judgeImageConfig(withUser, { ...config, env: [], exposedPorts: [], volumes: [] }).message).toContain("its User is empty (root), not mysql");
  });
});

describe("processes", () => {
  const spec = specOf({
    kind: "processes",
    container: "box",
    running: [
      { describe: "Apache", anyOf: ["apache2", "httpd"] },
      { describe: "MariaDB", anyOf: ["mariadbd", "mysqld"] },
    ],
  });
  const process = (command: string, args = command) => ({ command, user: "0", args });

  it("passes when a process of each group runs, by comm or by program path", () => {
    const result = judgeProcesses(spec, { kind: "processes", processes: [process("bash"), process("apache2", "/usr/sbin/apache2 -k start"), process("mysqld", "/usr/sbin/mysqld")] });
    expect(result.status).toBe("pass");
    expect(judgeProcesses(spec, { kind: "processes", processes: [process("httpd"), process("mariadbd")] }).status).toBe("pass");
  });

  it("names the missing service and what runs instead", () => {
    const result = judgeProcesses(spec, { kind: "processes", processes: [process("bash"), process("apache2")] });
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Expected MariaDB (mariadbd or mysqld) running in box");
    expect(result.message).toContain("its processes are bash and apache2");
  });

  it("does not take mysqld_safe for the server", () => {
    expect(judgeProcesses(spec, { kind: "processes", processes: [process("apache2"), process("mysqld_safe", "/bin/sh /usr/bin/mysqld_safe")] }).status).toBe("fail");
  });

  describe("with the program each process runs", () => {
    const runs = (command: string, path: string, pkg: string | undefined, intact = true) => ({
      ...process(command, path),
      program: { path, ...(pkg ? { package: pkg } : {}), intact },
    });
    const apache = runs("apache2", "/usr/sbin/apache2", "apache2-bin");

    it("passes on the packages' own programs", () => {
      expect(judgeProcesses(spec, { kind: "processes", processes: [apache, runs("mariadbd", "/usr/sbin/mariadbd", "mariadb-server-core")] }).status).toBe("pass");
    });

    it("refuses a program no package installed, named like the server", () => {
      const result = judgeProcesses(spec, { kind: "processes", processes: [apache, runs("mariadbd", "/usr/local/bin/mariadbd", undefined, false)] });
      expect(result.status).toBe("fail");
      expect(result.message).toContain("MariaDB: a process named mariadbd runs /usr/local/bin/mariadbd, which no installed package provides");
    });

    it("refuses a package's file replaced by another program", () => {
      const result = judgeProcesses(spec, {
        kind: "processes",
        processes: [runs("apache2", "/usr/sbin/apache2", "apache2-bin", false), runs("mariadbd", "/usr/sbin/mariadbd", "mariadb-server-core")],
      });
      expect(result.status).toBe("fail");
      expect(result.message).toContain("runs /usr/sbin/apache2, which is not the file the package apache2-bin installed");
    });

    it("takes the real server when an impostor runs beside it", () => {
      const fake = runs("apache2", "/usr/bin/perl", "perl-base");
      const result = judgeProcesses(spec, {
        kind: "processes",
        processes: [{ ...fake, program: { ...fake.program, package: undefined, intact: false } }, apache, runs("mysqld", "/usr/sbin/mysqld", "mysql-server")],
      });
      expect(result.status).toBe("pass");
    });
  });
});

describe("http", () => {
  const spec = specOf({ kind: "http", port: 80, path: "/wordpress/", bodyPattern: "setup-config\\.php|install\\.php", rejectBodyPattern: "<\\?php" });
  const answer = (o: Partial<HttpOutcome>): HttpOutcome => ({ kind: "http", chain: ["http://localhost/wordpress/"], ...o });

  it("passes on the installer page after redirects", () => {
    const result = judgeHttp(
      spec,
      answer({ status: 200, body: '<form action="setup-config.php?step=1">', chain: ["http://localhost/wordpress/", "http://localhost/wordpress/wp-admin/setup-config.php"] }),
    );
    expect(result.status).toBe("pass");
    expect(result.message).toContain("redirected to http://localhost/wordpress/wp-admin/setup-config.php");
  });

  it("fails on PHP source served as text, quoting it", () => {
    const result = judgeHttp(spec, answer({ status: 200, body: "<?php\n/** setup-config.php */ require 'wp-blog-header.php';" }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("not to contain /<\\?php/");
  });

  it("fails on a wrong status, another page, or no answer", () => {
    expect(judgeHttp(spec, answer({ status: 404, body: "Not Found" })).message).toContain("it answered 404");
    expect(judgeHttp(spec, answer({ status: 200, body: "<title>Apache2 Debian Default Page</title>" })).message).toContain('its title is "Apache2 Debian Default Page"');
    expect(judgeHttp(spec, answer({ error: "connection refused (nothing listens on that port)" })).message).toContain("connection refused");
  });

  it("reports an invalid pattern as our error", () => {
    expect(judgeHttp(specOf({ kind: "http", port: 80, bodyPattern: "[" }), answer({ status: 200, body: "" })).status).toBe("error");
  });
});

describe("exec and shell", () => {
  const spec = specOf({ kind: "exec", container: "box", script: "true", expectOutput: "ALL-OK", failMessage: "admin cannot log in." });
  const ran = (o: Partial<ExecOutcome>): ExecOutcome => ({ kind: "exec", exitCode: 0, output: "", timedOut: false, ...o });

  it("passes on the expected exit code and output", () => {
    expect(judgeExec(spec, ran({ output: "logged in\nALL-OK\n" })).status).toBe("pass");
  });

  it("leads with the teacher's message and shows the output", () => {
    const result = judgeExec(spec, ran({ exitCode: 1, output: "ERROR 1045 (28000): Access denied for user 'admin'@'localhost'" }));
    expect(result.status).toBe("fail");
    expect(result.message.startsWith("admin cannot log in. Expected exit code 0 in box; got 1.")).toBe(true);
    expect(result.message).toContain("Access denied");
  });

  it("fails on missing or rejected output and on a timeout", () => {
    expect(judgeExec(spec, ran({ output: "nothing" })).message).toContain("to match /ALL-OK/");
    const rejecting = specOf({ kind: "exec", container: "box", script: "true", rejectOutput: "Warning" });
    expect(judgeExec(rejecting, ran({ output: "Warning: x" })).status).toBe("fail");
    expect(judgeExec(spec, ran({ timedOut: true, exitCode: null })).message).toContain("did not finish within 30 s");
  });

  it("judges shell scripts the same way", () => {
    const shell = specOf({ kind: "shell", script: "docker ps", expectExitCode: 0 });
    expect(judgeShell(shell, ran({})).status).toBe("pass");
    expect(judgeShell(shell, ran({ exitCode: 2 })).status).toBe("fail");
  });
});

describe("exec with the grader's tools", () => {
  const exec = { id: "probe", title: "Probe", kind: "exec", container: "box", script: "true" };

  it("runs with the container's programs unless the check asks for the grader's", () => {
    expect(checkSpecSchema.parse(exec)).toMatchObject({ tools: "container" });
    expect(checkSpecSchema.parse({ ...exec, tools: "grader" })).toMatchObject({ tools: "grader" });
  });

  it("refuses a user with the grader's tools, which always run as the engine's root", () => {
    const parsed = checkSpecSchema.safeParse({ ...exec, tools: "grader", user: "mysql" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["user"]);
  });
});
