/**
 * The build context is read on the host (as root today) from a folder the learner can change while
 * we read it. These tests plant links, fifos and big files, and race a folder swap against packing.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { extract } from "tar-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../app-error";
import { startSwapping, stopSwapping } from "../workspace/testing/folder-swapper";
import { packBuildContext } from "./build-context";

interface TarEntry {
  name: string;
  type: string;
  mode: number;
  linkname?: string;
  data: Buffer;
}

async function readTar(tar: Buffer): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  reader.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on("end", () => {
      entries.push({ name: header.name, type: header.type ?? "file", mode: header.mode ?? 0, linkname: header.linkname ?? undefined, data: Buffer.concat(chunks) });
      next();
    });
  });
  reader.end(tar);
  await done;
  return entries;
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected an AppError").toBeInstanceOf(AppError);
  return error as AppError;
}

let base: string;
let workspace: string;
let step: string;
/** A root-only host folder (0700) holding a root-only file (0600): what a learner must never read. */
let hostSecretDir: string;
let secret: string;

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "wb-build-context-"));
  workspace = path.join(base, "workspace");
  step = path.join(workspace, "step-1");
  fs.mkdirSync(step, { recursive: true });
  fs.writeFileSync(path.join(step, "Dockerfile"), "FROM debian\nCOPY . /app\n");
  hostSecretDir = path.join(base, "host-secret");
  fs.mkdirSync(hostSecretDir, { mode: 0o700 });
  secret = `TOP-SECRET-${crypto.randomBytes(16).toString("hex")}`;
  fs.writeFileSync(path.join(hostSecretDir, "secret.txt"), secret, { mode: 0o600 });
  fs.chmodSync(hostSecretDir, 0o700);
});

