import { describe, expect, it } from "vitest";
import { nodeInfraCreateOptions, NODE_INFRA_VOLUMES, type ServerInfra } from "./node-infra";
import { INFRA_IP, LEARNER_NETWORK, LEARNER_SUBNET } from "../infra-options";

const server: ServerInfra = {
  imageId: "sha256:abc",
  env: [
    "WB_SERVE_REGISTRY=1",
    "WB_SERVE_WORDPRESS=1",
    "WB_SERVE_APT_CACHE=1",
    "WB_APT_CACHE_UPSTREAMS=deb.debian.org=203.0.113.80 mirror.example.org=198.51.100.7,198.51.100.8",
    "WB_APT_CACHE_RESOLVERS=10.255.255.53",
    "WB_APT_CACHE_MAX_SIZE=4g",
    "PATH=/usr/bin",
  ],
  aliases: ["deb.debian.org", "mirror.example.org", "registry.workbench", "wordpress.org"],
  hostConfig: { ReadonlyRootfs: true, CapDrop: ["ALL"], CapAdd: ["CHOWN"], Memory: 536870912, PidsLimit: 256 },
};

describe("the node's infra container", () => {
  it("answers as the same names, its package cache and registry filling from the server's infra, never from the mirrors", () => {
    const options = nodeInfraCreateOptions(server, { serverAddress: "10.0.0.1" }, "172.18.0.0/16");
    expect(options.Env).toEqual([
      "WB_SERVE_REGISTRY=1",
      "WB_SERVE_WORDPRESS=1",
      "WB_SERVE_APT_CACHE=1",
      "WB_APT_CACHE_UPSTREAMS=deb.debian.org=10.0.0.1 mirror.example.org=10.0.0.1",
      "WB_APT_CACHE_MAX_SIZE=4g",
      "REGISTRY_PROXY_REMOTEURL=http://10.0.0.1:5000",
    ]);
    expect(options.NetworkingConfig?.EndpointsConfig?.[LEARNER_NETWORK]).toEqual({ Aliases: server.aliases });
    expect(options.HostConfig).toMatchObject({ ReadonlyRootfs: true, CapDrop: ["ALL"], CapAdd: ["CHOWN"], Memory: 536870912, PidsLimit: 256, RestartPolicy: { Name: "unless-stopped" } });
    expect(options.HostConfig?.Mounts?.map((m) => [m.Source, m.Target, Boolean(m.ReadOnly)])).toEqual([
      [NODE_INFRA_VOLUMES.aptCache, "/var/cache/workbench-apt", false],
      [NODE_INFRA_VOLUMES.registry, "/var/lib/docker-registry", false],
      [NODE_INFRA_VOLUMES.wordpress, "/srv/wordpress", true],
      [NODE_INFRA_VOLUMES.tls, "/etc/workbench/tls", true],
    ]);
    // No host path of the server's: the node has its own volumes.
    expect(options.HostConfig?.Mounts?.every((m) => m.Type === "volume")).toBe(true);
  });

  it("takes the fixed infra address the node's firewall names when the node's learners' network is the workbench's", () => {
    const options = nodeInfraCreateOptions(server, { serverAddress: "10.0.0.1" }, LEARNER_SUBNET);
    expect(options.NetworkingConfig?.EndpointsConfig?.[LEARNER_NETWORK]?.IPAMConfig).toEqual({ IPv4Address: INFRA_IP });
  });

  it("serves only what the server's infra serves", () => {
    const options = nodeInfraCreateOptions(
      { ...server, env: ["WB_SERVE_REGISTRY=0", "WB_SERVE_WORDPRESS=0", "WB_SERVE_APT_CACHE=1", "WB_APT_CACHE_UPSTREAMS=deb.debian.org=1.2.3.4"] },
      { serverAddress: "10.0.0.1" },
      undefined,
    );
    expect(options.Env).toEqual(["WB_SERVE_REGISTRY=0", "WB_SERVE_WORDPRESS=0", "WB_SERVE_APT_CACHE=1", "WB_APT_CACHE_UPSTREAMS=deb.debian.org=10.0.0.1", "WB_APT_CACHE_MAX_SIZE=8g"]);
    expect(options.HostConfig?.Mounts?.map((m) => m.Source)).toEqual([NODE_INFRA_VOLUMES.aptCache]);
  });

  it("refuses a server address that is not an IPv4 address (it goes into nginx's and the registry's configuration)", () => {
    expect(() => nodeInfraCreateOptions(server, { serverAddress: "10.0.0.1; rm -rf /" }, undefined)).toThrow(/IPv4/);
  });

  it("changes its configuration label when a setting changes, so the node's container is recreated", () => {
    const a = nodeInfraCreateOptions(server, { serverAddress: "10.0.0.1" }, undefined).Labels!["org.dockerworkbench.config"];
    const b = nodeInfraCreateOptions(server, { serverAddress: "10.0.0.2" }, undefined).Labels!["org.dockerworkbench.config"];
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });
});
