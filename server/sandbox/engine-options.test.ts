import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { INNER_DATA_ROOT, INNER_DOCKER_HOST, LEARNER_HOME, LEARNER_UID, LEARNER_WORKSPACE, PRIVILEGED_DATA_ROOT, engineCreateOptions, engineDataVolumeName } from "./engine-options";

const base = { studentId: "s1", name: "wb-test-engine-s1", workspaceHostPath: "/srv/ws/s1", instanceId: "i1" };

describe("engineCreateOptions", () => {
  it("defaults to a rootless engine run by learner in an unprivileged container", () => {
    const o = engineCreateOptions(base);
    expect(o.User).toBe("99000:99000"); // workbench-learner, no user of the host
    expect(o.Env).toEqual(["WB_ENGINE_MODE=rootless", "WB_ENGINE_NICE=10"]); // builds and containers below the terminal
    expect(o.HostConfig?.Privileged).toBe(false);
    expect(o.HostConfig?.CapAdd).toBeUndefined();
    expect(o.HostConfig?.SecurityOpt?.[0]).toMatch(/^seccomp=\{/);
    expect(o.HostConfig?.Devices?.[0]?.PathOnHost).toBe("/dev/net/tun");
    expect(o.HostConfig?.Mounts?.map((m) => m.Target)).toEqual([INNER_DATA_ROOT, LEARNER_WORKSPACE]);
  });

  it("privileged-caps: root entrypoint, all capabilities but SYS_RESOURCE, host cgroups, /var/lib/docker volume", () => {
    const o = engineCreateOptions({ ...base, mode: "privileged-caps" });
    expect(o.User).toBe("0:0");
    expect(o.Env).toEqual(["WB_ENGINE_MODE=privileged-caps", "WB_ENGINE_NICE=10"]);
    const host = o.HostConfig!;
    expect(host.Privileged).toBe(false);
    expect(host.CapAdd).toEqual(["ALL"]);
    expect(host.CapDrop).toEqual(["SYS_RESOURCE"]);
    expect(host.SecurityOpt).toEqual(["seccomp=unconfined", "apparmor=unconfined"]);
    expect(host.MaskedPaths).toEqual([]);
    expect(host.ReadonlyPaths).toEqual([]);
    expect((host as { CgroupnsMode?: string }).CgroupnsMode).toBe("host");
    expect(host.Devices).toBeUndefined();
    const mounts = host.Mounts ?? [];
    expect(mounts.find((m) => m.Target === PRIVILEGED_DATA_ROOT)).toMatchObject({ Type: "volume", Source: engineDataVolumeName(base.name) });
    expect(mounts.find((m) => m.Target === PRIVILEGED_DATA_ROOT)?.VolumeOptions?.Labels).toMatchObject({ "org.dockerworkbench.role": "engine" });
    expect(mounts.find((m) => m.Target === "/sys/fs/cgroup")).toMatchObject({ Type: "bind", Source: "/sys/fs/cgroup", ReadOnly: false });
    expect(mounts.find((m) => m.Target === LEARNER_WORKSPACE)?.Source).toBe(base.workspaceHostPath);
    // Both modes keep the same limits.
    expect(host.Memory).toBe(engineCreateOptions(base).HostConfig?.Memory);
    expect(host.PidsLimit).toBe(engineCreateOptions(base).HostConfig?.PidsLimit);
  });

  it("with a capped disk: the home (data root inside), /tmp and /var/tmp are volumes bound to its folders", () => {
    const disk = "/data/engine-disks/wb-test-engine-s1";
    const o = engineCreateOptions({ ...base, engineDiskHostPath: disk });
    const mounts = o.HostConfig?.Mounts ?? [];
    expect(mounts.map((m) => m.Target)).toEqual([LEARNER_HOME, "/tmp", "/var/tmp", LEARNER_WORKSPACE]);
    expect(mounts[0]).toMatchObject({
      Type: "volume",
      Source: "wb-test-engine-s1-disk-home",
      VolumeOptions: { NoCopy: false, DriverConfig: { Name: "local", Options: { type: "none", o: "bind", device: `${disk}/home` } } },
    });
    expect(INNER_DATA_ROOT.startsWith(`${LEARNER_HOME}/`)).toBe(true);
    expect(mounts[0]?.VolumeOptions?.Labels).toMatchObject({ "org.dockerworkbench.role": "engine" });
    // What else learner can write in the container is small and in memory.
    expect(Object.keys(o.HostConfig?.Tmpfs ?? {}).sort()).toEqual(["/run/lock", `/run/user/${LEARNER_UID}`, "/var/lib/docker"]);

    const privileged = engineCreateOptions({ ...base, mode: "privileged-caps", engineDiskHostPath: disk });
    const pm = privileged.HostConfig?.Mounts ?? [];
    expect(pm.find((m) => m.Target === PRIVILEGED_DATA_ROOT)?.VolumeOptions?.DriverConfig?.Options).toEqual({ type: "none", o: "bind", device: `${disk}/docker` });
    expect(pm.find((m) => m.Target === LEARNER_HOME)).toBeDefined();
    expect(pm.some((m) => m.Source === engineDataVolumeName(base.name))).toBe(false);
  });
});

describe("the learner's uid", () => {
  it("is the one the set-up reserves on the host and builds into the engine image", () => {
    const lib = readFileSync(new URL("../../scripts/lib.sh", import.meta.url), "utf8");
    expect(lib).toMatch(new RegExp(`^WB_LEARNER_UID=${LEARNER_UID}$`, "m"));
    expect(LEARNER_UID).not.toBe(1000); // the first login user of most hosts
    const dockerfile = readFileSync(new URL("./engine-image/Dockerfile", import.meta.url), "utf8");
    expect(dockerfile).toMatch(/^ARG LEARNER_UID$/m);
    expect(dockerfile).not.toMatch(/\b1000\b/);
    expect(INNER_DOCKER_HOST).toBe(`unix:///run/user/${LEARNER_UID}/docker.sock`);
  });

  it("starts the engine at the niceness asked (ENGINE_NICE), and refuses one `nice -n` would not take", () => {
    expect(engineCreateOptions({ ...base, nice: 0 }).Env).toContain("WB_ENGINE_NICE=0");
    expect(engineCreateOptions({ ...base, nice: 19 }).Env).toContain("WB_ENGINE_NICE=19");
    for (const nice of [-1, 20, 2.5, Number.NaN]) expect(() => engineCreateOptions({ ...base, nice })).toThrow(/niceness/);
  });
});
