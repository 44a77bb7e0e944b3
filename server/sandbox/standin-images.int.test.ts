/**
 * The offline stand-ins for Docker Hub's `wordpress` and `mysql:5.7` (server/sandbox/standin-images/,
 * built and pushed into the registry mirror by scripts/ensure-standin-images.sh), as a learner meets
 * them in a real learner engine: both images pull by their Docker Hub names, a step-7 compose file
 * brings up WordPress talking to its database, the application user works in its database, and
 * with bind-mounted data folders (step 8) an installed site survives `docker-compose down` + `up`.
 * Where Docker Hub answers (no mirror), the same scenario runs on the real images; only the check
 * that the mirror served the stand-ins is skipped. Timings are printed for the report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chownSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LearnerEngine } from "./engine-manager";
import { LEARNER_UID, LEARNER_WORKSPACE } from "./engine-options";
import { createTestEngines, makeLearnerWorkspace, runAsLearner } from "./testing/test-engines";

const studentId = "standinimagestest";
const workspace = makeLearnerWorkspace("wb-standin-");
const engines = createTestEngines(workspace, { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
// Swarm services (step 9) run on privileged-caps nodes (server/sandbox/cluster-manager.ts): a
// rootless engine's swarm cannot start tasks ("mkdir /var/lib/docker: permission denied").
const swarmStudentId = "standinimagesswarmtest";
const swarmEngines = createTestEngines(workspace, { mode: "privileged-caps", memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
let engine: LearnerEngine;
/** Whether the engine pulls through the workbench registry mirror (so it runs the stand-ins). */
let standins = false;

const ENV = `
    environment:
      WORDPRESS_DB_HOST: db
      WORDPRESS_DB_USER: exampleuser
      WORDPRESS_DB_PASSWORD: examplepass
      WORDPRESS_DB_NAME: exampledb`;
const DB_ENV = `
    environment:
      MYSQL_DATABASE: exampledb
      MYSQL_USER: exampleuser
      MYSQL_PASSWORD: examplepass
      MYSQL_RANDOM_ROOT_PASSWORD: '1'`;

/** Step 7's stack; with `persist`, step 8's bind mounts of (empty) folders next to the file. */
function composeFile(persist: boolean): string {
  return `version: '3.1'
services:
  wordpress:
    image: wordpress
    restart: always
    ports:
      - 8080:80${ENV}${persist ? "\n    volumes:\n      - ./source_code_wordpress:/var/www/html" : ""}
  db:
    image: mysql:5.7
    restart: always${DB_ENV}${persist ? "\n    volumes:\n      - ./data_wordpress:/var/lib/mysql" : ""}
`;
}

function writeProject(folder: string, persist: boolean): string {
  const dir = path.join(workspace, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "docker-compose.yml"), composeFile(persist));
  chownSync(dir, LEARNER_UID, LEARNER_UID);
  chownSync(path.join(dir, "docker-compose.yml"), LEARNER_UID, LEARNER_UID);
  return `${LEARNER_WORKSPACE}/${folder}`;
}

