/**
 * Failing fixtures of each kind whose messages are in the catalog, read in both languages: the
 * English is the result's message, the French is French, and what the student wrote or the
 * engine said is quoted unchanged.
 */
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../lib/protocol/messages";
import { renderText } from "../../../lib/i18n/render-text";
import type { BuildOutcome } from "../evidence";
import { specOf, STEP1_FOLDER, workspaceWithDockerfile } from "../fixtures/test-workspace";
import { judgeDynamic } from "../judge";
import { judgeBaseImage } from "../kinds/base-image/judge";
import { judgeBuild } from "../kinds/build/judge";
import { judgeFolder } from "../kinds/folder/judge";
import { judgeInstruction } from "../kinds/instruction/judge";
import { judgeContainer } from "../kinds/container/judge";
import { judgeComposeUp } from "../kinds/compose-up/judge";
import { judgeExec } from "../kinds/exec/judge";
import { judgeHttp } from "../kinds/http/judge";
import { judgeImageConfig } from "../kinds/image-config/judge";
import { judgeDockerfileLint } from "../kinds/dockerfile-lint/judge";
import { LINT_RULE_IDS } from "../lint/rule-ids";
import { dockerfileSyntaxResults } from "../dockerfile-syntax-results";
import { judgePackagesStatically } from "../kinds/packages/judge";
import { judgeTrailingComments } from "../kinds/trailing-comments/judge";
import { judgeEnvInOneInstruction } from "../kinds/env-in-one-instruction/judge";
import { judgeArchiveDownload } from "../kinds/archive-download/judge";
import { judgePersistenceDeclared } from "../kinds/persistence-declared/judge";
import { judgeScript } from "../kinds/script/judge";
import { judgeProcesses } from "../kinds/processes/judge";
import { judgeContainers } from "../kinds/containers/judge";
import { judgePersistence } from "../kinds/persistence/judge";
import { judgeWordpressJourney } from "../kinds/wordpress-journey/judge";
import { refuseBuild } from "../kinds/build/judge";

/** Words of the English messages that a French one never has. */
const ENGLISH = /\b(Expected|the|is missing|found|instead|holds|build failed|Last output|Not checked)\b/;

function bothLanguages(result: CheckResult): { en: string; fr: string } {
  expect(result.text, `no text for: ${result.message}`).toBeDefined();
  const en = renderText(result.text!, "en");
  const fr = renderText(result.text!, "fr");
  expect(en).toBe(result.message);
  expect(fr).toBeDefined();
  return { en: en!, fr: fr! };
}

const build = specOf({ kind: "build", tag: "wp" });
const outcome = (o: Partial<BuildOutcome>): BuildOutcome => ({ kind: "build", ok: false, timedOut: false, logTail: "", durationMs: 1000, ...o });
const APT_DOCKERFILE = 'FROM debian\nRUN apt-get update \\\n && apt-get install -y mariadb-servr\nCMD ["bash"]\n';

