/**
 * The workspace is shared with an untrusted sandbox: these tests plant links, fifos and odd paths
 * and check the server neither reads nor writes through them.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../app-error";
import { renderText } from "../../lib/i18n/render-text";
import { resetConfigForTests } from "../config";
import {
  copyFolder,
  deleteFile,
  ensureWorkspace,
  importFiles,
  listFiles,
  MAX_LISTED_FILES,
  readFile,
  readWorkspaceFromDisk,
  seedFolderIfMissing,
  snapshotFolder,
  snapshotWorkspace,
  workspaceRoot,
  writeFile,
} from "./index";
import { openPath, SafeDir } from "./safe-dir";
import { LEGACY_SANDBOX_UID, SANDBOX_UID } from "./workspace-path";

const MAX_FILE = 2048;
const MAX_WORKSPACE = 64 * 1024;
const isRoot = process.getuid?.() === 0;

let dataDir: string;
let outside: string; // a folder outside every workspace, standing in for the host
let studentCounter = 0;
let student: string;
let root: string;

async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected an AppError").toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).userMessage).toMatch(message);
  expect((error as AppError).userMessage).not.toContain(dataDir); // no host paths in messages
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-ws-test-"));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-outside-"));
  process.env.DATA_DIR = dataDir;
  process.env.SESSION_SECRET = "s".repeat(32);
  process.env.MAX_FILE_BYTES = String(MAX_FILE);
  process.env.MAX_WORKSPACE_BYTES = String(MAX_WORKSPACE);
  resetConfigForTests();
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

beforeEach(async () => {
  student = `student${++studentCounter}`;
  root = await ensureWorkspace(student);
  fs.writeFileSync(path.join(outside, "secret"), "host secret\n");
});

describe("ensureWorkspace", () => {
  it("creates <DATA_DIR>/workspaces/<id> owned by the sandbox user, idempotently", async () => {
    expect(root).toBe(path.join(dataDir, "workspaces", student));
    expect(workspaceRoot(student)).toBe(root);
    expect(await ensureWorkspace(student)).toBe(root);
    if (isRoot) expect(fs.statSync(root).uid).toBe(SANDBOX_UID);
  });

  it("keeps a student's files from every other host user", async () => {
    await writeFile(student, "1_step/Dockerfile", "FROM debian\n");
    fs.chmodSync(dataDir, 0o755); // a data folder others may enter, as ./data is by default
    fs.chmodSync(root, 0o755); // as an older workbench left it: the next start closes it again
    await ensureWorkspace(student);
    expect(fs.statSync(path.join(dataDir, "workspaces")).mode & 0o777).toBe(0o700);
    expect(fs.statSync(root).mode & 0o777).toBe(0o700);
    if (isRoot) {
      // Another account of the host (nobody) cannot list the workspaces nor read the file.
      const asNobody = (command: string) => () => execFileSync("runuser", ["-u", "nobody", "--", "sh", "-c", command], { stdio: "pipe" });
      expect(asNobody(`ls ${path.join(dataDir, "workspaces")}`)).toThrow();
      expect(asNobody(`cat ${path.join(root, "1_step/Dockerfile")}`)).toThrow(/Permission denied/);
    }
  });

  it.runIf(isRoot)("hands a workspace of the old learner uid 1000 (a real host user here) over to workbench-learner, without following its links", async () => {
    const legacy = `legacy${studentCounter}`;
    const folder = path.join(dataDir, "workspaces", legacy);
    fs.mkdirSync(path.join(folder, "1_step/conf"), { recursive: true });
    fs.writeFileSync(path.join(folder, "1_step/Dockerfile"), "FROM debian\n");
    fs.symlinkSync(path.join(outside, "secret"), path.join(folder, "1_step/conf/escape"));
    fs.writeFileSync(path.join(folder, "1_step/built-by-a-container"), ""); // an inner container's user: not the learner's to take
    for (const p of [folder, "1_step", "1_step/conf", "1_step/Dockerfile", "1_step/conf/escape"]) {
      fs.lchownSync(path.resolve(folder, p), LEGACY_SANDBOX_UID, LEGACY_SANDBOX_UID);
    }
    fs.lchownSync(path.join(folder, "1_step/built-by-a-container"), 100_033, 100_033);
    fs.chownSync(path.join(outside, "secret"), LEGACY_SANDBOX_UID, LEGACY_SANDBOX_UID);

    await ensureWorkspace(legacy);
    for (const p of ["", "1_step", "1_step/conf", "1_step/Dockerfile"]) {
      const stat = fs.lstatSync(path.join(folder, p));
      expect([p, stat.uid, stat.gid]).toEqual([p, SANDBOX_UID, SANDBOX_UID]);
    }
    expect(fs.lstatSync(path.join(folder, "1_step/conf/escape")).uid).toBe(SANDBOX_UID); // the link itself
    expect(fs.statSync(path.join(outside, "secret")).uid).toBe(LEGACY_SANDBOX_UID); // not what it points at
    expect(fs.lstatSync(path.join(folder, "1_step/built-by-a-container")).uid).toBe(100_033);
    expect(await readFile(legacy, "1_step/Dockerfile")).toBe("FROM debian\n");
  });

  it("refuses student ids that are not token-like", () => {
    for (const bad of ["../x", "a/b", "", ".", "x".repeat(65)]) expect(() => workspaceRoot(bad)).toThrow(AppError);
  });
});

describe("write and read", () => {
  it("round-trips text, creates folders, owns files as the sandbox user", async () => {
    await writeFile(student, "1_step/conf/site.conf", "Listen 80\nrésumé ✓\n");
    expect(await readFile(student, "1_step/conf/site.conf")).toBe("Listen 80\nrésumé ✓\n");
    const stat = fs.statSync(path.join(root, "1_step/conf/site.conf"));
    expect(stat.mode & 0o777).toBe(0o644);
    if (isRoot) {
      expect(stat.uid).toBe(SANDBOX_UID);
      expect(fs.statSync(path.join(root, "1_step/conf")).uid).toBe(SANDBOX_UID);
    }
    // No temporary files left behind.
    expect(fs.readdirSync(path.join(root, "1_step/conf"))).toEqual(["site.conf"]);
  });

  it("keeps an existing file's permission bits (a script stays executable)", async () => {
    fs.mkdirSync(path.join(root, "s"));
    fs.writeFileSync(path.join(root, "s/run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    await writeFile(student, "s/run.sh", "#!/bin/sh\necho hi\n");
    expect(fs.statSync(path.join(root, "s/run.sh")).mode & 0o777).toBe(0o755);
  });

  it("refuses binary files and files over MAX_FILE_BYTES", async () => {
    fs.writeFileSync(path.join(root, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    await expectAppError(readFile(student, "image.png"), "unsupported", /binary/);
    fs.writeFileSync(path.join(root, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await expectAppError(readFile(student, "latin1.txt"), "unsupported");
    fs.writeFileSync(path.join(root, "big.log"), "x".repeat(MAX_FILE + 1));
    await expectAppError(readFile(student, "big.log"), "too_large", /larger than 2 KiB/);
    await expectAppError(writeFile(student, "big2.log", "x".repeat(MAX_FILE + 1)), "too_large");
    expect(fs.existsSync(path.join(root, "big2.log"))).toBe(false);
  });

  it("refuses to grow the workspace past MAX_WORKSPACE_BYTES, counting replaced files once", async () => {
    const chunk = "y".repeat(MAX_FILE);
    for (let i = 0; i < MAX_WORKSPACE / MAX_FILE; i++) fs.writeFileSync(path.join(root, `f${i}`), chunk);
    await writeFile(student, "f0", chunk); // same size: allowed
    await writeFile(student, "f1", "smaller"); // shrinking: allowed
    await writeFile(student, "extra", chunk.slice(0, MAX_FILE - 7)); // exactly up to the limit
    await expectAppError(writeFile(student, "f1", "smaller!"), "too_large", /Delete something/); // growing by one byte
    await expectAppError(writeFile(student, "one-more", "z"), "too_large", /Delete something/);
    expect(fs.readFileSync(path.join(root, "f1"), "utf8")).toBe("smaller");
  });

  it("says its refusals in French too, each with its English kept as it was", async () => {
    const french = async (promise: Promise<unknown>) => {
      const error = (await promise.then(
        () => undefined,
        (e: unknown) => e,
      )) as AppError;
      expect(error, "expected an AppError with a catalog message").toBeInstanceOf(AppError);
      return { english: error.userMessage, french: error.text && renderText(error.text, "fr") };
    };
    expect(await french(readFile(student, "s/nope.txt"))).toEqual({ english: "There is no file “s/nope.txt”.", french: "Le fichier « s/nope.txt » n’existe pas." });
    fs.writeFileSync(path.join(root, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    expect((await french(readFile(student, "image.png"))).french).toBe("« image.png » est un fichier binaire ; l’éditeur n’ouvre que du texte.");
    fs.writeFileSync(path.join(root, "big.log"), "x".repeat(MAX_FILE + 1));
    expect(await french(readFile(student, "big.log"))).toEqual({
      english: "“big.log” is larger than 2 KiB; open it in the terminal instead.",
      french: "« big.log » dépasse 2\u00a0Kio ; ouvrez-le plutôt dans le terminal.",
    });
    expect((await french(readFile(student, "a/../b"))).french).toBe("Le chemin « a/../b » n’est pas autorisé : « . » et « .. » sont interdits.");
    fs.mkdirSync(path.join(root, "dir"));
    expect((await french(writeFile(student, "dir", "x"))).french).toBe("« dir » est un dossier ; l’atelier n’écrit que des fichiers ordinaires.");
  });

  it("reports missing files as not_found", async () => {
    await expectAppError(readFile(student, "nope.txt"), "not_found");
    await expectAppError(readFile(student, "no/such/dir.txt"), "not_found");
    await expectAppError(readFile("nobody-here", "x"), "not_found");
    await expectAppError(deleteFile(student, "nope.txt"), "not_found");
  });
});

describe("paths", () => {
  const bad = ["../escape", "a/../../escape", "/etc/passwd", "a/./b", "a//b", "", "a\0b", "a\\..\\b", "a\nb", "x".repeat(513)];
  it.each(bad)("refuses %j for every operation", async (relPath) => {
    await expectAppError(readFile(student, relPath), "bad_request");
    await expectAppError(writeFile(student, relPath, "x"), "bad_request");
    await expectAppError(deleteFile(student, relPath), "bad_request");
    await expectAppError(importFiles(student, "", [{ path: relPath, content: "x" }]), "bad_request");
  });

  it("accepts odd but harmless names", async () => {
    await writeFile(student, "my folder/ünïcödé ✓.txt", "ok");
    await writeFile(student, ".hidden/..dots", "ok");
    expect((await listFiles(student)).map((f) => f.path).sort()).toEqual([".hidden/..dots", "my folder/ünïcödé ✓.txt"]);
  });
});

describe("links planted by the student", () => {
  it("does not read or write through a link to /etc/passwd", async () => {
    const before = fs.readFileSync("/etc/passwd");
    fs.symlinkSync("/etc/passwd", path.join(root, "passwd"));
    await expectAppError(readFile(student, "passwd"), "bad_request", /is a link/);
    await expectAppError(writeFile(student, "passwd", "pwned"), "bad_request", /is a link/);
    expect(fs.readFileSync("/etc/passwd").equals(before)).toBe(true);
    expect(fs.lstatSync(path.join(root, "passwd")).isSymbolicLink()).toBe(true);
    expect(await listFiles(student)).toEqual([]);
    expect(await snapshotFolder(student, "")).toEqual({});
  });

  it("does not write through a link to a file outside", async () => {
    fs.symlinkSync(path.join(outside, "secret"), path.join(root, "notes.txt"));
    await expectAppError(writeFile(student, "notes.txt", "pwned"), "bad_request");
    await expectAppError(importFiles(student, "", [{ path: "notes.txt", content: "pwned" }]), "bad_request");
    expect(fs.readFileSync(path.join(outside, "secret"), "utf8")).toBe("host secret\n");
  });

  it("does not follow a linked folder on the way, for any operation", async () => {
    fs.symlinkSync(outside, path.join(root, "linked"));
    fs.mkdirSync(path.join(root, "real"));
    fs.symlinkSync(outside, path.join(root, "real/deeper"));
    for (const p of ["linked/secret", "real/deeper/secret"]) {
      await expectAppError(readFile(student, p), "bad_request", /is a link/);
      await expectAppError(writeFile(student, p, "pwned"), "bad_request", /is a link/);
      await expectAppError(writeFile(student, p.replace("secret", "new-file"), "x"), "bad_request");
      await expectAppError(deleteFile(student, p), "bad_request");
    }
    await expectAppError(copyFolder(student, "linked", "copy"), "bad_request");
    await expectAppError(copyFolder(student, "real", "linked/inside"), "bad_request");
    await expectAppError(listFiles(student, "linked"), "bad_request");
    expect(await snapshotFolder(student, "linked")).toEqual({});
    expect(fs.readdirSync(outside)).toEqual(["secret"]);
    expect(fs.readFileSync(path.join(outside, "secret"), "utf8")).toBe("host secret\n");
  });

  it("deletes a link itself, never its target, also inside a deleted folder", async () => {
    fs.symlinkSync(path.join(outside, "secret"), path.join(root, "l1"));
    fs.mkdirSync(path.join(root, "dir/sub"), { recursive: true });
    fs.symlinkSync(outside, path.join(root, "dir/sub/l2"));
    fs.writeFileSync(path.join(root, "dir/sub/file"), "x");
    await deleteFile(student, "l1");
    await deleteFile(student, "dir");
    expect(fs.readdirSync(root)).toEqual([]);
    expect(fs.readdirSync(outside)).toEqual(["secret"]);
  });

  it("stays in a folder it opened even if the folder is swapped for a link meanwhile", async () => {
    fs.mkdirSync(path.join(root, "step"));
    const ws = await SafeDir.openRoot(root);
    const dir = await openPath(ws!, ["step"]);
    try {
      // The student moves the folder away and puts a link to the host in its place.
      fs.renameSync(path.join(root, "step"), path.join(root, "moved"));
      fs.symlinkSync(outside, path.join(root, "step"));
      await dir!.writeFile("planted", Buffer.from("x"), { owner: { uid: 1000, gid: 1000 } });
    } finally {
      await dir!.close();
      await ws!.close();
    }
    expect(fs.readdirSync(outside)).toEqual(["secret"]);
    expect(fs.readFileSync(path.join(root, "moved/planted"), "utf8")).toBe("x");
  });
});

describe("special files", () => {
  it("never opens a fifo (no hang) and leaves it out of listings", async () => {
    execFileSync("mkfifo", [path.join(root, "pipe")]);
    await expectAppError(readFile(student, "pipe"), "bad_request", /not a regular file/);
    await expectAppError(writeFile(student, "pipe", "x"), "bad_request");
    expect(await listFiles(student)).toEqual([]);
    const zip = await JSZip.loadAsync(await (await import("./index")).zipWorkspace(student));
    expect(Object.keys(zip.files)).toEqual([]);
  });

  it("refuses to write over a folder", async () => {
    fs.mkdirSync(path.join(root, "dir"));
    await expectAppError(writeFile(student, "dir", "x"), "bad_request", /folder/);
    await expectAppError(readFile(student, "dir"), "bad_request", /folder/);
  });
});

describe("listFiles", () => {
  it("lists regular files with sizes, below a folder or everywhere, shallow first", async () => {
    fs.mkdirSync(path.join(root, "a/b"), { recursive: true });
    fs.writeFileSync(path.join(root, "a/b/deep.txt"), "12345");
    fs.writeFileSync(path.join(root, "a/top.txt"), "1");
    fs.mkdirSync(path.join(root, "a/.git"));
    fs.writeFileSync(path.join(root, "a/.git/HEAD"), "ref");
    expect(await listFiles(student, "a")).toEqual([
      { path: "a/top.txt", size: 1 },
      { path: "a/.git/HEAD", size: 3 },
      { path: "a/b/deep.txt", size: 5 },
    ]);
    expect(await listFiles(student, "missing")).toEqual([]);
    expect(await listFiles("nobody-here")).toEqual([]);
  });

  it(`stops at ${MAX_LISTED_FILES} files`, async () => {
    fs.mkdirSync(path.join(root, "many"));
    for (let i = 0; i < MAX_LISTED_FILES + 5; i++) fs.writeFileSync(path.join(root, "many", `f${i}`), "");
    expect(await listFiles(student)).toHaveLength(MAX_LISTED_FILES);
  });
});

describe("importFiles", () => {
  it("writes all files below a folder, binary allowed", async () => {
    const written = await importFiles(student, "1_step", [
      { path: "Dockerfile", content: "FROM debian\n" },
      { path: "assets/logo.bin", content: new Uint8Array([0, 1, 2, 255]) },
    ]);
    expect(written).toEqual(["1_step/Dockerfile", "1_step/assets/logo.bin"]);
    expect(fs.readFileSync(path.join(root, "1_step/assets/logo.bin"))).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it("checks every file before writing any", async () => {
    await expectAppError(
      importFiles(student, "up", [
        { path: "ok.txt", content: "fine" },
        { path: "../bad.txt", content: "no" },
      ]),
      "bad_request",
    );
    await expectAppError(
      importFiles(student, "up", [
        { path: "ok.txt", content: "fine" },
        { path: "big.txt", content: "x".repeat(MAX_FILE + 1) },
      ]),
      "too_large",
    );
    expect(fs.existsSync(path.join(root, "up"))).toBe(false);
  });
});

describe("snapshots", () => {
  it("keeps the text files of a folder, keyed from the workspace root", async () => {
    fs.mkdirSync(path.join(root, "2_step/conf"), { recursive: true });
    fs.writeFileSync(path.join(root, "2_step/Dockerfile"), "FROM debian\n");
    fs.writeFileSync(path.join(root, "2_step/conf/a.conf"), "x=1\n");
    fs.writeFileSync(path.join(root, "2_step/bin.dat"), Buffer.from([0, 0, 1]));
    fs.writeFileSync(path.join(root, "2_step/huge.sql"), "x".repeat(MAX_FILE + 1));
    fs.symlinkSync("/etc/passwd", path.join(root, "2_step/passwd"));
    fs.writeFileSync(path.join(root, "other.txt"), "not in the folder");
    expect(await snapshotWorkspace(student, "2_step")).toEqual({
      folder: "2_step",
      files: { "2_step/Dockerfile": "FROM debian\n", "2_step/conf/a.conf": "x=1\n" },
    });
    expect(await snapshotFolder(student, "missing")).toEqual({});
    expect(await readWorkspaceFromDisk(root, { maxFileBytes: MAX_FILE })).toEqual({
      "2_step/Dockerfile": "FROM debian\n",
      "2_step/conf/a.conf": "x=1\n",
      "other.txt": "not in the folder",
    });
  });
});

describe("copyFolder and seedFolderIfMissing", () => {
  it("copies the previous step's folder without overwriting, skipping links", async () => {
    fs.mkdirSync(path.join(root, "1_a/sub/empty"), { recursive: true });
    fs.writeFileSync(path.join(root, "1_a/Dockerfile"), "FROM one\n");
    fs.writeFileSync(path.join(root, "1_a/run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(root, "1_a/sub/x.txt"), "x");
    fs.symlinkSync("/etc/passwd", path.join(root, "1_a/passwd"));
    fs.mkdirSync(path.join(root, "2_b"));
    fs.writeFileSync(path.join(root, "2_b/Dockerfile"), "FROM mine\n");

    const result = await copyFolder(student, "1_a", "2_b");
    expect(result.copied.sort()).toEqual(["2_b/run.sh", "2_b/sub/x.txt"]);
    expect(result.skipped.sort()).toEqual(["1_a/passwd", "2_b/Dockerfile"]);
    expect(fs.readFileSync(path.join(root, "2_b/Dockerfile"), "utf8")).toBe("FROM mine\n");
    expect(fs.statSync(path.join(root, "2_b/run.sh")).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(root, "2_b/sub/empty")).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(root, "2_b/passwd"))).toBe(false);

    await copyFolder(student, "1_a", "2_b", { overwrite: true });
    expect(fs.readFileSync(path.join(root, "2_b/Dockerfile"), "utf8")).toBe("FROM one\n");
    await expectAppError(copyFolder(student, "1_a", "1_a/inside"), "bad_request");
    await expectAppError(copyFolder(student, "missing", "x"), "not_found");
  });

  it("seeds a step folder from starter files once, atomically", async () => {
    const starter = fs.mkdtempSync(path.join(os.tmpdir(), "workbench-starter-"));
    try {
      fs.mkdirSync(path.join(starter, "conf"));
      fs.writeFileSync(path.join(starter, "Dockerfile"), "FROM debian:bookworm\n");
      fs.writeFileSync(path.join(starter, "conf/entry.sh"), "#!/bin/sh\n", { mode: 0o755 });
      expect(await seedFolderIfMissing(student, "3_step", starter)).toBe(true);
      expect(fs.readFileSync(path.join(root, "3_step/Dockerfile"), "utf8")).toBe("FROM debian:bookworm\n");
      expect(fs.statSync(path.join(root, "3_step/conf/entry.sh")).mode & 0o777).toBe(0o755);
      if (isRoot) expect(fs.statSync(path.join(root, "3_step/conf/entry.sh")).uid).toBe(SANDBOX_UID);
      fs.writeFileSync(path.join(root, "3_step/Dockerfile"), "FROM edited\n");
      expect(await seedFolderIfMissing(student, "3_step", starter)).toBe(false);
      expect(fs.readFileSync(path.join(root, "3_step/Dockerfile"), "utf8")).toBe("FROM edited\n");
      expect(fs.readdirSync(root)).toEqual(["3_step"]); // no temporary folder left
      expect(await seedFolderIfMissing(student, "4_empty", path.join(starter, "does-not-exist"))).toBe(true);
      expect(fs.readdirSync(path.join(root, "4_empty"))).toEqual([]);
    } finally {
      fs.rmSync(starter, { recursive: true, force: true });
    }
  });
});

describe("zipWorkspace", () => {
  it("zips files and folders with their permissions, leaving links out", async () => {
    fs.mkdirSync(path.join(root, "1_step/empty"), { recursive: true });
    fs.writeFileSync(path.join(root, "1_step/Dockerfile"), "FROM debian\n");
    fs.writeFileSync(path.join(root, "1_step/run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    fs.symlinkSync("/etc/passwd", path.join(root, "1_step/passwd"));
    const { zipWorkspace } = await import("./index");
    const zip = await JSZip.loadAsync(await zipWorkspace(student));
    expect(Object.keys(zip.files).sort()).toEqual(["1_step/", "1_step/Dockerfile", "1_step/empty/", "1_step/run.sh"]);
    expect(await zip.file("1_step/Dockerfile")!.async("string")).toBe("FROM debian\n");
    expect((zip.files["1_step/run.sh"]!.unixPermissions as number) & 0o777).toBe(0o755);
  });
});
