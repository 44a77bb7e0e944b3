import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, defaultMaxRunningEngines, envSchema, loadOrCreateSessionSecret, parseEnv } from "./config";

const GiB = 1024 ** 3;

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const config = parseEnv({}, "/srv/wb", { totalMemoryBytes: 16 * GiB, cpus: 8 });
    expect(config).toEqual({
      PORT: 3000,
      HOST: "0.0.0.0",
      DATA_DIR: "/srv/wb/data",
      DATABASE_URL: "file:/srv/wb/data/workbench.db",
      LOG_LEVEL: "info",
      ALLOW_ANONYMOUS: true,
      LESSONS_WATCH: true,
      ENGINE_IDLE_MINUTES: 30,
      ENGINE_YIELD_IDLE_MINUTES: 5,
      ENGINE_YIELD_CLOSED_SECONDS: 60,
      ENGINE_POOL_SIZE: 0,
      ENGINE_MAX_RUNNING: 7,
      ENGINE_MODE: "rootless",
      WB_CLUSTER_MODE: "off",
      WB_PLACEMENT: "local",
      WB_NODE_TLS_DIR: "/etc/docker-workbench/node-ca",
      WB_NODE_API_INSECURE: false,
      ENGINE_MEMORY_MB: 2048,
      ENGINE_PIDS: 1024,
      ENGINE_NICE: 10,
      ENGINE_CPUS: 1,
      DISK_CAPS: "auto",
      WB_SERVER_USER: "sandbox",
      WORKSPACE_DISK_MB: 200,
      ENGINE_DISK_MB: 8192,
      WB_KEPT_ENGINE_DATA_DAYS: 30,
      WB_LAYER_CACHE: "prefix",
      BUILD_TIMEOUT_SECONDS: 900,
      CHECK_BUILD_SLOTS: 8,
      CHECK_BUILD_SLOTS_SET: false,
      CHECK_BUILD_SLOT_WAIT_SECONDS: 1800,
      MAX_FILE_BYTES: 1024 * 1024,
      MAX_WORKSPACE_BYTES: 20 * 1024 * 1024,
      BUILD_LOG_MAX_BYTES: 256 * 1024,
    });
  });

  it("reads and coerces set values; empty values count as unset", () => {
    const config = parseEnv(
      { PORT: "8080", DATA_DIR: "/var/lib/wb", ENGINE_CPUS: "0.5", ENGINE_MODE: "privileged-caps", LOG_LEVEL: "", HOST: " 127.0.0.1 ", DATABASE_URL: "postgres://wb:pw@db/wb" },
      "/ignored",
    );
    expect(config).toMatchObject({ PORT: 8080, DATA_DIR: "/var/lib/wb", ENGINE_CPUS: 0.5, ENGINE_MODE: "privileged-caps", LOG_LEVEL: "info", HOST: "127.0.0.1" });
    expect(config.DATABASE_URL).toBe("postgres://wb:pw@db/wb");
    expect(parseEnv({ DATA_DIR: "/d" }).DATABASE_URL).toBe("file:/d/workbench.db");
  });

  it("lists every bad variable at once, without echoing secrets", () => {
    let error: unknown;
    try {
      parseEnv({
        PORT: "eighty",
        ENGINE_MODE: "root",
        ENGINE_CPUS: "-1",
        MAX_FILE_BYTES: "1.5",
        LOG_LEVEL: "verbose",
        DATABASE_URL: "mysql://user:hunter2@db/wb",
        SESSION_SECRET: "short-secret",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["DATABASE_URL", "ENGINE_CPUS", "ENGINE_MODE", "LOG_LEVEL", "MAX_FILE_BYTES", "PORT", "SESSION_SECRET"].sort());
    expect(message).toContain('PORT: must be a whole number between 1 and 65535 (got "eighty")');
    expect(message).toContain("ENGINE_MODE: must be one of rootless, privileged-caps");
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("short-secret");
  });
});

describe("ENGINE_MAX_RUNNING", () => {
  it("defaults to what the host's memory holds at full allowance, at most 4 per core, at least 1", () => {
    expect(defaultMaxRunningEngines({ totalMemoryBytes: 16 * GiB, cpus: 8 }, 2048)).toBe(7); // (16 − 2) / 2
    expect(defaultMaxRunningEngines({ totalMemoryBytes: 64 * GiB, cpus: 16 }, 2048)).toBe(28); // (64 − 6.4) / 2
    expect(defaultMaxRunningEngines({ totalMemoryBytes: 256 * GiB, cpus: 2 }, 2048)).toBe(8); // 4 × 2 cores
    expect(defaultMaxRunningEngines({ totalMemoryBytes: 16 * GiB, cpus: 8 }, 512)).toBe(28); // smaller engines, more of them
    expect(defaultMaxRunningEngines({ totalMemoryBytes: 2 * GiB, cpus: 1 }, 2048)).toBe(1); // never 0
  });

  it("follows ENGINE_MEMORY_MB, and a set value wins", () => {
    const host = { totalMemoryBytes: 16 * GiB, cpus: 8 };
    expect(parseEnv({ ENGINE_MEMORY_MB: "1024" }, "/x", host).ENGINE_MAX_RUNNING).toBe(14);
    expect(parseEnv({ ENGINE_MAX_RUNNING: "3" }, "/x", host).ENGINE_MAX_RUNNING).toBe(3);
    expect(() => parseEnv({ ENGINE_MAX_RUNNING: "0" }, "/x", host)).toThrow(/ENGINE_MAX_RUNNING: must be a whole number between 1 and 10000/);
  });
});

