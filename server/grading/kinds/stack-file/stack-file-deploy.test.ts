/**
 * The stack-file judge on what a swarm reads (step 9): compose format 3.x, the web service
 * replicated, and no replica count other than the one asked; accepted spellings and look-alikes,
 * with the line marked. Also step 9's own `swarm-settings` check on the course's files.
 */
import { describe, expect, it } from "vitest";
import { specOf } from "../../fixtures/test-workspace";
import type { WorkspaceSnapshot } from "../../evidence";
import { judgeStackFile } from "./judge";
import { liveResults as judgeStaticChecks, loadLessonChecks, readLessonFile } from "../../../grading-services/testing/content-test";

const FOLDER = "9_wordpress_swarm";
const ws = (text: string): WorkspaceSnapshot => ({ folder: FOLDER, files: { [`${FOLDER}/stack_wordpress.yml`]: text } });
const spec = (deploy: Record<string, unknown>, extra: Record<string, unknown> = {}) => specOf({ kind: "stack-file", file: "stack_wordpress.yml", services: [{ name: "wordpress", deploy }], ...extra });
/** A file whose wordpress service has these lines under deploy: (none: no deploy section). */
const file = (deploy: string | null, version = 'version: "3.8"') =>
  `${version}\nservices:\n  wordpress:\n    image: wordpress\n${deploy === null ? "" : `    deploy:\n${deploy}`}  db:\n    image: mysql:5.7\n`;

const replicated2 = { mode: "replicated", replicas: 2 };

describe("stack-file: deploy mode and replicas", () => {
  it.each([
    ["replicas: 2", "      replicas: 2\n"],
    ['replicas: "2" (a string docker reads as a number)', '      replicas: "2"\n'],
    ["mode: replicated and replicas: 2", "      mode: replicated\n      replicas: 2\n"],
    ['mode: "replicated"', '      mode: "replicated"\n      replicas: 2\n'],
    ["a deploy section without replicas (scaled with docker service scale)", "      restart_policy:\n        condition: any\n"],
  ])("accepts %s", (_name, deploy) => {
    const result = judgeStackFile(spec(replicated2), ws(file(deploy)));
    expect(result.status, result.message).toBe("pass");
  });

  it("accepts no deploy section at all when the count is not required", () => {
    expect(judgeStackFile(spec(replicated2), ws(file(null))).status).toBe("pass");
  });

  it("requires the count when asked to, and says where to write it", () => {
    const result = judgeStackFile(spec({ ...replicated2, replicasRequired: true }), ws(file(null)));
    expect(result.status).toBe("fail");
    expect(result.message).toBe("Expected wordpress to ask for 2 replicas: deploy: replicas: 2; it sets no deploy.replicas (one replica).");
    expect(result.line).toBe(3);
  });

  it("another count fails on its line, saying a deploy would undo the scaling", () => {
    const result = judgeStackFile(spec(replicated2), ws(file("      replicas: 3\n")));
    expect(result).toMatchObject({ status: "fail", line: 6 });
    expect(result.message).toContain("line 6 asks for 3");
    expect(result.message).toContain("scale it back");
  });

  it("global mode fails: one copy per node is not two replicas", () => {
    const result = judgeStackFile(spec(replicated2), ws(file("      mode: global\n")));
    expect(result).toMatchObject({ status: "fail", line: 6 });
    expect(result.message).toContain("Expected wordpress to be replicated");
    expect(result.message).toContain("makes it global");
  });

  it("replicas with global mode names docker's refusal", () => {
    const result = judgeStackFile(spec({ replicas: 2 }), ws(file("      mode: global\n      replicas: 2\n")));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("it is global, where docker stack deploy refuses replicas");
  });

  it.each([
    ["Replicated", "write it in lower case: replicated"],
    ["replica", "which docker stack deploy refuses."],
  ])("mode: %s is a look-alike docker refuses", (mode, said) => {
    const result = judgeStackFile(spec(replicated2), ws(file(`      mode: ${mode}\n      replicas: 2\n`)));
    expect(result.status).toBe("fail");
    expect(result.message).toContain(said);
  });

  it.each(['"two"', "2.5"])("replicas: %s is not a whole number", (value) => {
    const result = judgeStackFile(spec(replicated2), ws(file(`      replicas: ${value}\n`)));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/whole number|replicas/);
  });
});

describe("stack-file: compose format 3.x for docker stack deploy", () => {
  it.each(['"3"', '"3.1"', '"3.8"'])("accepts version: %s", (version) => {
    expect(judgeStackFile(spec(replicated2, { minVersion: "3" }), ws(file(null, `version: ${version}`))).status).toBe("pass");
  });

  it.each([
    ['"2"', "has version: '2'"],
    ['"2.4"', "has version: '2.4'"],
    ["3.8", "a number for YAML"],
  ])("refuses version: %s", (version, said) => {
    const result = judgeStackFile(spec(replicated2, { minVersion: "3" }), ws(file(null, `version: ${version}`)));
    expect(result.status).toBe("fail");
    expect(result.message).toContain(said);
  });
});

describe("step 9's swarm-settings check", () => {
  const checks = loadLessonChecks("09-swarm");
  const solution = readLessonFile("09-swarm", `solution/${FOLDER}/stack_wordpress.yml`);
  const step8 = readLessonFile("08-final-wordpress", "solution/8_my_final_wordpress/stack_wordpress.yml");
  const judge = (text: string) => judgeStaticChecks(checks, ws(text)).get("swarm-settings");

  it("passes the reference (replicas: 2) and step 8's file (3.1, scaled by command)", () => {
    expect(judge(solution)?.status).toBe("pass");
    expect(judge(step8)?.status).toBe("pass");
  });

  it("fails a global WordPress, three replicas, and a version 2 file", () => {
    expect(judge(solution.replace("      replicas: 2\n", "      mode: global\n"))?.status).toBe("fail");
    expect(judge(solution.replace("      replicas: 2\n", "      replicas: 3\n"))?.status).toBe("fail");
    expect(judge(solution.replace('version: "3.8"', 'version: "2.4"'))?.status).toBe("fail");
  });
});
