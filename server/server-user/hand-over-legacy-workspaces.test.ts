import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, lchownSync, chownSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { handOverLegacyWorkspaces } from "./hand-over-legacy-workspaces";

const owner = { uid: 99000, gid: 99000 };
let base = "";
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("handing the legacy learner uid's workspaces over before the server drops root", () => {
  it.skipIf(process.getuid?.() !== 0)("gives every entry of a uid-1000 workspace to the sandbox user, links themselves, and leaves other workspaces and link targets alone", async () => {
    base = mkdtempSync(path.join(os.tmpdir(), "wb-legacy-"));
    const workspaces = path.join(base, "workspaces");
    const old = path.join(workspaces, "oldstudent01");
    const current = path.join(workspaces, "newstudent01");
    const outside = path.join(base, "root-file");
    writeFileSync(outside, "root's\n");
    mkdirSync(path.join(old, "step1"), { recursive: true });
    writeFileSync(path.join(old, "step1", "Dockerfile"), "FROM debian\n");
    symlinkSync(outside, path.join(old, "link"));
    for (const item of [old, path.join(old, "step1"), path.join(old, "step1", "Dockerfile")]) chownSync(item, 1000, 1000);
    lchownSync(path.join(old, "link"), 1000, 1000);
    mkdirSync(current, { recursive: true });
    chownSync(current, 99000, 99000);

    expect(await handOverLegacyWorkspaces(workspaces, owner)).toEqual(["oldstudent01"]);
    for (const item of [old, path.join(old, "step1"), path.join(old, "step1", "Dockerfile"), path.join(old, "link")]) {
      const stat = lstatSync(item);
      expect([item, stat.uid, stat.gid]).toEqual([item, 99000, 99000]);
    }
    expect(lstatSync(outside).uid).toBe(0); // the link's target is not followed
    expect(await handOverLegacyWorkspaces(workspaces, owner)).toEqual([]); // done once
  });
});
