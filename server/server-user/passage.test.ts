import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blockedFolders, openPassage } from "./passage";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";

const owner = { uid: SANDBOX_UID, gid: SANDBOX_GID };
const hasSetfacl = (() => {
  try {
    execFileSync("setfacl", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// Trying folders as another uid needs root (the server does this as root, before it drops).
describe.skipIf(process.getuid?.() !== 0)("the sandbox user's passage to what the server reads", () => {
  let home: string; // like /root: 0700
  let checkout: string;
  let data: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), "wb-passage-"));
    chmodSync(home, 0o700);
    checkout = path.join(home, "docker-workbench");
    mkdirSync(path.join(checkout, ".next"), { recursive: true });
    writeFileSync(path.join(checkout, ".next", "BUILD_ID"), "x");
    data = path.join(checkout, "data");
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const places = () => [
    { path: checkout, need: "read" as const },
    { path: data, need: "pass" as const }, // not made yet: root makes it
  ];

  it("finds the folder above the checkout that stops the sandbox user, and nothing once it may pass", () => {
    expect(blockedFolders(owner, places())).toEqual([[home], [home]]);
    chmodSync(home, 0o711);
    expect(blockedFolders(owner, places())).toEqual([[], []]);
  });

  it("finds every folder that stops it, also those behind the first, without changing any of them", () => {
    const group = path.join(home, "courses"); // 0700 inside 0700: the start would meet it only after opening home
    const checkoutBehind = path.join(group, "docker-workbench");
    const course = path.join(group, "course"); // 0700 itself: the server would keep root
    mkdirSync(checkoutBehind, { recursive: true });
    mkdirSync(course);
    chmodSync(group, 0o700);
    chmodSync(course, 0o700);
    const aclsBefore = [home, group, course].map((folder) => execFileSync("getfacl", ["-cpn", folder], { encoding: "utf8" }));
    const modesBefore = [home, group, course].map((folder) => statSync(folder).mode);
    const found = blockedFolders(owner, [
      { path: checkoutBehind, need: "read" },
      { path: course, need: "read" },
      { path: path.join(group, "data"), need: "pass" },
    ]);
    expect(found).toEqual([
      [home, group],
      [home, group, course],
      [home, group],
    ]);
    expect([home, group, course].map((folder) => execFileSync("getfacl", ["-cpn", folder], { encoding: "utf8" }))).toEqual(aclsBefore);
    expect([home, group, course].map((folder) => statSync(folder).mode)).toEqual(modesBefore);
  });

  it("opens every folder on the way in one go, and refuses before opening any when a place itself cannot be read", () => {
    const group = path.join(home, "courses");
    const checkoutBehind = path.join(group, "docker-workbench");
    mkdirSync(checkoutBehind, { recursive: true });
    chmodSync(group, 0o700);
    const asked: string[] = [];
    const refused = openPassage(owner, [{ path: group, need: "read" }], (folder) => asked.push(folder));
    expect(refused).toEqual({ ok: false, granted: [], blocked: group, reason: `uid ${SANDBOX_UID} cannot read ${group}` });
    expect(asked).toEqual([]);
    if (!hasSetfacl) return;
    expect(openPassage(owner, [{ path: checkoutBehind, need: "read" }])).toEqual({ ok: true, granted: [home, group] });
    expect(blockedFolders(owner, [{ path: checkoutBehind, need: "read" }])).toEqual([[]]);
  });

  it("gives search on that folder to the sandbox user alone, then the checkout is readable", () => {
    const result = openPassage(owner, places());
    if (!hasSetfacl) {
      expect(result).toMatchObject({ ok: false, blocked: home, reason: expect.stringContaining("setfacl is not installed") });
      return;
    }
    expect(result).toEqual({ ok: true, granted: [home] });
    expect(blockedFolders(owner, places())).toEqual([[], []]);
    // Search only, for that uid only: others still cannot pass, and the folder cannot be listed.
    expect(execFileSync("getfacl", ["-cpn", home], { encoding: "utf8" })).toMatch(new RegExp(`^user:${SANDBOX_UID}:--x$`, "m"));
    expect(execFileSync("stat", ["-c", "%A", home], { encoding: "utf8" }).trim()).toMatch(/^drwx--x---/);
  });

  it("says what stops it when search cannot be given, and does not claim a passage", () => {
    const result = openPassage(owner, places(), () => {
      throw Object.assign(new Error("Operation not supported"), { stderr: "setfacl: Operation not supported" });
    });
    expect(result).toEqual({ ok: false, granted: [], blocked: home, reason: `uid ${SANDBOX_UID} cannot pass ${home}, and search could not be given to it: setfacl: Operation not supported` });
  });

  it("does not open a place itself the sandbox user cannot read (the operator's files)", () => {
    chmodSync(home, 0o711);
    chmodSync(checkout, 0o700);
    const result = openPassage(owner, places(), () => {
      throw new Error("must not be asked");
    });
    expect(result).toEqual({ ok: false, granted: [], blocked: checkout, reason: `uid ${SANDBOX_UID} cannot read ${checkout}` });
  });

  it("says so, rather than failing the start, when the folders cannot even be tried as the sandbox user", () => {
    const result = openPassage(owner, places(), undefined, () => {
      throw new Error(`could not try the folders as uid ${SANDBOX_UID}: spawnSync node EAGAIN`);
    });
    expect(result).toEqual({ ok: false, granted: [], blocked: "", reason: `could not try the folders as uid ${SANDBOX_UID}: spawnSync node EAGAIN` });
  });
});
