/** compose-file: accepted spellings of a correct file, look-alikes, and the line each problem marks. */
import { describe, expect, it } from "vitest";
import { specOf } from "../../fixtures/test-workspace";
import type { WorkspaceSnapshot } from "../../evidence";
import { judgeComposeFile } from "./judge";

const FOLDER = "6_wordpress_microservice_compose";
const workspace = (text: string, file = "docker-compose.yml"): WorkspaceSnapshot => ({ folder: FOLDER, files: { [`${FOLDER}/${file}`]: text } });

const versionSpec = specOf({ kind: "compose-file", version: "3" });
const namesSpec = specOf({ kind: "compose-file", services: ["apache_wordpress", "mysql_wordpress"], onlyServices: true });
const step6Spec = specOf({
  kind: "compose-file",
  expect: {
    apache_wordpress: { build: "apache_wordpress", publishes: ["80:80"] },
    mysql_wordpress: { build: "mysql_wordpress", mustNotPublish: ["3306"], volumes: ["/var/lib/mysql"] },
  },
});

const REFERENCE = `version: "3.8"
services:
  mysql_wordpress:
    build: ./mysql_wordpress
    volumes:
      - mysql_data:/var/lib/mysql
  apache_wordpress:
    build: ./apache_wordpress
    ports:
      - "80:80"
volumes:
  mysql_data:
`;

describe("compose-file: version", () => {
  it.each([['"3.8"'], ["'3'"], ["3"], ["3.1"], ['"3.10"'], ["3.9"]])("accepts version: %s", (written) => {
    expect(judgeComposeFile(versionSpec, workspace(REFERENCE.replace('"3.8"', written)))).toMatchObject({ status: "pass" });
  });

  it.each([['"2"'], ["2.4"], ['"3x"'], ['"33"'], ["'v3'"]])("rejects version: %s, on the version line", (written) => {
    const text = `# my stack\n${REFERENCE.replace('"3.8"', written)}`;
    const result = judgeComposeFile(versionSpec, workspace(text));
    expect(result).toMatchObject({ status: "fail", line: 2, file: `${FOLDER}/docker-compose.yml` });
    expect(result.message).toMatch(/expected 3 or 3\.x/);
  });

  it("asks for a version when the file has none", () => {
    const result = judgeComposeFile(versionSpec, workspace(REFERENCE.replace('version: "3.8"\n', "")));
    expect(result).toMatchObject({ status: "fail", line: 1 });
    expect(result.message).toMatch(/no format version/);
  });
});

describe("compose-file: YAML and the file itself", () => {
  it("reports a YAML syntax error with its line", () => {
    const broken = REFERENCE.replace("    build: ./apache_wordpress\n", "    build: ./apache_wordpress\n   ports: [\n");
    const result = judgeComposeFile(versionSpec, workspace(broken));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/not valid YAML/);
    expect(result.line).toBeGreaterThanOrEqual(8);
    expect(result.line).toBeLessThanOrEqual(10);
  });

  it("reports a duplicated key (a service declared twice) as a YAML problem", () => {
    const twice = `${REFERENCE.replace("volumes:\n  mysql_data:\n", "")}  apache_wordpress:\n    image: x\n`;
    const result = judgeComposeFile(namesSpec, workspace(twice));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/not valid YAML/);
  });

  it("names the missing file and a look-alike", () => {
    const result = judgeComposeFile(versionSpec, workspace(REFERENCE, "docker-compose.yaml"));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/No docker-compose\.yml/);
  });

  it("fails an empty file without crashing", () => {
    expect(judgeComposeFile(versionSpec, workspace(""))).toMatchObject({ status: "fail", line: 1 });
  });
});

describe("compose-file: service names", () => {
  it("passes with exactly the two services, in any order", () => {
    expect(judgeComposeFile(namesSpec, workspace(REFERENCE))).toMatchObject({ status: "pass" });
  });

  it("points at a service spelled with a hyphen and says the exact name", () => {
    const result = judgeComposeFile(namesSpec, workspace(REFERENCE.replace("  mysql_wordpress:", "  mysql-wordpress:")));
    expect(result).toMatchObject({ status: "fail", line: 3 });
    expect(result.message).toMatch(/mysql-wordpress must be named exactly mysql_wordpress/);
  });

  it("rejects a service with another name, and an extra service", () => {
    const renamed = judgeComposeFile(namesSpec, workspace(REFERENCE.replace("  apache_wordpress:", "  web:")));
    expect(renamed.status).toBe("fail");
    expect(renamed.message).toMatch(/no service named apache_wordpress/);
    expect(renamed.message).toMatch(/web is not asked for/);
    const extra = judgeComposeFile(namesSpec, workspace(REFERENCE.replace("volumes:\n  mysql_data:", "  adminer:\n    image: adminer\nvolumes:\n  mysql_data:")));
    expect(extra).toMatchObject({ status: "fail", line: 11 });
  });

  it("fails a file without services", () => {
    expect(judgeComposeFile(namesSpec, workspace('version: "3"\n'))).toMatchObject({ status: "fail" });
  });
});