describe("loadOrCreateSessionSecret", () => {
  it("creates a private secret once and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-secret-"));
    try {
      const first = loadOrCreateSessionSecret(path.join(dir, "nested"));
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(fs.statSync(path.join(dir, "nested/session-secret")).mode & 0o777).toBe(0o600);
      expect(loadOrCreateSessionSecret(path.join(dir, "nested"))).toBe(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("WB_ALLOWED_ORIGINS", () => {
  it("is a list of canonical origins, unset by default", () => {
    expect(parseEnv({}, "/x").WB_ALLOWED_ORIGINS).toBeUndefined();
    expect(parseEnv({ WB_ALLOWED_ORIGINS: " https://WB.example.org/ , http://10.0.0.5:3000,http://a:80" }, "/x").WB_ALLOWED_ORIGINS).toEqual([
      "https://wb.example.org",
      "http://10.0.0.5:3000",
      "http://a",
    ]);
  });

  it.each(["*", "null", "wb.example.org", "https://wb.example.org/path", "ftp://wb.example.org", "https://wb.example.org, evil"])("refuses %j", (value) => {
    expect(() => parseEnv({ WB_ALLOWED_ORIGINS: value }, "/x")).toThrow(/WB_ALLOWED_ORIGINS: must be a comma-separated list of origins/);
  });
});

describe("LESSONS_WATCH", () => {
  it("is on unless set to off, and refuses anything but on or off", () => {
    expect(parseEnv({}, "/x").LESSONS_WATCH).toBe(true);
    expect(parseEnv({ LESSONS_WATCH: "off" }, "/x").LESSONS_WATCH).toBe(false);
    expect(() => parseEnv({ LESSONS_WATCH: "yes" }, "/x")).toThrow(/LESSONS_WATCH: must be on or off/);
  });
});

describe("ALLOW_ANONYMOUS", () => {
  it("is on unless set to false, and refuses anything but true or false", () => {
    expect(parseEnv({}, "/x").ALLOW_ANONYMOUS).toBe(true);
    expect(parseEnv({ ALLOW_ANONYMOUS: "false" }, "/x").ALLOW_ANONYMOUS).toBe(false);
    expect(parseEnv({ ALLOW_ANONYMOUS: " true " }, "/x").ALLOW_ANONYMOUS).toBe(true);
    expect(() => parseEnv({ ALLOW_ANONYMOUS: "no" }, "/x")).toThrow(/ALLOW_ANONYMOUS: must be true or false \(got "no"\)/);
  });
});

describe("WB_KEPT_ENGINE_DATA_MAX_GB", () => {
  it("is unset by default (the server takes a quarter of the data disk), takes GiB with fractions, 0 to keep nothing, and refuses a negative size", () => {
    expect(parseEnv({}, "/x").WB_KEPT_ENGINE_DATA_MAX_GB).toBeUndefined();
    expect(parseEnv({ WB_KEPT_ENGINE_DATA_MAX_GB: "2.5" }, "/x").WB_KEPT_ENGINE_DATA_MAX_GB).toBe(2.5);
    expect(parseEnv({ WB_KEPT_ENGINE_DATA_MAX_GB: "0" }, "/x").WB_KEPT_ENGINE_DATA_MAX_GB).toBe(0);
    expect(() => parseEnv({ WB_KEPT_ENGINE_DATA_MAX_GB: "-1" }, "/x")).toThrow(/WB_KEPT_ENGINE_DATA_MAX_GB: must be 0 or more GiB/);
  });
});

describe("WB_PLACEMENT=swarm", () => {
  it("needs a manager and a shared workspaces folder, and refuses capped disks, all said at once", () => {
    let error: unknown;
    try {
      parseEnv({ WB_PLACEMENT: "swarm", DISK_CAPS: "on" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(":")[0])).toEqual(["WB_SWARM_MANAGER", "WB_SHARED_WORKSPACES", "DISK_CAPS"]);
  });

  it("is taken with both set, and a manager that is no Docker API address is refused", () => {
    const config = parseEnv({ WB_PLACEMENT: "swarm", WB_SWARM_MANAGER: "tcp://10.0.0.1:2375", WB_SHARED_WORKSPACES: "/srv/ws" }, "/x");
    expect(config).toMatchObject({ WB_PLACEMENT: "swarm", WB_SWARM_MANAGER: "tcp://10.0.0.1:2375", WB_SHARED_WORKSPACES: "/srv/ws" });
    expect(() => parseEnv({ WB_PLACEMENT: "swarm", WB_SWARM_MANAGER: "10.0.0.1", WB_SHARED_WORKSPACES: "/srv/ws" })).toThrow(/WB_SWARM_MANAGER: must be a Docker API address/);
    expect(parseEnv({ WB_NODE_API_INSECURE: "1", WB_NODE_TLS_DIR: "/srv/node-ca" }, "/x")).toMatchObject({ WB_NODE_API_INSECURE: true, WB_NODE_TLS_DIR: "/srv/node-ca" });
    expect(() => parseEnv({ WB_NODE_API_INSECURE: "yes" })).toThrow(/WB_NODE_API_INSECURE: must be 0 or 1/);
  });
});

describe(".env.example", () => {
  it("documents every variable, with the defaults as values", () => {
    const text = fs.readFileSync(".env.example", "utf8");
    const documented = [...text.matchAll(/^#?\s*([A-Z_]+)=/gm)].map((m) => m[1]);
    expect([...new Set(documented)].sort()).toEqual(Object.keys(envSchema.shape).sort());
    const values = Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(parseEnv(values, "/x")).toEqual(parseEnv({}, "/x"));
  });
});
