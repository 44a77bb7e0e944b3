/** The stack-file judge on small stack files: every accepted spelling, look-alikes, and the line it marks. */
import { describe, expect, it } from "vitest";
import { specOf } from "../../fixtures/test-workspace";
import type { WorkspaceSnapshot } from "../../evidence";
import { judgeStackFile } from "./judge";

const FOLDER = "7_wordpress_official_stack";
const ws = (text: string): WorkspaceSnapshot => ({ folder: FOLDER, files: { [`${FOLDER}/stack_wordpress.yml`]: text } });
const judge = (spec: Record<string, unknown>, text: string) => judgeStackFile(specOf({ kind: "stack-file", file: "stack_wordpress.yml", ...spec }), ws(text));

const stack = (wordpress: string, db = "    image: mysql:5.7\n", version = 'version: "3.1"\n') => `${version}services:\n  wordpress:\n${wordpress}  db:\n${db}`;

describe("stack-file: reading the file", () => {
  it("says which file is missing", () => {
    const result = judgeStackFile(specOf({ kind: "stack-file", file: "stack_wordpress.yml" }), { folder: FOLDER, files: { [`${FOLDER}/docker-compose.yml`]: "services: {}\n" } });
    expect(result.status).toBe("fail");
    expect(result.message).toContain(`No stack_wordpress.yml at ${FOLDER}/stack_wordpress.yml`);
  });

  it("marks the line of a YAML syntax error", () => {
    const result = judge({ services: [{ name: "db" }] }, 'version: "3.1"\nservices:\n  db:\n    image: mysql:5.7\n   restart: always\n');
    expect(result).toMatchObject({ status: "fail", line: 5, file: `${FOLDER}/stack_wordpress.yml` });
    expect(result.message).toMatch(/not valid YAML: line 5/);
  });

  it("names the services it found when one is missing", () => {
    const result = judge({ services: [{ name: "wordpress" }, { name: "db" }] }, 'version: "3.1"\nservices:\n  wordpress:\n    image: wordpress\n  mysql:\n    image: mysql:5.7\n');
    expect(result).toMatchObject({ status: "fail", line: 2 });
    expect(result.message).toBe("Expected a service named db under services:; the file has wordpress and mysql.");
  });
});

describe("stack-file: version", () => {
  it.each(['"3.1"', "'3.1'", '"3.9"', '"3.10"'])("accepts version: %s", (v) => {
    expect(judge({ minVersion: "3.1" }, `version: ${v}\nservices: {}\n`).status).toBe("pass");
  });

  it.each([
    ['"3"', "has version: '3'"],
    ['"3.0"', "has version: '3.0'"],
    ['"2.4"', "has version: '2.4'"],
    ["3.1", "a number for YAML"],
  ])("rejects version: %s", (v, why) => {
    const result = judge({ minVersion: "3.1" }, `# a comment\nversion: ${v}\nservices: {}\n`);
    expect(result).toMatchObject({ status: "fail", line: 2 });
    expect(result.message).toContain(why);
  });

  it("rejects a file without version", () => {
    expect(judge({ minVersion: "3.1" }, "services: {}\n").message).toContain("has no version: line");
  });
});

describe("stack-file: images", () => {
  const spec = {
    services: [
      { name: "wordpress", image: "wordpress" },
      { name: "db", image: "mysql:5.7" },
    ],
  };
  it.each([
    ["wordpress", "mysql:5.7"],
    ["wordpress:latest", "docker.io/library/mysql:5.7"],
    ["library/wordpress", "index.docker.io/library/mysql:5.7"],
  ])("accepts %s and %s", (wp, db) => {
    expect(judge(spec, stack(`    image: ${wp}\n`, `    image: ${db}\n`)).status).toBe("pass");
  });

  it.each([
    ["someone/wordpress", "mysql:5.7", 4, "published by someone else"],
    ["wordpress", "mariadb:10.11", 6, "line 6 has image: mariadb:10.11"],
    ["wordpress", "mysql", 6, "tag 5.7; line 6 has image: mysql (tag latest)"],
    ["wordpress", "mysql:8.0", 6, "(tag 8.0)"],
    ["wordpress:php8.2-apache", "mysql:5.7", 4, "tag latest"],
    ["ghcr.io/library/wordpress", "mysql:5.7", 4, "ghcr.io/library/wordpress"],
  ])("rejects %s / %s on line %i", (wp, db, line, why) => {
    const result = judge(spec, stack(`    image: ${wp}\n`, `    image: ${db}\n`));
    expect(result).toMatchObject({ status: "fail", line });
    expect(result.message).toContain(why);
  });

  it("explains that a build: section is not the published image", () => {
    const result = judge(spec, stack("    build: ./apache_wordpress\n"));
    expect(result).toMatchObject({ status: "fail", line: 4 });
    expect(result.message).toContain("build: section instead");
  });
});