describe("compose-file: what the services hold", () => {
  it("passes the reference", () => {
    expect(judgeComposeFile(step6Spec, workspace(REFERENCE))).toMatchObject({ status: "pass" });
  });

  it("accepts the long build and port syntax and a bind mount", () => {
    const long = `version: "3.8"
services:
  mysql_wordpress:
    build:
      context: mysql_wordpress/
      dockerfile: Dockerfile
    volumes:
      - type: bind
        source: ./data
        target: /var/lib/mysql/
  apache_wordpress:
    build: { context: ./apache_wordpress }
    ports:
      - target: 80
        published: 80
        protocol: tcp
`;
    expect(judgeComposeFile(step6Spec, workspace(long))).toMatchObject({ status: "pass" });
  });

  it("accepts a host address and a protocol in the short port syntax", () => {
    const withIp = REFERENCE.replace('"80:80"', '"0.0.0.0:80:80/tcp"');
    expect(judgeComposeFile(step6Spec, workspace(withIp))).toMatchObject({ status: "pass" });
  });

  it("fails when the database publishes 3306 (short, long, or as a range), on that entry's line", () => {
    const short = REFERENCE.replace("    volumes:\n      - mysql_data", '    ports:\n      - "3306:3306"\n    volumes:\n      - mysql_data');
    const result = judgeComposeFile(step6Spec, workspace(short));
    expect(result).toMatchObject({ status: "fail", line: 6 });
    expect(result.message).toMatch(/mysql_wordpress publishes port 3306/);
    const long = REFERENCE.replace("    volumes:\n      - mysql_data", "    ports:\n      - target: 3306\n    volumes:\n      - mysql_data");
    expect(judgeComposeFile(step6Spec, workspace(long)).status).toBe("fail");
    const range = REFERENCE.replace("    volumes:\n      - mysql_data", '    ports:\n      - "3300-3310:3300-3310"\n    volumes:\n      - mysql_data');
    expect(judgeComposeFile(step6Spec, workspace(range)).status).toBe("fail");
  });

  it("accepts expose: 3306 (not published)", () => {
    const exposed = REFERENCE.replace("    volumes:\n      - mysql_data", '    expose:\n      - "3306"\n    volumes:\n      - mysql_data');
    expect(judgeComposeFile(step6Spec, workspace(exposed)).status).toBe("pass");
  });

  it("fails when Apache publishes 80 on another host port, or builds from the wrong folder", () => {
    const other = judgeComposeFile(step6Spec, workspace(REFERENCE.replace('"80:80"', '"8080:80"')));
    expect(other).toMatchObject({ status: "fail", line: 9 });
    expect(other.message).toMatch(/container port 80 on host port 80/);
    const wrongFolder = judgeComposeFile(step6Spec, workspace(REFERENCE.replace("build: ./apache_wordpress", "build: ./mysql_wordpress")));
    expect(wrongFolder).toMatchObject({ status: "fail", line: 8 });
    expect(wrongFolder.message).toMatch(/expected the folder apache_wordpress/);
  });

  it("fails when the database keeps no volume on /var/lib/mysql (a look-alike path does not count)", () => {
    const result = judgeComposeFile(step6Spec, workspace(REFERENCE.replace("mysql_data:/var/lib/mysql", "mysql_data:/var/lib/mysql-files")));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/does not mount anything on \/var\/lib\/mysql/);
  });

  it("lists every problem, marking the first line", () => {
    const result = judgeComposeFile(step6Spec, workspace(REFERENCE.replace("build: ./mysql_wordpress", "image: mariadb").replace('"80:80"', '"8080:80"')));
    expect(result).toMatchObject({ status: "fail", line: 3 });
    expect(result.message.split("\n").filter((l) => l.startsWith("•"))).toHaveLength(2);
  });
});

describe("compose-file: environment and restart", () => {
  const spec = specOf({
    kind: "compose-file",
    expect: { db: { environment: { MYSQL_DATABASE: "exampledb", MYSQL_RANDOM_ROOT_PASSWORD: null }, restart: "always" } },
  });
  const asMap = `version: "3.1"\nservices:\n  db:\n    image: mysql:5.7\n    restart: always\n    environment:\n      MYSQL_DATABASE: exampledb\n      MYSQL_RANDOM_ROOT_PASSWORD: '1'\n`;
  const asList = `version: "3.1"\nservices:\n  db:\n    image: mysql:5.7\n    restart: always\n    environment:\n      - MYSQL_DATABASE=exampledb\n      - MYSQL_RANDOM_ROOT_PASSWORD\n`;

  it("accepts the environment as a map or as a list", () => {
    expect(judgeComposeFile(spec, workspace(asMap)).status).toBe("pass");
    expect(judgeComposeFile(spec, workspace(asList)).status).toBe("pass");
  });

  it("fails a wrong value, a missing variable and another restart policy", () => {
    const wrong = judgeComposeFile(spec, workspace(asList.replace("=exampledb", "=otherdb").replace("restart: always", "restart: on-failure").replace("      - MYSQL_RANDOM_ROOT_PASSWORD\n", "")));
    expect(wrong.status).toBe("fail");
    expect(wrong.message).toMatch(/MYSQL_DATABASE to "otherdb"; expected "exampledb"/);
    expect(wrong.message).toMatch(/does not set the variable MYSQL_RANDOM_ROOT_PASSWORD/);
    expect(wrong.message).toMatch(/restart: on-failure; expected restart: always/);
  });
});