afterEach(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

describe("packBuildContext packs the learner's folder as docker would", () => {
  it("packs nested folders and files with their permission bits", async () => {
    fs.mkdirSync(path.join(step, "app/static"), { recursive: true });
    fs.writeFileSync(path.join(step, "app/static/index.html"), "<h1>hello</h1>");
    fs.writeFileSync(path.join(step, "app/start.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
    const entries = await readTar(await packBuildContext(workspace, "step-1/."));
    const byName = new Map(entries.map((e) => [e.name.replace(/\/$/, ""), e]));
    expect([...byName.keys()].sort()).toEqual(["Dockerfile", "app", "app/start.sh", "app/static", "app/static/index.html"]);
    expect(byName.get("app")?.type).toBe("directory");
    expect(byName.get("app/static/index.html")?.data.toString()).toBe("<h1>hello</h1>");
    expect(byName.get("Dockerfile")?.data.toString()).toBe("FROM debian\nCOPY . /app\n");
    expect(byName.get("app/start.sh")!.mode & 0o777).toBe(0o755);
  });

  it("packs a context below the step folder", async () => {
    fs.mkdirSync(path.join(step, "app"));
    fs.writeFileSync(path.join(step, "app/Dockerfile"), "FROM scratch\n");
    const entries = await readTar(await packBuildContext(workspace, "step-1/app"));
    expect(entries.map((e) => e.name)).toEqual(["Dockerfile"]);
  });

  it("packs symlinks as links and never follows them, to files or folders", async () => {
    fs.symlinkSync(path.join(hostSecretDir, "secret.txt"), path.join(step, "to-secret-file"));
    fs.symlinkSync(hostSecretDir, path.join(step, "to-secret-dir"));
    const tar = await packBuildContext(workspace, "step-1");
    expect(tar.includes(secret)).toBe(false);
    const entries = await readTar(tar);
    const links = entries.filter((e) => e.name.startsWith("to-secret"));
    expect(links.map((e) => [e.name, e.type, e.linkname, e.data.length])).toEqual([
      ["to-secret-dir", "symlink", hostSecretDir, 0],
      ["to-secret-file", "symlink", path.join(hostSecretDir, "secret.txt"), 0],
    ]);
  });

  it("leaves fifos out instead of hanging on them", async () => {
    execFileSync("mkfifo", [path.join(step, "pipe")]);
    const entries = await readTar(await packBuildContext(workspace, "step-1"));
    expect(entries.map((e) => e.name)).toEqual(["Dockerfile"]);
  }, 5_000);

  it("refuses a folder larger than the cap with a clear message", async () => {
    fs.mkdirSync(path.join(step, "data"));
    fs.writeFileSync(path.join(step, "data/a.bin"), Buffer.alloc(700));
    fs.writeFileSync(path.join(step, "data/b.bin"), Buffer.alloc(700));
    const error = await appError(packBuildContext(workspace, "step-1", 1024));
    expect(error.code).toBe("too_large");
    expect(error.userMessage).toBe("The build folder is larger than 1 KiB.");
    expect((await readTar(await packBuildContext(workspace, "step-1", 4096))).length).toBe(4);
  });

  it("refuses a step folder that is a link, without reading where it points", async () => {
    fs.renameSync(step, path.join(workspace, "real-step"));
    fs.symlinkSync(hostSecretDir, step);
    const error = await appError(packBuildContext(workspace, "step-1"));
    expect(error.code).toBe("bad_request");
    expect(error.userMessage).toMatch(/“step-1” is a link/);
    expect(error.userMessage).not.toContain(base);
  });

  it("says which folder is missing, and refuses a context outside the workspace", async () => {
    expect((await appError(packBuildContext(workspace, "step-2"))).userMessage).toBe("The build folder “step-2” does not exist.");
    expect((await appError(packBuildContext(workspace, "step-1/../.."))).code).toBe("bad_request");
    expect((await appError(packBuildContext(workspace, "/etc"))).code).toBe("bad_request");
  });
});

async function packWhileSwapping(contextPath: string, limits: { packs: number; ms: number }) {
  const outcome = { packed: 0, refused: 0, leaked: 0, unexpected: [] as string[] };
  const until = Date.now() + limits.ms;
  for (let i = 0; i < limits.packs && Date.now() < until && outcome.leaked === 0; i++) {
    try {
      const tar = await packBuildContext(workspace, contextPath);
      outcome.packed++;
      if (tar.includes(secret)) outcome.leaked++;
    } catch (error) {
      // What the learner sees when the swap is caught: the folder is a link, or changed meanwhile.
      if (error instanceof AppError && /“step-1” (is a link|changed while)/.test(error.userMessage)) outcome.refused++;
      else outcome.unexpected.push(String(error));
    }
  }
  return outcome;
}

/**
 * The learner's attack: renameat2(RENAME_EXCHANGE) of a folder and a link to a host folder, in a
 * tight loop, from a process of their own, while the server packs.
 */
describe("packBuildContext while the learner swaps folders for links to a host folder", () => {
  let swapper: ChildProcess | undefined;

  afterEach(async () => {
    await stopSwapping(swapper);
    swapper = undefined;
  });

  it("never packs a root-only host file when the step folder itself is swapped", async () => {
    // The same names on both sides, so a path walk that is fooled once finds what it expects.
    fs.writeFileSync(path.join(step, "secret.txt"), "an ordinary file of the learner");
    fs.symlinkSync(hostSecretDir, path.join(workspace, "swap"));
    swapper = await startSwapping(step, path.join(workspace, "swap"));

    const outcome = await packWhileSwapping("step-1", { packs: 200, ms: 20_000 });

    expect(outcome.leaked, "packs that held the host file's bytes").toBe(0);
    expect(outcome.unexpected).toEqual([]);
    expect(outcome.packed, "packs of the real folder (the race was run)").toBeGreaterThan(0);
  }, 40_000);

  it("never packs a root-only host file when a folder inside the step folder is swapped", async () => {
    fs.mkdirSync(path.join(step, "app"));
    fs.writeFileSync(path.join(step, "app/secret.txt"), "an ordinary file of the learner");
    fs.symlinkSync(hostSecretDir, path.join(step, "swap"));
    swapper = await startSwapping(path.join(step, "app"), path.join(step, "swap"));

    const outcome = await packWhileSwapping("step-1", { packs: 200, ms: 20_000 });

    expect(outcome.leaked, "packs that held the host file's bytes").toBe(0);
    expect(outcome.unexpected).toEqual([]);
    expect(outcome.packed).toBeGreaterThan(0);
  }, 40_000);
});
