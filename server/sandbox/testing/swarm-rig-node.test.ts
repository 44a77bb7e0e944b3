import { describe, expect, it } from "vitest";
import { rigNodeCreateOptions, rigResolverCreateOptions } from "./swarm-rig-node";
import { LABEL_SWARM_RIG, swarmRigFilter } from "./swarm-rig-labels";
import { engineCreateOptions } from "../engine-options";

const spec = {
  rigId: "rigabc123",
  name: "rigabc123-worker1",
  network: "wb-test-rigabc123",
  sharedDir: "/tmp/wb-swarm-rig-x/shared",
  image: "docker-workbench/engine:1",
  tlsDir: "/tmp/wb-swarm-rig-x/node-ca/rigabc123-worker1",
  resolver: "172.30.0.2",
};

describe("a swarm rig node's create options", () => {
  const options = rigNodeCreateOptions(spec);
  const host = options.HostConfig!;

  it("keeps step 9's privileged-caps node options (root dockerd, every capability but SYS_RESOURCE, unconfined, host cgroups)", () => {
    const clusterNode = engineCreateOptions({ mode: "privileged-caps", studentId: "x", workspaceHostPath: undefined, name: spec.name, instanceId: "x", owner: "test" }).HostConfig!;
    expect(options.User).toBe("0:0");
    expect(host.Privileged).toBe(false);
    expect(host.CapAdd).toEqual(clusterNode.CapAdd);
    expect(host.CapDrop).toEqual(clusterNode.CapDrop);
    expect(host.SecurityOpt).toEqual(clusterNode.SecurityOpt);
    expect(host.MaskedPaths).toEqual([]);
    expect(host.Mounts).toContainEqual({ Type: "bind", Source: "/sys/fs/cgroup", Target: "/sys/fs/cgroup", ReadOnly: false });
  });

  it("gives the node /dev/net/tun, so it can run rootless engines, and the shared folder at the same path", () => {
    expect(host.Devices).toEqual([{ PathOnHost: "/dev/net/tun", PathInContainer: "/dev/net/tun", CgroupPermissions: "rwm" }]);
    expect(host.Mounts).toContainEqual({ Type: "bind", Source: spec.sharedDir, Target: spec.sharedDir });
  });

  it("sits on the rig's network, its dockerd also listening on tcp 2376 with mutual TLS only (no plain port), with the node's name as hostname", () => {
    expect(host.NetworkMode).toBe(spec.network);
    expect(options.Cmd).toEqual(["--host", "tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert=/etc/wb-node-tls/ca.pem", "--tlscert=/etc/wb-node-tls/cert.pem", "--tlskey=/etc/wb-node-tls/key.pem"]);
    expect(options.Cmd!.join(" ")).not.toMatch(/2375|--tls=false/);
    // dockerd starts once the rig has written the certificate naming the node's address, in the folder mounted read-only.
    expect(options.Entrypoint).toEqual(["sh", "-c", expect.stringContaining("exec /usr/local/bin/workbench-engine"), "wb-rig-node"]);
    expect(host.Mounts).toContainEqual({ Type: "bind", Source: spec.tlsDir, Target: "/etc/wb-node-tls", ReadOnly: true });
    expect(options.Hostname).toBe(spec.name);
    expect(options.name).toBe(spec.name);
  });

  it("labels the container and its data volume with the rig, so removeSwarmRigs finds both", () => {
    const wanted = swarmRigFilter(spec.rigId).label.map((l) => l.split("="));
    const hasRigLabels = (labels: Record<string, string> | undefined) => wanted.every(([k, v]) => labels?.[k!] === v);
    expect(hasRigLabels(options.Labels)).toBe(true);
    const volumes = (host.Mounts ?? []).filter((m) => m.Type === "volume");
    expect(volumes.length).toBeGreaterThan(0);
    for (const volume of volumes) expect(hasRigLabels(volume.VolumeOptions?.Labels)).toBe(true);
    expect(swarmRigFilter().label).toContain(LABEL_SWARM_RIG);
  });

  it("asks the rig's resolver for names its network does not know, as a node asks its site's name server", () => {
    expect(host.Dns).toEqual([spec.resolver]);
  });
});

describe("the rig's resolver", () => {
  const options = rigResolverCreateOptions(spec.rigId, spec.network, spec.image);
  const host = options.HostConfig!;

  it("answers every name outside the rig's network with no such name, at once, from nothing upstream", () => {
    expect(options.Entrypoint).toEqual(["dnsmasq"]);
    expect(options.Cmd).toEqual(expect.arrayContaining(["--keep-in-foreground", "--no-resolv", "--address=/#/"]));
    expect(options.Cmd!.some((arg) => arg.startsWith("--server"))).toBe(false);
    expect(host.NetworkMode).toBe(spec.network);
  });

  it("is confined (read-only, capabilities dropped but port 53 and dropping to nobody) and labelled with the rig, so removeSwarmRigs removes it", () => {
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CapDrop).toEqual(["ALL"]);
    expect(host.CapAdd).toEqual(["NET_BIND_SERVICE", "SETUID", "SETGID"]);
    const wanted = swarmRigFilter(spec.rigId).label.map((l) => l.split("="));
    expect(wanted.every(([k, v]) => options.Labels?.[k!] === v)).toBe(true);
  });
});
