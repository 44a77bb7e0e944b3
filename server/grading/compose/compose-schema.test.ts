/** The compose-spec schema as students meet it: a misspelt or misplaced key at its line, accepted spellings untouched. */
import { englishOf, renderText } from "../../../lib/i18n/render-text";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closestWord } from "./closest-word";
import { composeSchemaProblems, describeSchemaProblems } from "./compose-schema";
import { say } from "../../../lib/i18n/text-ref";

/** The problems with their messages in English, as the judges' English (`message`) says them. */
const englishProblems = (text: string) => composeSchemaProblems(text).map((p) => ({ line: p.line, message: englishOf(p.message) }));

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

const FILE = `version: "3.8"
services:
  db:
    image: mysql:5.7
    environment:
      MYSQL_DATABASE: exampledb
    volumes:
      - db_data:/var/lib/mysql
  wordpress:
    image: wordpress
    ports:
      - "8080:80"
volumes:
  db_data:
`;

describe("compose schema: misspelt and misplaced keys", () => {
  it("names a misspelt service key at its line, with the key meant", () => {
    const text = FILE.replace("    environment:", "    enviroment:");
    expect(englishProblems(text)).toEqual([{ line: 5, message: "`enviroment` is not a key of a service (did you mean `environment`?)" }]);
  });

  it("names a misspelt top-level key", () => {
    const text = FILE.replace("volumes:\n  db_data:", "volume:\n  db_data:");
    expect(englishProblems(text)).toEqual([{ line: 13, message: "`volume` is not a top-level key (did you mean `volumes`?)" }]);
  });

  it("says ports must be a list when it is written as a string", () => {
    const text = FILE.replace('    ports:\n      - "8080:80"', '    ports: "8080:80"');
    const [problem, ...others] = englishProblems(text);
    expect(others).toEqual([]);
    expect(problem?.line).toBe(11);
    expect(problem?.message).toMatch(/^`ports` must be a list .*; it is the string "8080:80"$/);
  });

  it("names an unknown key under deploy, and suggests the close one", () => {
    const text = FILE.replace("    image: wordpress\n", "    image: wordpress\n    deploy:\n      mode: replicated\n      replica: 2\n");
    expect(englishProblems(text)).toEqual([{ line: 13, message: "`replica` is not a key of `deploy` (did you mean `replicas`?)" }]);
  });

  it("says a deploy key written directly in the service belongs under deploy:", () => {
    const text = FILE.replace("    image: wordpress\n", "    image: wordpress\n    replicas: 2\n");
    expect(englishProblems(text)).toEqual([{ line: 11, message: "`replicas` is not a key of a service (it belongs under deploy:, indented below it)" }]);
  });

  it("says a service written at the top level goes under services:", () => {
    const text = `${FILE}adminer:\n  image: adminer\n`;
    expect(englishProblems(text)).toEqual([{ line: 15, message: "`adminer` is not a top-level key (a service goes under services:, indented below it)" }]);
  });

  it("offers no suggestion for a key close to nothing, and lists the top-level keys", () => {
    const [problem] = englishProblems(`${FILE}wordpress_data:\n  driver: local\n`);
    expect(problem?.message).toBe("`wordpress_data` is not a top-level key (the top-level keys are version, services, networks, volumes, secrets, configs, and x- extensions)");
  });

  it("reports each problem once, in line order, with the value's kind", () => {
    const text = FILE.replace("    image: mysql:5.7\n", "    image: mysql:5.7\n    build: 3\n    deploy:\n      update_config:\n        delay: ten\n        order: start-frist\n");
    expect(englishProblems(text)).toEqual([
      { line: 5, message: "`build` must be a string or a mapping (key: value lines); it is the number 3" },
      { line: 8, message: '`delay` must be a duration such as 10s, 1m30s or 500ms; it is the string "ten"' },
      { line: 9, message: '`order` must be one of start-first, stop-first; it is the string "start-frist" (did you mean start-first?)' },
    ]);
  });

  it("points inside a long-syntax volume rather than saying the entry matches no form", () => {
    const text = FILE.replace("      - db_data:/var/lib/mysql", "      - source: db_data\n        target: /var/lib/mysql\n        read-only: true");
    expect(englishProblems(text)).toEqual([
      { line: 8, message: "entry 1 of `volumes` needs the key `type` (type: volume for a named volume, type: bind for a host folder)" },
      { line: 10, message: "`read-only` is not a key of an entry of `volumes` (did you mean `read_only`?)" },
    ]);
  });

  it("rejects a service name compose refuses and an empty service", () => {
    const text = FILE.replace("  wordpress:\n", "  word press:\n").replace("volumes:\n  db_data:", "  cache:\nvolumes:\n  db_data:");
    expect(englishProblems(text).map((p) => p.line)).toEqual([9, 13]);
    expect(englishProblems(text)[0]?.message).toContain("`word press` is not a valid service name");
    expect(englishProblems(text)[1]?.message).toContain("the service `cache` is empty");
  });
});