const FAILING: [string, () => CheckResult, string[]][] = [
  ["folder: a misspelt folder", () => judgeFolder(specOf({ kind: "folder" }), workspaceWithDockerfile("FROM debian\n", "1_Worpress_Multiservice_Dirty")), ["1_Worpress_Multiservice_Dirty/"]],
  [
    "folder: a file under another case",
    () => judgeFolder(specOf({ kind: "folder" }), { folder: STEP1_FOLDER, files: { [`${STEP1_FOLDER}/dockerfile`]: "FROM debian\n" } }),
    ["dockerfile", "Dockerfile"],
  ],
  [
    "base-image: no Dockerfile",
    () => judgeBaseImage(specOf({ kind: "base-image", image: "debian", tag: "latest" }), { folder: STEP1_FOLDER, files: { [`${STEP1_FOLDER}/start.sh`]: "" } }),
    [`${STEP1_FOLDER}/Dockerfile`],
  ],
  ["base-image: another image", () => judgeBaseImage(specOf({ kind: "base-image", image: "debian", tag: "latest" }), workspaceWithDockerfile("FROM ubuntu:22.04\n")), ["FROM ubuntu:22.04"]],
  ["base-image: an impostor", () => judgeBaseImage(specOf({ kind: "base-image", image: "debian", tag: "latest" }), workspaceWithDockerfile("FROM someone/debian\n")), ["someone/debian"]],
  [
    "build: apt cannot find a package",
    () =>
      judgeBuild(
        build,
        outcome({
          error: "The command '/bin/sh -c apt-get update  && apt-get install -y mariadb-servr' returned a non-zero code: 100",
          logTail: "Step 2/3 : RUN apt-get update  && apt-get install -y mariadb-servr\nE: Unable to locate package mariadb-servr\n",
        }),
        workspaceWithDockerfile(APT_DOCKERFILE),
      ),
    ["The command '/bin/sh -c apt-get update  && apt-get install -y mariadb-servr' returned a non-zero code: 100", "E: Unable to locate package mariadb-servr"],
  ],
  ["build: a timeout", () => judgeBuild(build, outcome({ timedOut: true, logTail: "Step 3/9 : RUN sleep 9999\n" }), workspaceWithDockerfile(APT_DOCKERFILE)), ["Step 3/9 : RUN sleep 9999"]],
  ["any kind: no evidence gathered", () => judgeDynamic(build, undefined, workspaceWithDockerfile("FROM debian\n")), []],
  ["instruction: no Dockerfile folder", () => judgeInstruction(specOf({ kind: "instruction", instruction: "EXPOSE" }), workspaceWithDockerfile("FROM debian\n", "elsewhere")), [STEP1_FOLDER]],
  [
    "exec: a wrong exit code",
    () =>
      judgeExec(specOf({ kind: "exec", container: "wp", script: "test -f /var/www/html/index.php", expectExitCode: 0 }), {
        kind: "exec",
        exitCode: 1,
        output: "ls: cannot access 'index.php'\n",
        timedOut: false,
      }),
    ["ls: cannot access 'index.php'"],
  ],
  ["exec: printed nothing", () => judgeExec(specOf({ kind: "exec", container: "wp", script: "true", expectOutput: "ok" }), { kind: "exec", exitCode: 0, output: "", timedOut: false }), ["/ok/"]],
  [
    "http: nothing answers",
    () => judgeHttp(specOf({ kind: "http", port: 8080, path: "/" }), { kind: "http", chain: ["http://localhost:8080/"], error: "connect ECONNREFUSED 127.0.0.1:8080" }),
    ["connect ECONNREFUSED 127.0.0.1:8080"],
  ],
  [
    "http: another page",
    () => judgeHttp(specOf({ kind: "http", port: 80, path: "/", bodyPattern: "WordPress" }), { kind: "http", status: 200, chain: ["http://localhost/"], body: "<title>It works!</title>" }),
    ["It works!"],
  ],
  [
    "compose-up: a service stopped",
    () =>
      judgeComposeUp(specOf({ kind: "compose-up", file: "docker-compose.yml", project: "step" }), {
        kind: "compose-up",
        exitCode: 0,
        timedOut: false,
        outputTail: "",
        services: ["db", "wordpress"],
        containers: [
          { name: "step_db_1", service: "db", running: false, state: "exited", exitCode: 1, logsTail: "[ERROR] Database is uninitialized and password option is not specified\n" },
          { name: "step_wordpress_1", service: "wordpress", running: true, state: "running", logsTail: "" },
        ],
      }),
    ["step_db_1", "[ERROR] Database is uninitialized and password option is not specified"],
  ],
  [
    "container: it stopped",
    () => judgeContainer(specOf({ kind: "container", name: "box", image: "img" }), { kind: "container", started: true, running: false, exitCode: 127, logsTail: "sh: apache2ctl: not found\n" }),
    ["sh: apache2ctl: not found"],
  ],
  [
    "image-config: a missing port and user",
    () =>
      judgeImageConfig(specOf({ kind: "image-config", image: "img", user: "mysql", exposedPorts: ["80"] }), {
        kind: "image-config",
        env: ["PATH=/usr/bin"],
        user: "",
        exposedPorts: [],
        volumes: [],
        cmd: null,
        entrypoint: null,
      }),
    ["80/tcp", "mysql"],
  ],
  [
    "dockerfile-lint: every rule required",
    () => judgeDockerfileLint(specOf({ kind: "dockerfile-lint", required: [...LINT_RULE_IDS] }), workspaceWithDockerfile(APT_DOCKERFILE)),
    ["debian:latest", "/var/lib/apt/lists"],
  ],
  ["instruction: too few", () => judgeInstruction(specOf({ kind: "instruction", instruction: "EXPOSE", min: 1 }), workspaceWithDockerfile("FROM debian\n")), []],
  [
    "env-in-one-instruction: split over two ENV",
    () =>
      judgeEnvInOneInstruction(
        specOf({
          kind: "env-in-one-instruction",
          variables: [
            { describe: "le mot de passe", value: "tempo" },
            { describe: "la base", value: "wordpress" },
          ],
        }),
        workspaceWithDockerfile("FROM debian\nENV PASS=tempo\nENV DB=wordpress\n"),
      ),
    ["PASS=tempo", "DB=wordpress"],
  ],
  [
    "trailing-comments: the run command publishes no port",
    () =>
      judgeTrailingComments(
        specOf({ kind: "trailing-comments", commands: [{ describe: "la commande run", command: "run", name: "box", publish: ["80:80"] }] }),
        workspaceWithDockerfile('FROM debian\nCMD ["bash"]\n# docker run --name box img -p 80:80\n'),
      ),
    ["docker run --name box img -p 80:80"],
  ],
  [
    "archive-download: a tar.gz instead of the zip",
    () => judgeArchiveDownload(specOf({ kind: "archive-download", format: "zip" }), workspaceWithDockerfile("FROM debian\nRUN wget https://wordpress.org/latest.tar.gz\n")),
    ["https://wordpress.org/latest.tar.gz", "https://wordpress.org/latest.zip"],
  ],
  [
    "persistence-declared: an anonymous volume",
    () => judgePersistenceDeclared(specOf({ kind: "persistence-declared", paths: ["/var/lib/mysql"] }), workspaceWithDockerfile('FROM debian\nCMD ["bash"]\n# docker run -d -v /var/lib/mysql img\n')),
    ["/var/lib/mysql"],
  ],
  [
    "packages: a package missing from the apt line",
    () =>
      judgePackagesStatically(
        specOf({ kind: "packages", installed: [{ describe: "le serveur MariaDB", anyOf: ["mariadb-server"] }] }),
        workspaceWithDockerfile("FROM debian\nRUN apt-get update && apt-get install -y apache2\n"),
      ),
    ["apache2", "mariadb-server"],
  ],
  ["build: a fork bomb refused", () => refuseBuild(build, workspaceWithDockerfile("FROM debian\nRUN f() { f | f & }; f\n"))!, ["f() { f | f & }; f"]],
  [
    "script: a non-zero exit",
    () =>
      judgeScript(
        specOf({ kind: "script", file: "run.sh" }),
        { kind: "exec", exitCode: 2, output: "docker: Error response from daemon\n", timedOut: false },
        {
          folder: STEP1_FOLDER,
          files: { [`${STEP1_FOLDER}/run.sh`]: "docker run img\n" },
        },
      ),
    ["bash run.sh", "docker: Error response from daemon"],
  ],
  [
    "processes: the database is not running",
    () =>
      judgeProcesses(specOf({ kind: "processes", container: "wp", running: [{ describe: "le serveur MariaDB", anyOf: ["mariadbd"] }] }), {
        kind: "processes",
        processes: [{ pid: 1, command: "apache2", args: "apache2 -DFOREGROUND", user: "0", userName: "root" }],
      }),
    ["mariadbd", "apache2"],
  ],
  [
    "containers: the database container stopped",
    () =>
      judgeContainers(specOf({ kind: "containers", expect: [{ role: "db", describe: "le conteneur MariaDB", image: "mysql", running: true }] }), {
        kind: "containers",
        containers: [{ name: "db", image: "mysql_img", running: false, state: "exited", exitCode: 1, links: [], published: [], networkMode: "default", mounts: [], processes: [] }],
      }),
    ["docker logs db"],
  ],
  [
    "persistence: the data is gone",
    () =>
      judgePersistence(specOf({ kind: "persistence", container: "db", image: "db", mounts: [{ source: "data", target: "/var/lib/mysql" }], write: "true", read: "cat /x", expectOutput: "kept" }), {
        kind: "persistence",
        first: { started: true, running: true, logsTail: "" },
        write: { exitCode: 0, output: "", timedOut: false, tries: 1 },
        second: { started: true, running: true, logsTail: "" },
        read: { exitCode: 0, output: "cat: /x: No such file or directory\n", timedOut: false, tries: 1 },
      }),
    ["cat: /x: No such file or directory", "/kept/"],
  ],
  [
    "wordpress-journey: a database error",
    () =>
      judgeWordpressJourney(specOf({ kind: "wordpress-journey", port: 8080, siteTitle: "Mon site" }), {
        kind: "wordpress-journey",
        install: "unreachable",
        home: { status: 500, databaseError: true, installer: false, excerpt: "" },
        transcript: [],
      }),
    ["Error establishing a database connection", "WORDPRESS_DB_HOST", "docker-compose logs db"],
  ],
];