describe("stack-file: restart and ports", () => {
  it("points at the service that has no restart policy", () => {
    const result = judge(
      {
        services: [
          { name: "wordpress", restart: "always" },
          { name: "db", restart: "always" },
        ],
      },
      stack("    restart: always\n", "    image: mysql:5.7\n"),
    );
    expect(result).toMatchObject({ status: "fail", line: 5 });
    expect(result.message).toContain("Expected restart: always in service db; it has no restart: line");
  });

  it("rejects restart: unless-stopped and a YAML boolean", () => {
    const spec = { services: [{ name: "wordpress", restart: "always" }] };
    expect(judge(spec, stack("    restart: unless-stopped\n")).message).toContain("has restart: unless-stopped");
    expect(judge(spec, stack("    restart: no\n")).message).toContain("reads as a boolean");
    const quoted = judge(spec, stack('    restart: "no"\n'));
    expect(quoted.message).toContain("has restart: no.");
    expect(quoted.message).not.toContain("boolean");
  });

  const portSpec = { services: [{ name: "wordpress", ports: ["8080:80"] }] };
  it.each([
    '["8080:80"]',
    "[8080:80]",
    '["127.0.0.1:8080:80"]',
    '["8080:80/tcp"]',
    "\n      - target: 80\n        published: 8080",
    '\n      - target: 80\n        published: "8080"\n        mode: host',
  ])("accepts ports: %s", (ports) => {
    expect(judge(portSpec, stack(`    ports: ${ports}\n`)).status).toBe("pass");
  });

  it.each([
    ['["80:80"]', "publishes 80:80"],
    ['["80:8080"]', "The order is host:container"],
    ['["80"]', "(random):80"],
    ['["8080:80/udp"]', "publishes 8080:80"],
    ["\n      - target: 80", "(random):80"],
  ])("rejects ports: %s", (ports, why) => {
    const result = judge(portSpec, stack(`    ports: ${ports}\n`));
    expect(result).toMatchObject({ status: "fail" });
    expect(result.message).toContain(why);
  });

  it("reads an unquoted 22:22 as docker-compose does (a base-60 number)", () => {
    const result = judge({ services: [{ name: "wordpress", ports: ["22:22"] }] }, stack("    ports:\n      - 22:22\n"));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("(random):1342");
  });
});

