/** The package cache's nginx configuration (infra-image/apt-cache-conf.sh), as the infra container writes it. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = path.resolve(__dirname, "infra-image/apt-cache-conf.sh");
const conf = (env: Record<string, string>) => spawnSync("bash", ["-c", `source ${SCRIPT} && apt_cache_conf`], { encoding: "utf8", env: { ...process.env, ...env } });

describe("the package cache's configuration", () => {
  it("resolves the mirror's name at each request with the host's name servers, the set-up's addresses as a fallback", () => {
    const out = conf({ WB_APT_CACHE_UPSTREAMS: "deb.debian.org=192.0.2.1,192.0.2.2", WB_APT_CACHE_RESOLVERS: "10.255.255.53 10.0.0.2" });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain("resolver 10.255.255.53 10.0.0.2 ipv6=off valid=300s;");
    expect(out.stdout).toContain('set $apt_mirror "deb.debian.org";');
    expect(out.stdout.match(/proxy_pass http:\/\/\$apt_mirror;/g)).toHaveLength(2);
    expect(out.stdout).toContain("error_page 502 504 = @set_up_addresses_1;");
    expect(out.stdout).toMatch(/location @set_up_addresses_1 \{[^}]*proxy_pass http:\/\/apt_mirror_1;/);
    expect(out.stdout).toMatch(/upstream apt_mirror_1 \{\s*server 192\.0\.2\.1:80;\s*server 192\.0\.2\.2:80;/);
  });

  it("without name servers, uses the set-up's addresses only", () => {
    const out = conf({ WB_APT_CACHE_UPSTREAMS: "deb.debian.org=192.0.2.1" });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).not.toContain("resolver");
    expect(out.stdout).toContain("proxy_pass http://apt_mirror_1;");
  });

  it("refuses a name server that is not an IPv4 address (nothing else reaches nginx's configuration)", () => {
    const out = conf({ WB_APT_CACHE_UPSTREAMS: "deb.debian.org=192.0.2.1", WB_APT_CACHE_RESOLVERS: "10.0.0.1;include /etc/passwd" });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain("bad name server");
  });
});