async function learner(script: string, timeoutMs = 300_000, on: LearnerEngine = engine): Promise<string> {
  const result = await runAsLearner(on, `set -e\n${script}`, timeoutMs);
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}${result.timedOut ? " (timed out)" : ""}:\n${result.output.slice(-3000)}`);
  return result.output;
}

/** Polls a URL from the learner's shell until it answers 200 with `expected` in the body; returns the seconds waited. */
async function waitForPage(url: string, expected: string, timeoutS = 120, on: LearnerEngine = engine): Promise<number> {
  const started = Date.now();
  const out = await learner(
    `for i in $(seq 1 ${timeoutS * 2}); do
       code="$(curl -s -o /tmp/page.html -w '%{http_code}' --max-time 5 '${url}' || true)"
       if [ "$code" = 200 ] && grep -qF '${expected}' /tmp/page.html; then echo ANSWERED; exit 0; fi
       sleep 0.5
     done
     echo "last answer: HTTP $code"; head -c 2000 /tmp/page.html; exit 1`,
    (timeoutS + 30) * 1000,
    on,
  );
  expect(out).toContain("ANSWERED");
  return (Date.now() - started) / 1000;
}

function report(line: string): void {
  process.stderr.write(`[standin-images] ${line}\n`);
}

beforeAll(async () => {
  engine = await engines.ensure(studentId);
});

afterAll(async () => {
  await engines.remove(studentId);
  await swarmEngines.remove(swarmStudentId);
  rmSync(workspace, { recursive: true, force: true });
});

describe("wordpress and mysql:5.7 in a learner engine", () => {
  it("pulls both images by their Docker Hub names, served by the mirror as labelled stand-ins", async (ctx) => {
    const mirrors = await learner(`docker info --format '{{range .RegistryConfig.Mirrors}}{{.}} {{end}}'`);
    const started = Date.now();
    await learner("docker pull -q wordpress && docker pull -q mysql:5.7", 600_000);
    report(`pull of wordpress + mysql:5.7 into a fresh engine: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    standins = mirrors.includes("registry.workbench");
    if (!standins) {
      ctx.skip("no registry mirror in this engine (Docker Hub answers): the real images were pulled");
    }
    const labels = await learner(`docker image inspect -f '{{index .Config.Labels "org.dockerworkbench.standin"}} {{.Config.ExposedPorts}} {{.Config.Volumes}}' wordpress mysql:5.7`);
    const [wordpress, mysql] = labels.trim().split("\n");
    expect(wordpress).toMatch(/^true map\[80\/tcp:\{\}\] map\[\/var\/www\/html:\{\}\]$/);
    expect(mysql).toMatch(/^true map\[3306\/tcp:\{\}\] map\[\/var\/lib\/mysql:\{\}\]$/);
    const sizes = await learner(`docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(wordpress|mysql):'`);
    report(`image sizes in the engine: ${sizes.trim().replace(/\n/g, ", ")}`);
  });

  it("runs step 7's compose stack: the WordPress installer answers on 8080 once it reaches the database", async () => {
    const dir = writeProject("stack7", false);
    const started = Date.now();
    await learner(`cd ${dir} && docker-compose up -d`);
    const waited = await waitForPage("http://localhost:8080/wp-admin/install.php", 'name="weblog_title"');
    report(`step 7: from 'up -d' to the installer answering: ${((Date.now() - started) / 1000).toFixed(1)} s (polling ${waited.toFixed(1)} s)`);
    // The front page redirects to the installer: WordPress found an empty database, not a connection error.
    const front = await learner(`curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://localhost:8080/`);
    expect(front).toMatch(/^302 http:\/\/localhost:8080\/wp-admin\/install\.php/);
    const logs = await learner(`cd ${dir} && docker-compose logs db`);
    expect(logs).toContain("GENERATED ROOT PASSWORD");
  });

  it("lets exampleuser create and fill a table in exampledb through the db container, and no more", async () => {
    const dir = `${LEARNER_WORKSPACE}/stack7`;
    const out = await learner(
      `cd ${dir} && docker-compose exec -T db mysql -uexampleuser -pexamplepass exampledb \
         -e 'CREATE TABLE standin_check (id INT PRIMARY KEY, note VARCHAR(20)); INSERT INTO standin_check VALUES (1, "kept"); SELECT note FROM standin_check'`,
    );
    expect(out).toContain("kept");
    const denied = await runAsLearner(engine, `cd ${dir} && docker-compose exec -T db mysql -uexampleuser -pexamplepass -e 'CREATE DATABASE other'`);
    expect(denied.exitCode).not.toBe(0);
    expect(denied.output).toMatch(/Access denied/);
    await learner(`cd ${dir} && docker-compose down`);
  });

  it("keeps an installed site across down + up with step 8's bind-mounted folders", async () => {
    const dir = writeProject("stack8", true);
    // Empty folders created by the learner, as in step 8.
    await learner(`cd ${dir} && mkdir data_wordpress source_code_wordpress && docker-compose up -d`);
    await waitForPage("http://localhost:8080/wp-admin/install.php", 'name="weblog_title"');
    const install = await learner(
      `curl -s --max-time 120 -o /tmp/install.html -w '%{http_code}' http://localhost:8080/wp-admin/install.php?step=2 \
         --data-urlencode 'weblog_title=Standin Persistence' --data-urlencode 'user_name=admin' \
         --data-urlencode 'admin_password=Wb-Standin-Test-2026!x' --data-urlencode 'admin_password2=Wb-Standin-Test-2026!x' \
         --data-urlencode 'admin_email=admin@example.com' --data-urlencode 'blog_public=0'; echo; grep -c 'wp-login.php' /tmp/install.html`,
    );
    expect(install).toMatch(/^200\n[1-9]/);
    // WordPress landed in the learner's folder; its tables in the database kept in the other one.
    await learner(`cd ${dir} && ls source_code_wordpress/wp-config.php source_code_wordpress/wp-includes/version.php && test -n "$(ls data_wordpress)"`);
    const tables = await learner(`cd ${dir} && docker-compose exec -T db mysql -uexampleuser -pexamplepass exampledb -N -e 'SHOW TABLES' | grep -c '^wp_'`);
    expect(Number(tables.trim().split("\n").pop())).toBeGreaterThan(5);

    await learner(`cd ${dir} && docker-compose down && docker-compose up -d`);
    const started = Date.now();
    await waitForPage("http://localhost:8080/", "Standin Persistence");
    report(`step 8: site back after down + up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (standins) {
      // The re-created containers found the data: neither entrypoint initialised or copied again.
      const logs = await learner(`cd ${dir} && docker-compose logs`);
      expect(logs).toContain("initialisation skipped");
      expect(logs).not.toContain("WordPress not found");
    }
    await learner(`cd ${dir} && docker-compose down`);
  });

  it("deploys the pair with docker stack deploy on a one-node swarm (privileged-caps engine), digests resolved by the mirror", async () => {
    const node = await swarmEngines.ensure(swarmStudentId);
    // Host-mode port and DNS round robin: they work with or without IPVS (routing mesh) in the kernel.
    const dir = path.join(workspace, "stack9");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "stack.yml"),
      `version: '3.3'
services:
  wordpress:
    image: wordpress
    ports:
      - { target: 80, published: 8080, mode: host }${ENV}
    deploy: { endpoint_mode: dnsrr }
  db:
    image: mysql:5.7${DB_ENV}
    deploy: { endpoint_mode: dnsrr }
`,
    );
    chownSync(dir, LEARNER_UID, LEARNER_UID);
    await learner(`docker swarm init --advertise-addr 127.0.0.1 >/dev/null`, 60_000, node);
    const started = Date.now();
    const deploy = await learner(`cd ${LEARNER_WORKSPACE}/stack9 && docker stack deploy -c stack.yml wp 2>&1`, 120_000, node);
    expect(deploy).not.toMatch(/could not be accessed on a registry/);
    // The services are pinned to digests: the engine resolved both names through the mirror.
    const images = await learner(`docker service inspect -f '{{.Spec.TaskTemplate.ContainerSpec.Image}}' wp_wordpress wp_db`, 60_000, node);
    expect(images).toMatch(/^wordpress:latest@sha256:[0-9a-f]{64}\nmysql:5\.7@sha256:[0-9a-f]{64}$/m);
    // Pulls (a fresh engine) included.
    await waitForPage("http://localhost:8080/wp-admin/install.php", 'name="weblog_title"', 240, node);
    report(`stack deploy in a fresh engine: installer answering ${((Date.now() - started) / 1000).toFixed(1)} s after the deploy`);
  });
});
