/** Pass and fail cases of the judges for steps that run several containers: containers, script, compose-up. */
import { describe, expect, it } from "vitest";
import type { ComposeUpOutcome, ContainerFacts, ContainersOutcome, ExecOutcome, WorkspaceSnapshot } from "../evidence";
import { specOf } from "../fixtures/test-workspace";
import { judgeComposeUp } from "../kinds/compose-up/judge";
import { renderText } from "../../../lib/i18n/render-text";
import { judgeContainers } from "../kinds/containers/judge";
import { judgeScript } from "../kinds/script/judge";

const fact = (c: Partial<ContainerFacts> & { name: string }): ContainerFacts => ({
  image: `${c.name}_img`,
  running: true,
  state: "running",
  links: [],
  published: [],
  networkMode: "default",
  mounts: [],
  processes: [],
  ...c,
});
const web = (c: Partial<ContainerFacts> = {}) =>
  fact({ name: "site", processes: ["apache2", "apache2", "apache2"], links: [{ container: "base", alias: "db" }], published: [{ container: "80/tcp", host: "0.0.0.0:80" }], ...c });
const db = (c: Partial<ContainerFacts> = {}) => fact({ name: "base", processes: ["mariadbd"], mounts: [{ destination: "/var/lib/mysql", type: "volume" }], ...c });
const outcome = (...containers: ContainerFacts[]): ContainersOutcome => ({ kind: "containers", containers });

const roles = {
  web: { role: "web", describe: "the Apache container", runs: ["apache2", "httpd"] },
  db: { role: "db", describe: "the MariaDB container", runs: ["mariadbd", "mysqld"] },
};

describe("containers", () => {
  const two = specOf({ kind: "containers", count: 2, expect: [roles.web, roles.db] });
  const linked = specOf({ kind: "containers", expect: [{ ...roles.web, linksTo: "db" }, roles.db] });
  const privateDb = specOf({ kind: "containers", expect: [{ ...roles.db, mustNotPublish: ["3306"] }] });
  const persistent = specOf({ kind: "containers", expect: [{ ...roles.db, mounts: ["/var/lib/mysql"] }] });

  it("finds the containers by what they run, whatever their names", () => {
    const result = judgeContainers(two, outcome(web(), db()));
    expect(result).toMatchObject({ status: "pass", message: "Found the Apache container: site and the MariaDB container: base." });
    expect(judgeContainers(two, outcome(web({ name: "x" }), db({ name: "y", processes: ["mysqld"] }))).status).toBe("pass");
  });

  it("counts every container and lists them when the number is wrong", () => {
    const result = judgeContainers(two, outcome(web(), db(), fact({ name: "extra", processes: ["sleep"] })));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/exactly 2 containers; found 3/);
    expect(result.message).toContain("extra (image extra_img, runs sleep)");
    expect(judgeContainers(two, outcome()).message).toMatch(/found 0\. Your engine holds no container/);
  });

  it("does not take one container for both roles (a step-1 style all-in-one container)", () => {
    const allInOne = fact({ name: "dirty", processes: ["apache2", "mariadbd"] });
    const result = judgeContainers(specOf({ kind: "containers", expect: [roles.web, roles.db] }), outcome(allInOne));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/Expected the MariaDB container: a container running mariadbd or mysqld/);
  });

  it("says why a container that should run has stopped", () => {
    const result = judgeContainers(two, outcome(web(), db({ running: false, state: "exited", exitCode: 1, processes: [] })));
    expect(result.status).toBe("fail");
    // A stopped container runs nothing, so it cannot be recognised by its processes.
    expect(result.message).toMatch(/Expected the MariaDB container/);
    const named = specOf({ kind: "containers", expect: [{ role: "db", describe: "the database", name: "base" }] });
    expect(judgeContainers(named, outcome(db({ running: false, state: "exited", exitCode: 1 }))).message).toMatch(/is exited with exit code 1\. Look at docker logs base/);
  });

  it("checks the legacy link goes to the database container", () => {
    expect(judgeContainers(linked, outcome(web(), db())).status).toBe("pass");
    const unlinked = judgeContainers(linked, outcome(web({ links: [], networkMode: "wpnet" }), db({ networkMode: "wpnet" })));
    expect(unlinked.status).toBe("fail");
    expect(unlinked.message).toMatch(/site must be started with --link base:<alias>; it has no link \(it is on the network wpnet/);
    const elsewhere = judgeContainers(linked, outcome(web({ links: [{ container: "other", alias: "base" }] }), db()));
    expect(elsewhere.message).toMatch(/its links go to other/);
  });

  it("rejects a published database port, whatever the host port", () => {
    expect(judgeContainers(privateDb, outcome(web(), db())).status).toBe("pass");
    const published = judgeContainers(privateDb, outcome(web(), db({ published: [{ container: "3306/tcp", host: "0.0.0.0:33060" }] })));
    expect(published.status).toBe("fail");
    expect(published.message).toMatch(/base publishes its port 3306\/?\w* on the host \(0\.0\.0\.0:33060\)/);
  });

  it("requires a mount on /var/lib/mysql (volume or bind mount, trailing slash or not)", () => {
    expect(judgeContainers(persistent, outcome(db({ mounts: [{ destination: "/var/lib/mysql/", type: "bind" }] }))).status).toBe("pass");
    const none = judgeContainers(persistent, outcome(db({ mounts: [{ destination: "/var/lib/mysql-files", type: "volume" }] })));
    expect(none.status).toBe("fail");
    expect(none.message).toMatch(/must keep \/var\/lib\/mysql in a volume/);
  });

  it("reports an engine error as a failure, not a crash", () => {
    expect(judgeContainers(two, { kind: "containers", containers: [], error: "connect ECONNREFUSED" })).toMatchObject({ status: "fail" });
  });
});