describe("a failing check's message in French and English", () => {
  it.each(FAILING)("%s", (_name, judge, quoted) => {
    const result = judge();
    expect(result.status).not.toBe("pass");
    const { en, fr } = bothLanguages(result);
    for (const quote of quoted) expect(fr).toContain(quote);
    // What is quoted may be English (the engine's words); the rest is French.
    expect(quoted.reduce((text, quote) => text.replaceAll(quote, ""), fr)).not.toMatch(ENGLISH);
    expect(fr).not.toBe(en);
  });

  it("says the lesson's describe and failMessage texts in French when its checks.fr.yaml gives them", () => {
    const spec = specOf({ kind: "packages", installed: [{ describe: "the MariaDB server", anyOf: ["mariadb-server"] }] });
    const result = judgePackagesStatically(spec, workspaceWithDockerfile("FROM debian\nRUN apt-get update && apt-get install -y apache2\n"));
    const context = { checkPhrases: { [spec.id]: { "the MariaDB server": "le serveur MariaDB" } } };
    expect(result.message).toBe("Expected the MariaDB server (mariadb-server) to be installed; the apt lines (line 2) install apache2.");
    expect(renderText(result.text!, "fr", context)).toBe("Il fallait installer le serveur MariaDB (mariadb-server) ; les lignes apt (ligne 2) installent apache2.");
    // A page without the lesson's French quotes the teacher's English rather than showing nothing.
    expect(renderText(result.text!, "fr")).toContain("the MariaDB server (mariadb-server)");

    const exec = specOf({ kind: "exec", container: "wp", script: "false", failMessage: "Expected MariaDB to listen on every interface." });
    const failed = judgeExec(exec, { kind: "exec", exitCode: 1, output: "", timedOut: false });
    const french = renderText(failed.text!, "fr", { checkPhrases: { [exec.id]: { "Expected MariaDB to listen on every interface.": "MariaDB devait écouter sur toutes les interfaces." } } });
    expect(failed.message).toMatch(/^Expected MariaDB to listen on every interface\. Expected exit code 0 in wp; got 1\./);
    expect(french).toMatch(/^MariaDB devait écouter sur toutes les interfaces\. Le code de sortie attendu dans wp était 0 ; il vaut 1\./);
  });

  it("gives every lint finding its French for the editor's markers", () => {
    const result = judgeDockerfileLint(
      specOf({ kind: "dockerfile-lint", required: [...LINT_RULE_IDS] }),
      workspaceWithDockerfile("FROM debian\nMAINTAINER me\nRUN cd /tmp\nRUN sudo apt-get install b a\nCMD apache2ctl -D FOREGROUND\n"),
    );
    expect(result.findings!.length).toBeGreaterThanOrEqual(6);
    for (const finding of result.findings!) {
      expect(finding.text, finding.rule).toBeDefined();
      expect(renderText(finding.text!, "en")).toBe(finding.message);
      expect(renderText(finding.text!, "fr")).not.toMatch(ENGLISH);
    }
  });

  it("marks what Docker cannot read in French, live in the editor", () => {
    const results = dockerfileSyntaxResults(`${STEP1_FOLDER}/Dockerfile`, "RUN echo hi\nFROM debian\nRUNN echo\nCMD\n");
    expect(results.map((r) => bothLanguages(r).fr)).toEqual([
      "RUN à la ligne 1 vient avant le premier FROM : un Dockerfile doit commencer par FROM (seul ARG peut le précéder)",
      "Instruction inconnue RUNN à la ligne 3",
      "CMD à la ligne 4 n’a aucun argument",
    ]);
  });

  it("reads a build failure as a French teacher writes it", () => {
    const result = judgeBuild(build, outcome({ error: "exit code 100", logTail: "E: Unable to locate package mariadb-servr\n" }), workspaceWithDockerfile(APT_DOCKERFILE));
    expect(bothLanguages(result).fr).toBe(
      "L’image wp devait se construire ; la construction a échoué : exit code 100.\n" +
        "apt ne trouve aucun paquet nommé mariadb-servr : vérifiez que ce nom existe dans Debian, et lancez apt-get update dans le même RUN, avant apt-get install.\n" +
        "Dernières lignes de sortie :\nE: Unable to locate package mariadb-servr",
    );
  });
});

