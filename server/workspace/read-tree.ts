/** Reads a whole folder tree into memory through SafeDir (regular files and folders only). */
import { AppError } from "../app-error";
import type { SafeDir } from "./safe-dir";
import { formatBytesIn } from "../../lib/i18n/format-size";
import { bytesOf, say, type TextRef } from "../../lib/i18n/text-ref";
import { walkTree } from "./walk";

export interface TreeFile {
  /** Relative to the folder read. */
  path: string;
  data: Buffer;
  mode: number;
}

export interface Tree {
  files: TreeFile[];
  /** Every folder, parents before children. */
  dirs: string[];
  /** Links, special files, and files left out by the limits. */
  skipped: string[];
}

export interface ReadTreeOptions {
  maxEntries: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** "skip" leaves out what does not fit; "throw" fails with too_large (naming `what`). */
  overLimit: "skip" | "throw";
  /** The folder as the error names it: a catalog message (said in the reader's language), or English text. */
  what?: string | TextRef;
  /** Keep only files this accepts (e.g. text). */
  accept?: (data: Buffer) => boolean;
}

export async function readTree(dir: SafeDir, options: ReadTreeOptions): Promise<Tree> {
  const tree: Tree = { files: [], dirs: [], skipped: [] };
  let total = 0;
  const what = options.what ?? say("tree.thatFolder");
  const fail = (limit: number) => new AppError("too_large", typeof what === "string" ? `${what} is larger than ${formatBytesIn(limit, "en")}.` : say("tree.tooLarge", { what, size: bytesOf(limit) }));
  const { truncated } = await walkTree(
    dir,
    async (entry, parent) => {
      if (entry.kind === "dir") return void tree.dirs.push(entry.path);
      if (entry.kind !== "file") return void tree.skipped.push(entry.path);
      if (entry.size > options.maxFileBytes || total + entry.size > options.maxTotalBytes) {
        if (options.overLimit === "throw") throw fail(entry.size > options.maxFileBytes ? options.maxFileBytes : options.maxTotalBytes);
        return void tree.skipped.push(entry.path);
      }
      let file: { data: Buffer; mode: number };
      try {
        file = await parent.readFile(entry.name, options.maxFileBytes);
      } catch (error) {
        // Changed into something else, grew or vanished since it was listed.
        if (error instanceof AppError && options.overLimit === "skip") return void tree.skipped.push(entry.path);
        throw error;
      }
      if (options.accept && !options.accept(file.data)) return void tree.skipped.push(entry.path);
      total += file.data.length;
      tree.files.push({ path: entry.path, data: file.data, mode: file.mode });
    },
    { maxEntries: options.maxEntries },
  );
  if (truncated && options.overLimit === "throw") {
    const count = options.maxEntries;
    throw new AppError("too_large", typeof what === "string" ? `${what} has more than ${count} files and folders.` : say("tree.tooMany", { what, count }));
  }
  return tree;
}