describe("stack-file: environment and values across services", () => {
  const spec = {
    services: [
      { name: "wordpress", environment: ["WORDPRESS_DB_HOST", "WORDPRESS_DB_PASSWORD"] },
      { name: "db", environment: ["MYSQL_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"], values: { MYSQL_PASSWORD: "examplepass" } },
    ],
    sameValues: [{ from: "wordpress.WORDPRESS_DB_PASSWORD", equals: "db.MYSQL_PASSWORD" }],
    hostOf: [{ variable: "wordpress.WORDPRESS_DB_HOST", service: "db", port: 3306 }],
  };
  const wp = (host: string, password: string) => `    image: wordpress\n    environment:\n      WORDPRESS_DB_HOST: ${host}\n      WORDPRESS_DB_PASSWORD: ${password}\n`;
  const db = (password: string, random = '"1"') => `    image: mysql:5.7\n    environment:\n      - MYSQL_PASSWORD=${password}\n      - MYSQL_RANDOM_ROOT_PASSWORD=${random}\n`;

  it.each([
    ["db", "examplepass"],
    ["db:3306", "'examplepass'"],
    ['"db"', '"examplepass"'],
  ])("accepts host %s and password %s in map form against the list form", (host, password) => {
    expect(judge(spec, stack(wp(host, password), db("examplepass"))).status).toBe("pass");
  });

  it("fails a password that differs, on the WordPress side's line, quoting both values", () => {
    const result = judge(spec, stack(wp("db", "examplepas"), db("examplepass")));
    expect(result).toMatchObject({ status: "fail", line: 7 });
    expect(result.message).toBe('Expected WORDPRESS_DB_PASSWORD in wordpress to equal MYSQL_PASSWORD in db; line 7 gives "examplepas" but line 11 gives "examplepass".');
  });

  it("fails a value the lesson fixes even when both sides agree", () => {
    const result = judge(spec, stack(wp("db", "secret"), db("secret")));
    expect(result).toMatchObject({ status: "fail", line: 11 });
    expect(result.message).toContain('Expected MYSQL_PASSWORD=examplepass in service db; line 11 gives "secret"');
  });

  it.each([
    ["localhost", "localhost is that container itself"],
    ["mysql", 'gives "mysql"'],
    ["db:3307", 'gives "db:3307"'],
  ])("rejects WORDPRESS_DB_HOST=%s", (host, why) => {
    const result = judge(spec, stack(wp(host, "examplepass"), db("examplepass")));
    expect(result).toMatchObject({ status: "fail", line: 6 });
    expect(result.message).toContain(why);
  });

  it("lists missing variables and marks the environment line", () => {
    const result = judge(spec, stack("    image: wordpress\n    environment:\n      WORDPRESS_DB_HOST: db\n", db("examplepass")));
    expect(result).toMatchObject({ status: "fail", line: 5 });
    expect(result.message).toMatch(/^Expected service wordpress to set WORDPRESS_DB_PASSWORD; its environment has WORDPRESS_DB_HOST\./);
  });

  it("rejects an unquoted boolean value, as docker-compose does", () => {
    const result = judge(
      spec,
      stack(
        wp("db", "examplepass"),
        db("examplepass")
          .replace('- MYSQL_RANDOM_ROOT_PASSWORD="1"', "")
          .replace("    environment:\n", "    environment:\n      MYSQL_RANDOM_ROOT_PASSWORD: yes\n")
          .replace("      - MYSQL_PASSWORD=examplepass\n", "      MYSQL_PASSWORD: examplepass\n"),
      ),
    );
    expect(result.status).toBe("fail");
    expect(result.message).toContain("written yes, which YAML reads as a boolean");
  });

  it("rejects a variable listed without a value", () => {
    const result = judge(spec, stack(wp("db", "examplepass"), db("examplepass").replace('- MYSQL_RANDOM_ROOT_PASSWORD="1"', "- MYSQL_RANDOM_ROOT_PASSWORD")));
    expect(result.message).toContain("MYSQL_RANDOM_ROOT_PASSWORD (line 12) has no value");
  });
});

describe("stack-file: bind mounts from the home folder", () => {
  const spec = { services: [{ name: "db", binds: [{ target: "/var/lib/mysql", homeFolder: "data_wordpress" }] }] };
  const withVolume = (volume: string) => stack("    image: wordpress\n", `    image: mysql:5.7\n    volumes:\n      - ${volume}\n`);

  it.each([
    "/home/$USER/data_wordpress:/var/lib/mysql",
    "/home/${USER}/data_wordpress:/var/lib/mysql",
    "~/data_wordpress:/var/lib/mysql",
    "$HOME/data_wordpress:/var/lib/mysql:rw",
    "${HOME}/data_wordpress/:/var/lib/mysql/",
    "/home/learner/data_wordpress:/var/lib/mysql",
    "type: bind\n        source: ~/data_wordpress\n        target: /var/lib/mysql",
  ])("accepts %s", (volume) => {
    expect(judge(spec, withVolume(volume)).status).toBe("pass");
  });

  it.each([
    ["data_wordpress:/var/lib/mysql", "the named volume data_wordpress"],
    ["./data_wordpress:/var/lib/mysql", "./data_wordpress is not directly in your home folder"],
    ["/home/$USER/wp/data_wordpress:/var/lib/mysql", "is not directly in your home folder"],
    ["/tmp/data_wordpress:/var/lib/mysql", "is not directly in your home folder"],
    ["/home/alice/data_wordpress:/var/lib/mysql", "that is the home folder of a user named alice, not yours: in the workbench you are learner, so write ~/data_wordpress"],
    ["~/wordpress_data:/var/lib/mysql", "the folder must be named data_wordpress"],
    ["~/data_wordpress:/var/lib/mysql/data", "nothing is mounted on /var/lib/mysql"],
    ["type: volume\n        source: data_wordpress\n        target: /var/lib/mysql", "the named volume"],
  ])("rejects %s", (volume, why) => {
    const result = judge(spec, withVolume(volume));
    expect(result.status).toBe("fail");
    expect(result.message).toContain(why);
    expect(result.line).toBe(why.startsWith("nothing") ? 7 : 8);
  });
});

