/**
 * `npm run grade` copies a workspace (possibly a live one, whose learner is changing it) as root:
 * the copy must hold the learner's files and nothing of the host's.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";
import { AppError } from "../app-error";
import { startSwapping, stopSwapping } from "../workspace/testing/folder-swapper";
import { copyForSandbox } from "./sandbox-copy";

const isRoot = process.getuid?.() === 0;
const learner = isRoot ? { uid: SANDBOX_UID, gid: SANDBOX_GID } : { uid: process.getuid!(), gid: process.getgid!() };

let base: string;
let workspace: string;
let hostSecretDir: string;
let secret: string;
const copies: string[] = [];

/** Every regular file's content below `dir`, by relative path (the copy is ours: plain reads are fine). */
function filesBelow(dir: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, filesBelow(dir, rel));
    else files[rel] = entry.isFile() ? fs.readFileSync(path.join(dir, rel), "utf8") : `(${entry.isSymbolicLink() ? "link" : "special"})`;
  }
  return files;
}

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "wb-sandbox-copy-"));
  workspace = path.join(base, "workspace");
  fs.mkdirSync(path.join(workspace, "step-1/app"), { recursive: true });
  fs.writeFileSync(path.join(workspace, "step-1/Dockerfile"), "FROM debian\n");
  fs.writeFileSync(path.join(workspace, "step-1/app/run.sh"), "#!/bin/sh\n", { mode: 0o755 });
  hostSecretDir = path.join(base, "host-secret");
  fs.mkdirSync(hostSecretDir, { mode: 0o700 });
  secret = `TOP-SECRET-${crypto.randomBytes(16).toString("hex")}`;
  fs.writeFileSync(path.join(hostSecretDir, "secret.txt"), secret, { mode: 0o600 });
});

afterEach(() => {
  for (const copy of copies.splice(0)) fs.rmSync(copy, { recursive: true, force: true });
  fs.rmSync(base, { recursive: true, force: true });
});

describe("copyForSandbox", () => {
  it("copies folders and regular files with their permission bits, owned by the sandbox user", async () => {
    const copy = await copyForSandbox(workspace, learner);
    copies.push(copy);
    expect(filesBelow(copy)).toEqual({ "step-1/Dockerfile": "FROM debian\n", "step-1/app/run.sh": "#!/bin/sh\n" });
    expect(fs.statSync(path.join(copy, "step-1/app/run.sh")).mode & 0o777).toBe(0o755);
    for (const rel of ["", "step-1", "step-1/app", "step-1/app/run.sh"]) expect(fs.statSync(path.join(copy, rel)).uid).toBe(learner.uid);
  });

  it("leaves links and fifos out, and reads nothing through a link", async () => {
    fs.symlinkSync(hostSecretDir, path.join(workspace, "step-1/to-host"));
    fs.symlinkSync(path.join(hostSecretDir, "secret.txt"), path.join(workspace, "step-1/secret.txt"));
    execFileSync("mkfifo", [path.join(workspace, "step-1/pipe")]);
    const copy = await copyForSandbox(workspace, learner);
    copies.push(copy);
    expect(Object.keys(filesBelow(copy)).sort()).toEqual(["step-1/Dockerfile", "step-1/app/run.sh"]);
  });

  describe("while the learner swaps the step folder for a link to a host folder", () => {
    let swapper: ChildProcess | undefined;
    afterEach(async () => {
      await stopSwapping(swapper);
      swapper = undefined;
    });

    it("never copies a root-only host file", async () => {
      fs.writeFileSync(path.join(workspace, "step-1/secret.txt"), "an ordinary file of the learner");
      fs.symlinkSync(hostSecretDir, path.join(workspace, "swap"));
      swapper = await startSwapping(path.join(workspace, "step-1"), path.join(workspace, "swap"));
      let copied = 0;
      const until = Date.now() + 15_000;
      for (let i = 0; i < 60 && Date.now() < until; i++) {
        let copy: string;
        try {
          copy = await copyForSandbox(workspace, learner);
        } catch (error) {
          // Caught mid-swap: a clear refusal, never a copy.
          expect(error).toBeInstanceOf(AppError);
          continue;
        }
        copies.push(copy);
        copied++;
        const leaked = Object.entries(filesBelow(copy)).filter(([, content]) => content.includes(secret));
        expect(leaked.map(([rel]) => rel)).toEqual([]);
      }
      expect(copied).toBeGreaterThan(0);
    }, 40_000);
  });
});
