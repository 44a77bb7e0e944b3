/**
 * File operations inside a folder tree that an untrusted party can change at the same time (the
 * student is root-ish in the sandbox that mounts the workspace and may create symlinks, fifos and
 * swap folders for links between our checks).
 *
 * Every operation is anchored on an open directory descriptor instead of a path: a folder is opened
 * with O_DIRECTORY|O_NOFOLLOW, and names inside it are reached through /proc/self/fd/<fd>/<name>,
 * which resolves from that very directory (an openat() without native bindings). So no component
 * is ever a followed symlink, and swapping a folder for a link after we opened it changes nothing.
 * Final components are opened with O_NOFOLLOW and checked with fstat; nothing is read unless it is
 * a regular file, nothing is written except to a fresh temporary file renamed into place. Linux only.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp, { type FileHandle } from "node:fs/promises";
import { AppError } from "../app-error";
import { bytesOf, say, type TextRef } from "../../lib/i18n/text-ref";

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY } = fs.constants;

/** Deepest folder nesting we walk or create (also bounds the descriptors held open). */
export const MAX_DEPTH = 48;

export interface Owner {
  uid: number;
  gid: number;
}

export type EntryKind = "file" | "dir" | "symlink" | "other";

export interface EntryInfo {
  kind: EntryKind;
  size: number;
  /** Permission bits (0o777). */
  mode: number;
}