describe("stack-file: values from env_file and from .env substitutions", () => {
  const spec = {
    services: [
      { name: "wordpress", environment: ["WORDPRESS_DB_PASSWORD"] },
      { name: "db", environment: ["MYSQL_PASSWORD"], values: { MYSQL_PASSWORD: "examplepass" } },
    ],
    sameValues: [{ from: "wordpress.WORDPRESS_DB_PASSWORD", equals: "db.MYSQL_PASSWORD" }],
  };
  const withFiles = (text: string, files: Record<string, string>) =>
    judgeStackFile(specOf({ kind: "stack-file", file: "stack_wordpress.yml", ...spec }), {
      folder: FOLDER,
      files: { [`${FOLDER}/stack_wordpress.yml`]: text, ...Object.fromEntries(Object.entries(files).map(([name, content]) => [`${FOLDER}/${name}`, content])) },
    });

  it("substitutes ${VAR}, $VAR and defaults from the .env file next to the stack", () => {
    const text = stack("    environment:\n      WORDPRESS_DB_PASSWORD: ${DB_PASSWORD}\n", "    environment:\n      - MYSQL_PASSWORD=$DB_PASSWORD\n");
    expect(withFiles(text, { ".env": "# shared secrets\nDB_PASSWORD=examplepass\n" }).status).toBe("pass");
    const defaulted = stack("    environment:\n      WORDPRESS_DB_PASSWORD: ${DB_PASSWORD:-examplepass}\n", "    environment:\n      - MYSQL_PASSWORD=${DB_PASSWORD:-examplepass}\n");
    expect(withFiles(defaulted, {}).status).toBe("pass");
  });

  it("reads variables from env_file files, the service's environment: winning", () => {
    const text = stack("    env_file: wordpress.env\n", "    env_file:\n      - ./db.env\n    environment:\n      MYSQL_PASSWORD: examplepass\n");
    expect(withFiles(text, { "wordpress.env": "WORDPRESS_DB_PASSWORD='examplepass'\n", "db.env": "MYSQL_PASSWORD=other\n" }).status).toBe("pass");
  });

  it("still catches a mismatch hidden in an env_file, pointing at the env_file line", () => {
    const text = stack("    env_file: wordpress.env\n", "    environment:\n      MYSQL_PASSWORD: examplepass\n");
    const result = withFiles(text, { "wordpress.env": "WORDPRESS_DB_PASSWORD=wrong\n" });
    expect(result).toMatchObject({ status: "fail", line: 4 });
    expect(result.message).toContain('line 4 gives "wrong" but line 7 gives "examplepass"');
  });

  it("shows a variable defined nowhere as written", () => {
    const text = stack("    environment:\n      WORDPRESS_DB_PASSWORD: ${DB_PASSWORD}\n", "    environment:\n      MYSQL_PASSWORD: examplepass\n");
    expect(withFiles(text, {}).message).toContain('gives "${DB_PASSWORD}" but');
  });
});

describe("stack-file: YAML anchors, aliases and merge keys", () => {
  const spec = {
    services: [
      { name: "wordpress", image: "wordpress", restart: "always" },
      { name: "db", image: "mysql:5.7", restart: "always", values: { MYSQL_PASSWORD: "examplepass" } },
    ],
    sameValues: [{ from: "wordpress.WORDPRESS_DB_PASSWORD", equals: "db.MYSQL_PASSWORD" }],
  };
  const text = [
    'version: "3.4"',
    "x-common: &common",
    "  restart: always",
    "x-password: &password examplepass",
    "services:",
    "  wordpress:",
    "    <<: *common",
    "    image: wordpress",
    "    environment:",
    "      WORDPRESS_DB_PASSWORD: *password",
    "  db:",
    "    <<: [*common]",
    "    image: mysql:5.7",
    "    environment:",
    "      MYSQL_PASSWORD: *password",
    "",
  ].join("\n");

  it("reads merged keys and aliased values as docker-compose does", () => {
    expect(judge(spec, text).status).toBe("pass");
  });

  it("lets a service's own key override a merged one", () => {
    const result = judge(spec, text.replace("    <<: [*common]\n", "    <<: [*common]\n    restart: on-failure\n"));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("has restart: on-failure");
  });
});
