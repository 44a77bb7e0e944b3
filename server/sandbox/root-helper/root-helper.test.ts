import { describe, expect, it } from "vitest";
import { createLogger } from "../../logger";
import type { CappedStorage } from "../capped-storage";
import type { PoolMounts } from "../workspace-mounts";
import { helperPathsOf, parseHelperRequest } from "./helper-requests";
import { serveRootHelper, type HelperReply } from "./root-helper";

const paths = helperPathsOf("/srv/wb-data");

describe("the root helper's request validation", () => {
  it("accepts the requests the server makes, with the paths it would choose itself", () => {
    expect(parseHelperRequest({ op: "workspace.hold", studentId: "k3v9x0a1b2c3d4e5" }, paths).ok).toBe(true);
    expect(parseHelperRequest({ op: "spare.prepare", engineName: "wb-server-pool-mabc1", at: "/srv/wb-data/engine-mounts/mabc1" }, paths).ok).toBe(true);
    expect(parseHelperRequest({ op: "pool.attach", slot: "mabc1", workspace: "/srv/wb-data/workspaces/k3v9x0a1b2c3d4e5" }, paths).ok).toBe(true);
    expect(
      parseHelperRequest({ op: "engineDisk.mount", engineName: "wb-server-engine-k3v9", folders: ["home", "tmp", "var-tmp"], keep: { studentId: "k3v9", folders: ["home", "docker"] } }, paths).ok,
    ).toBe(true);
    expect(parseHelperRequest({ op: "pool.createSlot", slot: "mabc1", uid: 99000, gid: 99000 }, paths).ok).toBe(true);
  });

  it.each([
    ["a path outside DATA_DIR", { op: "spare.prepare", engineName: "wb-server-pool-a", at: "/etc" }],
    ["a path that climbs out of the pool's folder", { op: "spare.prepare", engineName: "wb-server-pool-a", at: "/srv/wb-data/engine-mounts/../disks" }],
    ["a workspace that is not a student's folder", { op: "pool.attach", slot: "a1", workspace: "/srv/wb-data/disks" }],
    ["a workspace elsewhere on the host", { op: "pool.attach", slot: "a1", workspace: "/root/.ssh" }],
    ["a bad student id", { op: "workspace.hold", studentId: "../../etc" }],
    ["an empty student id", { op: "kept.remove", studentId: "" }],
    ["an engine name with a slash", { op: "engineDisk.release", engineName: "wb-server-engine-a/../../x" }],
    ["an engine name starting with a dot", { op: "engineDisk.release", engineName: ".." }],
    ["an engine disk folder nobody uses", { op: "engineDisk.mount", engineName: "wb-server-engine-a", folders: ["../../etc"] }],
    ["a slot owned by root", { op: "pool.createSlot", slot: "a1", uid: 0, gid: 0 }],
    ["an engine prefix that matches everything", { op: "disks.releaseAll", enginePrefix: "" }],
    ["an unknown operation", { op: "shell.run", command: "id" }],
    ["no operation", { studentId: "k3v9" }],
  ])("refuses %s", (_what, request) => {
    const parsed = parseHelperRequest(request, paths);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).not.toBe("");
  });
});

describe("the root helper serving the server's channel", () => {
  /** A helper on a fake channel with storage and mounts that record every call. */
  function serve() {
    const calls: string[] = [];
    const lines: string[] = [];
    const replies: HelperReply[] = [];
    let deliver: (message: unknown) => void = () => undefined;
    let close: () => void = () => undefined;
    const record =
      (name: string, value: unknown = undefined) =>
      async (...args: unknown[]) => {
        calls.push(`${name} ${JSON.stringify(args)}`);
        return value;
      };
    const storage = { releaseWorkspace: record("releaseWorkspace"), releaseAll: record("releaseAll") } as unknown as CappedStorage;
    const mounts = {
      prepare: record("prepare"),
      releaseAll: record("releaseAll"),
      dispose: record("dispose"),
      createSlot: record("createSlot", "/x"),
      attach: record("attach"),
      releaseSlot: record("releaseSlot"),
    } as PoolMounts;
    const done = serveRootHelper(
      { send: (m) => replies.push(m), onMessage: (l) => (deliver = l), onClose: (l) => (close = l) },
      { storage, mounts, paths, log: createLogger({ level: "info", write: (line) => lines.push(line) }) },
    );
    return { calls, lines, replies, deliver: (m: unknown) => deliver(m), close: () => close(), done };
  }

  const settle = () => new Promise((r) => setTimeout(r, 10));

  it("refuses a bad request with an error answer and a log line, and carries out nothing", async () => {
    const helper = serve();
    helper.deliver({ id: 1, op: "workspace.release", studentId: "../etc" });
    helper.deliver({ id: 2, op: "mount", source: "/", target: "/srv" });
    helper.deliver({ id: 3, op: "pool.attach", slot: "a1", workspace: "/etc" });
    await settle();
    expect(helper.calls).toEqual([]);
    expect(helper.replies.map((r) => [r.id, r.ok])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(helper.replies.map((r) => (r.ok ? "" : r.error.message)).join("\n")).toMatch(/refused by the root helper/);
    expect(helper.lines.filter((l) => l.includes("a request was refused"))).toHaveLength(3);
  });

  it("carries out a valid request and answers it; exits once the channel closes", async () => {
    const helper = serve();
    helper.deliver({ id: 7, op: "workspace.release", studentId: "k3v9x0a1b2c3d4e5" });
    await settle();
    expect(helper.calls).toEqual(['releaseWorkspace ["k3v9x0a1b2c3d4e5"]']);
    expect(helper.replies).toEqual([{ id: 7, ok: true, value: null }]);
    helper.close();
    await expect(helper.done).resolves.toBeUndefined();
  });
});