describe("compose schema: accepted spellings", () => {
  it.each([
    ["short ports", '    ports:\n      - "8080:80"\n      - 443\n      - "127.0.0.1:9000:9000/udp"\n'],
    ["long ports", "    ports:\n      - target: 80\n        published: 8080\n        protocol: tcp\n        mode: host\n"],
    ["long ports with a quoted published port", '    ports:\n      - target: 80\n        published: "8080"\n        mode: host\n'],
    ["environment as a list", "    environment:\n      - WORDPRESS_DB_HOST=db\n      - WORDPRESS_DEBUG\n"],
    ["environment as a map", '    environment:\n      WORDPRESS_DB_HOST: db\n      WORDPRESS_DEBUG: 1\n      EMPTY:\n      FLAG: "true"\n'],
    ["x- keys in a service", "    x-team: web\n"],
    ["a merge of an x- anchor", "    <<: *defaults\n"],
    [
      "deploy with replicas, mode, placement and update_config",
      "    deploy:\n      mode: replicated\n      replicas: 2\n      endpoint_mode: dnsrr\n      placement:\n        constraints: [node.role == manager]\n" +
        "      update_config:\n        parallelism: 1\n        delay: 1m30s\n        order: start-first\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n" +
        "      resources:\n        limits:\n          cpus: '0.5'\n          memory: 256M\n",
    ],
    ["networks", "    networks:\n      - front\n"],
    ["a variable where a number goes", "    deploy:\n      replicas: ${REPLICAS}\n"],
  ])("%s", (_, wordpressKeys) => {
    const text = `version: "3.8"\nx-defaults: &defaults\n  restart: always\nservices:\n  wordpress:\n    image: wordpress\n${wordpressKeys}networks:\n  front:\n    driver: overlay\nvolumes:\n  db_data:\n  named:\n    external: true\n`;
    expect(englishProblems(text)).toEqual([]);
  });

  it.each(['"3"', '"3.1"', '"3.8"', '"3.9"', "3.8", "3"])("version: %s (the judges check the version themselves)", (version) => {
    expect(englishProblems(FILE.replace('"3.8"', version))).toEqual([]);
  });

  it("leaves a file that is not YAML to the judges", () => {
    expect(englishProblems("services:\n  db: [\n")).toEqual([]);
  });

  it.each([
    "lessons/06-compose/solution/6_wordpress_microservice_compose/docker-compose.yml",
    "lessons/07-official-stack/solution/7_wordpress_official_stack/stack_wordpress.yml",
    "lessons/08-final-wordpress/solution/8_my_final_wordpress/stack_wordpress.yml",
    "lessons/09-swarm/solution/9_wordpress_swarm/stack_wordpress.yml",
  ])("accepts the reference %s", (file) => {
    expect(englishProblems(readFileSync(path.join(REPO, file), "utf8"))).toEqual([]);
  });
});

describe("compose schema: the message a judge shows", () => {
  it("one problem in a sentence, several as a list, the first line marked", () => {
    expect(describeSchemaProblems("docker-compose.yml", [])).toBeUndefined();
    const one = describeSchemaProblems("docker-compose.yml", composeSchemaProblems(FILE.replace("environment:", "enviroment:")))!;
    expect(one.line).toBe(5);
    expect(englishOf(one.message)).toBe("In docker-compose.yml, line 5: `enviroment` is not a key of a service (did you mean `environment`?).");
    // In French, the whole sentence: the student's key and the suggestion quoted as written.
    expect(renderText(one.message, "fr")).toBe("Dans docker-compose.yml, ligne 5 : `enviroment` n’est pas une clé d’un service (vouliez-vous dire `environment` ?).");
    const two = describeSchemaProblems("stack.yml", [
      { line: 3, message: say("schema.serviceEmpty", { name: "a" }) },
      { line: 9, message: say("schema.mustBe", { name: "`ports`", wanted: say("schema.kindArray"), example: "", found: say("schema.foundString", { text: "80:80" }) }) },
    ])!;
    expect(two.line).toBe(3);
    expect(englishOf(two.message)).toBe(
      'In stack.yml:\n• line 3: the service `a` is empty: give it its settings (image: or build:, ports: …) indented below it\n• line 9: `ports` must be a list; it is the string "80:80"',
    );
    expect(renderText(two.message, "fr")).toBe(
      "Dans stack.yml :\n• ligne 3 : le service `a` est vide : donnez-lui ses réglages (`image:` ou `build:`, `ports:`…) indentés en dessous\n• ligne 9 : `ports` doit être une liste ; c’est la chaîne « 80:80 »",
    );
  });

  it("keeps a hostile file's message short: long keys cut, at most ten problems listed", () => {
    const keys = Array.from({ length: 30 }, (_, i) => `    ${"k".repeat(500)}${i}: 1\n`).join("");
    const problems = composeSchemaProblems(`services:\n  web:\n    image: nginx\n${keys}`);
    expect(problems).toHaveLength(30);
    const described = describeSchemaProblems("docker-compose.yml", problems)!;
    const message = englishOf(described.message);
    expect(message.split("\n")).toHaveLength(12);
    expect(message).toMatch(/• and 20 more$/);
    expect(message.length).toBeLessThan(2000);
  });
});

describe("closestWord", () => {
  it.each([
    ["enviroment", "environment"],
    ["envrionment", "environment"],
    ["imgae", "image"],
    ["Restart", "restart"],
    ["container-name", "container_name"],
    ["port", "ports"],
  ])("%s → %s", (word, meant) => {
    expect(closestWord(word, ["image", "environment", "restart", "container_name", "ports", "expose"])).toBe(meant);
  });

  it("suggests nothing for a word far from every candidate", () => {
    expect(closestWord("wordpress_data", ["version", "services", "networks", "volumes"])).toBeUndefined();
    expect(closestWord("tty", ["pid", "ipc"])).toBeUndefined();
  });
});
