/**
 * The server's snapshot for a verified grade: read once through SafeDir from the student's
 * workspace (no link followed), written into a folder of its own that later edits of the student's
 * folder never reach; the grader's text view comes from the same bytes.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";
import { resetConfigForTests } from "../config";
import { ensureWorkspace } from "../workspace";
import { freezeStep, frozenStepFromSnapshot, writeFrozenStep } from "./frozen-step";

const isRoot = process.getuid?.() === 0;
const learner = isRoot ? { uid: SANDBOX_UID, gid: SANDBOX_GID } : { uid: process.getuid!(), gid: process.getgid!() };
const FOLDER = "1_step";

let dataDir: string;
let counter = 0;
const written: string[] = [];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-frozen-step-"));
  process.env.DATA_DIR = dataDir;
  process.env.SESSION_SECRET = "s".repeat(32);
  resetConfigForTests();
});

afterAll(() => {
  for (const dir of written) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function workspaceWithStep(): Promise<{ student: string; root: string }> {
  const student = `frozen${++counter}`;
  const root = await ensureWorkspace(student, learner.uid, learner.gid);
  fs.mkdirSync(path.join(root, FOLDER, "app"), { recursive: true });
  fs.writeFileSync(path.join(root, FOLDER, "Dockerfile"), "FROM debian\nCOPY app /app\n");
  fs.writeFileSync(path.join(root, FOLDER, "app/run.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
  fs.writeFileSync(path.join(root, FOLDER, "app/logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]));
  fs.writeFileSync(path.join(root, "elsewhere.txt"), "not part of the step\n");
  return { student, root };
}

describe("freezeStep and writeFrozenStep", () => {
  it("freezes the step folder's bytes and modes, and derives the grader's text view from them", async () => {
    const { student } = await workspaceWithStep();
    const frozen = await freezeStep(student, FOLDER);
    expect(frozen.found).toBe(true);
    expect(frozen.snapshot).toEqual({
      folder: FOLDER,
      files: { [`${FOLDER}/Dockerfile`]: "FROM debian\nCOPY app /app\n", [`${FOLDER}/app/run.sh`]: "#!/bin/sh\necho hi\n" },
    });
    expect(frozen.files.map((f) => f.path).sort()).toEqual(["Dockerfile", "app/logo.png", "app/run.sh"]);
  });

  it("writes a copy of its own, owned by the learner, that the student's later edits do not reach", async () => {
    const { student, root } = await workspaceWithStep();
    const frozen = await freezeStep(student, FOLDER);
    fs.writeFileSync(path.join(root, FOLDER, "Dockerfile"), "FROM scratch\n"); // edited after submitting
    const copy = await writeFrozenStep(frozen, learner);
    written.push(copy);
    expect(path.relative(root, copy).startsWith("..")).toBe(true);
    expect(fs.readFileSync(path.join(copy, FOLDER, "Dockerfile"), "utf8")).toBe("FROM debian\nCOPY app /app\n");
    expect(fs.readFileSync(path.join(copy, FOLDER, "app/logo.png"))).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]));
    expect(fs.statSync(path.join(copy, FOLDER, "app/run.sh")).mode & 0o777).toBe(0o755);
    expect(fs.existsSync(path.join(copy, "elsewhere.txt"))).toBe(false);
    for (const rel of ["", FOLDER, `${FOLDER}/app`, `${FOLDER}/app/run.sh`]) expect(fs.statSync(path.join(copy, rel)).uid).toBe(learner.uid);
  });

  it("never follows a link planted in the step folder to a host file", async () => {
    const { student, root } = await workspaceWithStep();
    const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), "wb-frozen-secret-"));
    const secret = `TOP-SECRET-${crypto.randomBytes(8).toString("hex")}`;
    fs.writeFileSync(path.join(secretDir, "secret.txt"), secret, { mode: 0o600 });
    try {
      fs.symlinkSync(path.join(secretDir, "secret.txt"), path.join(root, FOLDER, "leak.txt"));
      fs.symlinkSync(secretDir, path.join(root, FOLDER, "leakdir"));
      const frozen = await freezeStep(student, FOLDER);
      expect(JSON.stringify(frozen.snapshot)).not.toContain(secret);
      expect(frozen.files.some((f) => f.data.toString().includes(secret))).toBe(false);
      const copy = await writeFrozenStep(frozen, learner);
      written.push(copy);
      expect(fs.existsSync(path.join(copy, FOLDER, "leak.txt"))).toBe(false);
      expect(fs.existsSync(path.join(copy, FOLDER, "leakdir"))).toBe(false);
    } finally {
      fs.rmSync(secretDir, { recursive: true, force: true });
    }
  });

  it("reports a step folder that is missing or a link as not found, with the look-alike snapshot", async () => {
    const { student, root } = await workspaceWithStep();
    fs.renameSync(path.join(root, FOLDER), path.join(root, "1_stpe"));
    fs.symlinkSync(path.join(root, "1_stpe"), path.join(root, FOLDER));
    const frozen = await freezeStep(student, FOLDER);
    expect(frozen.found).toBe(false);
    expect(frozen.files).toEqual([]);
    expect(Object.keys(frozen.snapshot.files)).toEqual(["1_stpe/Dockerfile"]);
  });
});

describe("frozenStepFromSnapshot (a stored submission graded again)", () => {
  it("rebuilds the step folder from a run's text files, in the accepted folder that holds them, scripts executable", async () => {
    const files = { "8_stack/docker-compose.yml": "services: {}\n", "8_stack/app/run.sh": "#!/bin/sh\necho hi\n", "other/Dockerfile": "FROM debian\n" };
    const frozen = frozenStepFromSnapshot(files, ["9_swarm", "8_stack"]);
    expect(frozen).toMatchObject({ folder: "8_stack", dirs: ["app"], found: true, snapshot: { folder: "8_stack", accepted: ["9_swarm", "8_stack"], files } });
    expect(frozen.files.map((f) => [f.path, f.mode, f.data.toString()])).toEqual([
      ["app/run.sh", 0o755, "#!/bin/sh\necho hi\n"],
      ["docker-compose.yml", 0o644, "services: {}\n"],
    ]);
    const copy = await writeFrozenStep(frozen, learner);
    written.push(copy);
    expect(fs.statSync(path.join(copy, "8_stack/app/run.sh")).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(path.join(copy, "8_stack/docker-compose.yml"), "utf8")).toBe("services: {}\n");
  });

  it("finds nothing to build when the run's files hold no accepted folder", () => {
    const frozen = frozenStepFromSnapshot({ "1_stpe/Dockerfile": "FROM debian\n" }, ["1_step"]);
    expect(frozen).toMatchObject({ folder: "1_step", found: false, files: [], dirs: [] });
    expect(Object.keys(frozen.snapshot.files)).toEqual(["1_stpe/Dockerfile"]);
  });
});