let procChecked = false;
function assertProcFd(): void {
  if (procChecked) return;
  if (!fs.existsSync("/proc/self/fd")) {
    throw new AppError("internal", "The workspace service needs Linux (/proc/self/fd is missing).");
  }
  procChecked = true;
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** A path as a sentence names it: quoted, or "the workspace" for its root. */
export const show = (relPath: string): TextRef => (relPath === "" ? say("files.theWorkspace") : say("files.quoted", { path: relPath }));

export function kindOf(stat: fs.Stats): EntryKind {
  if (stat.isFile()) return "file";
  if (stat.isDirectory()) return "dir";
  if (stat.isSymbolicLink()) return "symlink";
  return "other";
}

/** An open folder. `relPath` ("" for the root) is only for messages. Close it, or `await using`. */
export class SafeDir {
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly relPath: string,
  ) {}

  /** Opens a trusted absolute path as the root of a tree; the last component must not be a link. */
  static async openRoot(absolutePath: string): Promise<SafeDir | null> {
    assertProcFd();
    try {
      return new SafeDir(await fsp.open(absolutePath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW), "");
    } catch (error) {
      if (errno(error) === "ENOENT") return null;
      if (errno(error) === "ELOOP" || errno(error) === "ENOTDIR") {
        throw new AppError("bad_request", say("files.notPlainWorkspace"), { cause: error });
      }
      throw error;
    }
  }

  /** Path through which `name` resolves relative to this open folder. */
  pathOf(name: string): string {
    if (!name || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
      throw new AppError("bad_request", say("files.invalidName", { name }));
    }
    return `/proc/self/fd/${this.handle.fd}/${name}`;
  }

  childRel(name: string): string {
    return this.relPath ? `${this.relPath}/${name}` : name;
  }

  async stat(): Promise<fs.Stats> {
    return this.handle.stat();
  }

  /** chown of this folder itself, through its descriptor. */
  async chown(owner: Owner): Promise<void> {
    await chownQuietly(this.handle, owner);
  }

  /** chmod of this folder itself, through its descriptor. */
  async chmod(mode: number): Promise<void> {
    await this.handle.chmod(mode);
  }

  /** What `name` is, without following it; null when it does not exist. */
  async inspect(name: string): Promise<EntryInfo | null> {
    try {
      const stat = await fsp.lstat(this.pathOf(name));
      return { kind: kindOf(stat), size: stat.size, mode: stat.mode & 0o777 };
    } catch (error) {
      if (errno(error) === "ENOENT") return null;
      throw error;
    }
  }

  /** The target text of the link `name` (never followed); null when `name` is missing or is no link. */
  async readLink(name: string): Promise<string | null> {
    try {
      return await fsp.readlink(this.pathOf(name));
    } catch (error) {
      if (errno(error) === "ENOENT" || errno(error) === "EINVAL") return null;
      throw error;
    }
  }

  async list(): Promise<fs.Dirent[]> {
    const entries = await fsp.readdir(`/proc/self/fd/${this.handle.fd}`, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Opens the sub-folder `name`. Missing: null, or created (mode 0755, given owner) with `create`.
   * A link or a file there is refused.
   */
  async openDir(name: string, options: { create?: Owner | false } = {}): Promise<SafeDir | null> {
    const target = this.pathOf(name);
    const rel = this.childRel(name);
    for (let attempt = 0; ; attempt++) {
      try {
        return new SafeDir(await fsp.open(target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW), rel);
      } catch (error) {
        const code = errno(error);
        // A link gives ELOOP, or ENOTDIR when O_DIRECTORY is checked first (Linux does that).
        if (code === "ELOOP" || code === "ENOTDIR") {
          const now = code === "ELOOP" ? "symlink" : (await this.inspect(name).catch(() => null))?.kind;
          // A folder now: something else was swapped in and out while we opened it.
          const said = now === "symlink" ? "files.isLink" : now === "dir" ? "files.changedWhileOpening" : "files.notAFolder";
          throw new AppError("bad_request", say(said, { path: show(rel) }), { cause: error });
        }
        if (code !== "ENOENT" || !options.create || attempt > 0) {
          if (code === "ENOENT") return null;
          throw error;
        }
      }
      try {
        await fsp.mkdir(target, { mode: 0o755 });
        // Opened (O_NOFOLLOW) before chown: a chown by path would follow a link swapped in meanwhile.
        const created = await this.openDir(name);
        if (created) await chownQuietly(created.handle, options.create);
        if (created) return created;
      } catch (error) {
        if (errno(error) !== "EEXIST") throw error;
      }
    }
  }

  /**
   * Reads the regular file `name` (at most `maxBytes`). Links, folders, fifos, devices and sockets
   * are refused before anything is opened, and again after (fstat) in case of a swap.
   */
  async readFile(name: string, maxBytes: number): Promise<{ data: Buffer; mode: number }> {
    const rel = this.childRel(name);
    const info = await this.inspect(name);
    if (!info) throw new AppError("not_found", say("files.noFile", { path: show(rel) }));
    assertRegular(info.kind, rel);
    if (info.size > maxBytes) throw tooLarge(rel, maxBytes);
    let handle: FileHandle;
    try {
      handle = await fsp.open(this.pathOf(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    } catch (error) {
      if (errno(error) === "ENOENT") throw new AppError("not_found", say("files.noFile", { path: show(rel) }), { cause: error });
      if (errno(error) === "ELOOP") assertRegular("symlink", rel);
      throw error;
    }
    try {
      const stat = await handle.stat();
      assertRegular(kindOf(stat), rel);
      if (stat.size > maxBytes) throw tooLarge(rel, maxBytes);
      const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length === buffer.length) break;
      }
      if (length > maxBytes) throw tooLarge(rel, maxBytes);
      return { data: buffer.subarray(0, length), mode: stat.mode & 0o777 };
    } finally {
      await handle.close();
    }
  }

  /**
   * Replaces (or creates) the regular file `name` atomically: a new temporary file in this folder,
   * then rename. Refuses when a folder, link or special file is there. Keeps an existing file's
   * permission bits (a script stays executable) unless `mode` is given.
   */
  async writeFile(name: string, data: Uint8Array, options: { owner: Owner; mode?: number }): Promise<void> {
    const rel = this.childRel(name);
    const existing = await this.inspect(name);
    if (existing && existing.kind !== "file") {
      const what = existing.kind === "dir" ? "files.aFolder" : existing.kind === "symlink" ? "files.aLink" : "files.notRegularKind";
      throw new AppError("bad_request", say("files.writesOnlyFiles", { path: show(rel), what: say(what) }));
    }
    const mode = options.mode ?? existing?.mode ?? 0o644;
    const temp = `.${name.slice(0, 60)}.wb-${crypto.randomBytes(6).toString("hex")}.tmp`;
    const handle = await fsp.open(this.pathOf(temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      try {
        await handle.writeFile(data);
        await handle.chmod(mode & 0o777);
        await chownQuietly(handle, options.owner);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await fsp.rename(this.pathOf(temp), this.pathOf(name));
    } catch (error) {
      await fsp.unlink(this.pathOf(temp)).catch(() => undefined);
      if (errno(error) === "EISDIR" || errno(error) === "ENOTEMPTY") {
        throw new AppError("bad_request", say("files.writesOnlyFiles", { path: show(rel), what: say("files.aFolder") }), { cause: error });
      }
      throw error;
    }
  }

  /** Creates an empty sub-folder for filling before `renameInto`; returns its name. */
  async makeTempDir(owner: Owner): Promise<{ name: string; dir: SafeDir }> {
    const name = `.wb-tmp-${crypto.randomBytes(6).toString("hex")}`;
    const dir = await this.openDir(name, { create: owner });
    if (!dir) throw new Error("temporary folder vanished");
    return { name, dir };
  }

  /** Renames `from` to `to` in this folder. False when `to` exists (and is not an empty folder). */
  async renameNoClobber(from: string, to: string): Promise<boolean> {
    if (await this.inspect(to)) return false;
    try {
      await fsp.rename(this.pathOf(from), this.pathOf(to));
      return true;
    } catch (error) {
      if (["ENOTEMPTY", "EEXIST", "ENOTDIR", "EISDIR"].includes(errno(error) ?? "")) return false;
      throw error;
    }
  }

  /** Removes `name`: a file, link or special file is unlinked (links are not followed); a folder
   * is emptied through descriptors and removed. */
  async remove(name: string, depth = 0): Promise<void> {
    const rel = this.childRel(name);
    const info = await this.inspect(name);
    if (!info) throw new AppError("not_found", say("files.noFileOrFolder", { path: show(rel) }));
    if (info.kind !== "dir") {
      await fsp.unlink(this.pathOf(name));
      return;
    }
    if (depth > MAX_DEPTH) throw new AppError("bad_request", say("files.tooDeepToDelete", { path: show(rel) }));
    let child: SafeDir | null;
    try {
      child = await this.openDir(name);
    } catch (error) {
      // Swapped for a link or a file since we looked: remove that instead, without following it.
      if (error instanceof AppError) return void (await fsp.unlink(this.pathOf(name)));
      throw error;
    }
    if (!child) return;
    try {
      for (const entry of await child.list()) await child.remove(entry.name, depth + 1);
    } finally {
      await child.close();
    }
    await fsp.rmdir(this.pathOf(name));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Opens `components` below `root` one by one (each O_NOFOLLOW), creating missing ones when
 * `create` gives an owner. Returns null when a component is missing and `create` is not set.
 * `root` stays open; the returned folder (which may be `root` itself) must be closed by the caller
 * only when it is not `root`.
 */
export async function openPath(root: SafeDir, components: string[], options: { create?: Owner | false } = {}): Promise<SafeDir | null> {
  if (components.length > MAX_DEPTH) throw new AppError("bad_request", say("files.pathTooDeep"));
  let current = root;
  for (const name of components) {
    let next: SafeDir | null;
    try {
      next = await current.openDir(name, options);
    } finally {
      if (current !== root) await current.close();
    }
    if (!next) return null;
    current = next;
  }
  return current;
}

/**
 * openPath for a folder the student may have replaced by a link or a file: null then, as when it
 * is missing (graders report that as a result, not an error).
 */
export async function openFolderIfPresent(root: SafeDir, components: string[]): Promise<SafeDir | null> {
  try {
    return await openPath(root, components);
  } catch (error) {
    if (error instanceof AppError && error.code === "bad_request") return null;
    throw error;
  }
}

function assertRegular(kind: EntryKind, rel: string): void {
  if (kind === "file") return;
  if (kind === "symlink") throw new AppError("bad_request", say("files.isLink", { path: show(rel) }));
  if (kind === "dir") throw new AppError("bad_request", say("files.isFolderNotFile", { path: show(rel) }));
  throw new AppError("bad_request", say("files.notRegular", { path: show(rel) }));
}

function tooLarge(rel: string, maxBytes: number): AppError {
  return new AppError("too_large", say("files.tooLargeToOpen", { path: show(rel), size: bytesOf(maxBytes) }));
}

/** chown through a descriptor; not permitted (server not root) is fine: the files stay ours. */
async function chownQuietly(handle: FileHandle, owner: Owner): Promise<void> {
  try {
    await handle.chown(owner.uid, owner.gid);
  } catch (error) {
    if (errno(error) !== "EPERM" && errno(error) !== "EINVAL") throw error;
  }
}