/** Successes that say what they found, each in French but for the values it quotes. */
const PASSING: [string, () => CheckResult, string[]][] = [
  [
    "image-config: variables, user, ports and volumes as asked",
    () =>
      judgeImageConfig(
        specOf({ kind: "image-config", image: "img", env: [{ keyPattern: "^MYSQL_USER$", describe: "the MySQL user" }], user: "mysql", exposedPorts: ["3306"], volumes: ["/var/lib/mysql"] }),
        {
          kind: "image-config",
          env: ["PATH=/usr/bin", "MYSQL_USER=tempo"],
          user: "mysql",
          exposedPorts: ["3306/tcp"],
          volumes: ["/var/lib/mysql"],
          cmd: null,
          entrypoint: null,
        },
      ),
    ["MYSQL_USER=tempo", "3306/tcp", "/var/lib/mysql"],
  ],
  [
    "compose-up: every service runs",
    () =>
      judgeComposeUp(specOf({ kind: "compose-up", file: "docker-compose.yml", project: "p" }), {
        kind: "compose-up",
        exitCode: 0,
        timedOut: false,
        outputTail: "",
        services: ["db"],
        containers: [{ name: "p_db_1", service: "db", running: true, state: "running", logsTail: "" }],
      }),
    ["docker-compose -f docker-compose.yml up -d", "p_db_1"],
  ],
];

describe("a passing check's message in French and English", () => {
  it.each(PASSING)("%s", (_name, judge, quoted) => {
    const result = judge();
    expect(result.status).toBe("pass");
    const { en, fr } = bothLanguages(result);
    for (const quote of quoted) expect(fr).toContain(quote);
    expect(quoted.reduce((text, quote) => text.replaceAll(quote, ""), fr)).not.toMatch(/\b(the|is|are|has|it|exposes|declares|running|succeeded)\b/);
    expect(fr).not.toBe(en);
  });
});
