/**
 * Issue 9: "The web server should not run as root at all (a dedicated user that can reach
 * Docker), so a slip reads nothing of root's." The real workbench, started as root as scripts/start.sh
 * and the tests start it: the process that listens runs as the sandbox user with the Docker socket's
 * group alone, its only root child is the root helper, a root-only file is out of its reach, and
 * a student still opens a step, saves a file and gets a Check through it; their workspace and
 * engine disk are still capped filesystems, mounted by the helper.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FAULT_FOLDER, FAULT_STEP, FaultStudent, faultDockerfile, useFaultSite } from "../faults/testing/fault-workbench";
import { SANDBOX_GID, SANDBOX_UID } from "../workspace/workspace-path";

const startedSite = useFaultSite({ DISK_CAPS: "on" });

/** Uid, Gid (real, effective, saved, fs) and Groups of a process, from /proc/<pid>/status. */
function credentials(pid: number): { uid: number[]; gid: number[]; groups: number[]; ppid: number; name: string } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => (new RegExp(`^${name}:\\s*(.*)$`, "m").exec(status)?.[1] ?? "").trim();
  const numbers = (name: string) => field(name).split(/\s+/).filter(Boolean).map(Number);
  return { uid: numbers("Uid"), gid: numbers("Gid"), groups: numbers("Groups"), ppid: Number(field("PPid")), name: field("Name") };
}

/** The process listening on the port (from ss). */
function listener(port: number): number {
  const out = spawnSync("ss", ["-Hltnp", `sport = :${port}`], { encoding: "utf8" }).stdout;
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`nothing listens on ${port}: ${out}`);
  return Number(pid);
}

function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((child) => {
      try {
        return credentials(child).ppid === pid;
      } catch {
        return false; // gone meanwhile
      }
    });
}

/** Where a path is mounted, and its filesystem type (findmnt), "" when it is no mount point. */
const findmnt = (target: string) => spawnSync("findmnt", ["-n", "-o", "FSTYPE", "--mountpoint", target], { encoding: "utf8" }).stdout.trim();

// A file only root can read: 0600 in a 0700 folder, as root's own files are.
const rootOnly = mkdtempSync(path.join(os.tmpdir(), "wb-root-only-"));
const secret = path.join(rootOnly, "secret");
writeFileSync(secret, "root's secret\n", { mode: 0o600 });
afterAll(() => rmSync(rootOnly, { recursive: true, force: true }));

describe("the server's own user", () => {
  it("runs as the sandbox user with the docker group, root only in its helper, and students still work", async () => {
    const site = startedSite();
    const server = listener(site.port);
    expect(server).toBe(site.server!.pid);
    const dockerGid = statSync("/var/run/docker.sock").gid;
    expect(dockerGid).not.toBe(0);
    const creds = credentials(server);
    expect(creds.uid).toEqual([SANDBOX_UID, SANDBOX_UID, SANDBOX_UID, SANDBOX_UID]);
    expect(creds.gid).toEqual([SANDBOX_GID, SANDBOX_GID, SANDBOX_GID, SANDBOX_GID]);
    expect(creds.groups).toEqual([dockerGid]);

    // The only root process the server started is the root helper.
    const rootChildren = childrenOf(server).filter((pid) => credentials(pid).uid.includes(0) && !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8")));
    expect(rootChildren.map((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " "))).toEqual([expect.stringContaining("root-helper-main")]);

    // With the server's credentials, root's file cannot be read (it can, as root).
    expect(readFileSync(secret, "utf8")).toBe("root's secret\n");
    const asServer = spawnSync("cat", [secret], { uid: creds.uid[1], gid: creds.gid[1], encoding: "utf8" });
    expect(asServer.status).not.toBe(0);
    expect(asServer.stderr).toMatch(/Permission denied/);
    expect(asServer.stdout).toBe("");

    // A student opens the step, saves a file (owned by the sandbox user in their capped workspace), and Check builds it.
    const student = await FaultStudent.arrive(site);
    await student.openStep();
    const dockerfile = faultDockerfile(1, "saved by a server that is not root");
    await student.writeFile(`${FAULT_FOLDER}/Dockerfile`, dockerfile);
    expect(await student.readFile(`${FAULT_FOLDER}/Dockerfile`)).toBe(dockerfile);
    const workspaces = path.join(site.dataDir, "workspaces");
    const [studentId] = readdirSync(workspaces);
    const workspace = path.join(workspaces, studentId!);
    expect(statSync(path.join(workspace, FAULT_FOLDER, "Dockerfile")).uid).toBe(SANDBOX_UID);
    expect(findmnt(workspace)).toBe("ext4");

    const page = await student.connect();
    await page.engineReady();
    page.send({ type: "check.run", step: FAULT_STEP });
    const started = await page.waitFor("check.started", 60_000);
    const finished = await page.waitFor("check.finished", 240_000, (m) => m.runId === started.runId);
    expect(finished.results.map((r) => `${r.id}=${r.status}`)).toEqual(["folder=pass", "build=pass", "runs=pass"]);
    // The engine's own disk is capped too: mounted by the helper under DATA_DIR/engine-disks.
    expect(site.mounts().some((m) => m.startsWith(path.join(site.dataDir, "engine-disks") + "/"))).toBe(true);

    // Nothing the server does runs into the permissions it gave up.
    const denied = site.logLines().filter((line) => /EACCES|EPERM|permission denied/i.test(JSON.stringify(line)));
    expect(denied).toEqual([]);
  });
});