describe("script", () => {
  const spec = specOf({ kind: "script", file: "build_and_launch.sh" });
  const folder = "5_wordpress_microservice_persistant";
  const withScript: WorkspaceSnapshot = { folder, files: { [`${folder}/build_and_launch.sh`]: "docker build ." } };
  const run = (o: Partial<ExecOutcome>): ExecOutcome => ({ kind: "exec", exitCode: 0, output: "", timedOut: false, ...o });

  it("passes on exit code 0", () => {
    expect(judgeScript(spec, run({}), withScript)).toMatchObject({ status: "pass", message: "bash build_and_launch.sh finished with exit code 0." });
  });

  it("shows the end of the output on failure and marks the script", () => {
    const result = judgeScript(spec, run({ exitCode: 125, output: "Step 1/2…\nUnable to find image 'apache_wordpress:latest' locally\n" }), withScript);
    expect(result).toMatchObject({ status: "fail", file: `${folder}/build_and_launch.sh` });
    expect(result.message).toMatch(/exited with 125\.\nLast lines of its output:\n[\s\S]*Unable to find image/);
  });

  it("fails a timeout and a missing script with what happened", () => {
    expect(judgeScript(spec, run({ exitCode: null, timedOut: true }), withScript).message).toMatch(/did not finish within 900 s/);
    const missing = judgeScript(spec, run({}), { folder, files: { [`${folder}/build_and_launch`]: "" } });
    expect(missing.status).toBe("fail");
    expect(missing.message).toMatch(/No build_and_launch\.sh/);
  });
});

describe("compose-up", () => {
  const spec = specOf({ kind: "compose-up", project: "p", stableSeconds: 5 });
  const up = (o: Partial<ComposeUpOutcome>): ComposeUpOutcome => ({
    kind: "compose-up",
    exitCode: 0,
    timedOut: false,
    outputTail: "",
    services: ["apache_wordpress", "mysql_wordpress"],
    containers: [
      { name: "p_apache_wordpress_1", service: "apache_wordpress", running: true, state: "running", logsTail: "" },
      { name: "p_mysql_wordpress_1", service: "mysql_wordpress", running: true, state: "running", logsTail: "" },
    ],
    ...o,
  });

  it("passes when every service runs", () => {
    const result = judgeComposeUp(spec, up({}));
    expect(result).toMatchObject({
      status: "pass",
      message: "docker-compose -f docker-compose.yml up -d --build succeeded; p_apache_wordpress_1 and p_mysql_wordpress_1 are running.",
    });
    expect(renderText(result.text!, "fr")).toBe("docker-compose -f docker-compose.yml up -d --build a réussi ; p_apache_wordpress_1 et p_mysql_wordpress_1 tournent.");
  });

  it("fails when up fails, with compose's output", () => {
    const result = judgeComposeUp(spec, up({ exitCode: 1, containers: [], outputTail: "ERROR: for apache_wordpress  port is already allocated" }));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/exited with 1\.\nOutput:\nERROR: for apache_wordpress {2}port is already allocated/);
  });

  it("names the service that stopped, with its exit code and logs", () => {
    const containers = up({}).containers.map((c) =>
      c.service === "mysql_wordpress" ? { ...c, running: false, state: "exited", exitCode: 1, logsTail: "[ERROR] Can't create/write to file '/run/mysqld/mysqld.pid'" } : c,
    );
    const result = judgeComposeUp(spec, up({ containers }));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/p_mysql_wordpress_1 \(service mysql_wordpress\) is exited, exit code 1\.[\s\S]*mysqld\.pid/);
  });

  it("treats a service its restart policy keeps restarting as stopped", () => {
    const containers = up({}).containers.map((c) =>
      c.service === "apache_wordpress" ? { ...c, running: false, state: "restarting (it exited and was restarted 2 times)", exitCode: 0, logsTail: "httpd (pid 7) already running" } : c,
    );
    const result = judgeComposeUp(spec, up({ containers }));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/p_apache_wordpress_1 \(service apache_wordpress\) is restarting \(it exited and was restarted 2 times\), exit code 0/);
  });

  it("fails when a service got no container, and when the file cannot be read", () => {
    expect(judgeComposeUp(spec, up({ containers: up({}).containers.slice(0, 1) })).message).toMatch(/service mysql_wordpress; compose started none/);
    const unreadable = judgeComposeUp(spec, up({ exitCode: null, error: "docker-compose cannot read docker-compose.yml", outputTail: 'ERROR: Version in "./docker-compose.yml" is unsupported.' }));
    expect(unreadable.status).toBe("fail");
    expect(unreadable.message).toMatch(/could not run: docker-compose cannot read[\s\S]*unsupported/);
  });

  it("fails a file without services", () => {
    expect(judgeComposeUp(spec, up({ services: [], containers: [] })).message).toMatch(/declares no service/);
  });
});
