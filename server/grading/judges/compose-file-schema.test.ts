/** The compose-file and stack-file judges check the compose file format before what the lesson asks. */
import { describe, expect, it } from "vitest";
import { specOf } from "../fixtures/test-workspace";
import { judgeComposeFile } from "../kinds/compose-file/judge";
import { judgeStackFile } from "../kinds/stack-file/judge";

const STEP6 = "6_wordpress_microservice_compose";
const STEP7 = "7_wordpress_official_stack";

const COMPOSE = `version: "3.8"
services:
  mysql_wordpress:
    build: ./mysql_wordpress
    environment:
      MYSQL_DATABASE: wordpress
  apache_wordpress:
    build: ./apache_wordpress
    ports:
      - "80:80"
`;

describe("compose-file: the compose file format first", () => {
  const spec = specOf({ kind: "compose-file", expect: { mysql_wordpress: { build: "mysql_wordpress", environment: { MYSQL_DATABASE: "wordpress" } } } });
  const judge = (text: string) => judgeComposeFile(spec, { folder: STEP6, files: { [`${STEP6}/docker-compose.yml`]: text } });

  it("passes the well-formed file", () => {
    expect(judge(COMPOSE).status).toBe("pass");
  });

  it("reports a misspelt key at its line instead of a missing variable", () => {
    const result = judge(COMPOSE.replace("    environment:", "    enviroment:"));
    expect(result).toMatchObject({ status: "fail", line: 5, file: `${STEP6}/docker-compose.yml` });
    expect(result.message).toBe("In docker-compose.yml, line 5: `enviroment` is not a key of a service (did you mean `environment`?).");
  });

  it("lists every format problem with its line", () => {
    const result = judge(COMPOSE.replace("    environment:", "    enviroment:").replace('    ports:\n      - "80:80"', '    ports: "80:80"'));
    expect(result).toMatchObject({ status: "fail", line: 5 });
    expect(result.message).toMatch(/^In docker-compose\.yml:\n• line 5: `enviroment` is not a key of a service .*\n• line 9: `ports` must be a list/);
  });
});

describe("stack-file: the compose file format first", () => {
  const spec = specOf({ kind: "stack-file", file: "stack_wordpress.yml", services: [{ name: "wordpress", image: "wordpress" }] });
  const judge = (text: string) => judgeStackFile(spec, { folder: STEP7, files: { [`${STEP7}/stack_wordpress.yml`]: text } });
  const STACK = 'version: "3.8"\nservices:\n  wordpress:\n    image: wordpress\n    deploy:\n      replicas: 2\n';

  it("passes the well-formed file", () => {
    expect(judge(STACK).status).toBe("pass");
  });

  it("reports an unknown key under deploy at its line", () => {
    const result = judge(STACK.replace("replicas: 2", "replica: 2"));
    expect(result).toMatchObject({ status: "fail", line: 6, file: `${STEP7}/stack_wordpress.yml` });
    expect(result.message).toBe("In stack_wordpress.yml, line 6: `replica` is not a key of `deploy` (did you mean `replicas`?).");
  });
});
