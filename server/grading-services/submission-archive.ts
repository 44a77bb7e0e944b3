/**
 * A submission's frozen files, kept on disk until its grade is stored, so that a submission
 * survives a restart of the server: the run stays "running" in the database and, at the next
 * start, is graded again from exactly these bytes (not from the student's folder, which may have
 * changed since). One gzip'd JSON file per run in DATA_DIR/submissions (root's only, 0700/0600),
 * written to a temporary name and renamed, so a crash never leaves half a file under the run's name.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { z } from "zod";
import type { FrozenStep } from "./frozen-step";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
const RUN_ID = /^[a-z0-9]{8,40}$/;

const archiveSchema = z.object({
  version: z.literal(1),
  folder: z.string().min(1).max(200),
  found: z.boolean(),
  dirs: z.array(z.string().max(4096)),
  files: z.array(z.object({ path: z.string().min(1).max(4096), mode: z.number().int().min(0).max(0o7777), data: z.string() })),
  snapshot: z.object({ folder: z.string(), accepted: z.array(z.string()).optional(), files: z.record(z.string(), z.string()) }),
  browserHost: z.string().max(300).optional(),
});

/** What is kept of a submission: its files, and the host the student's browser used (steps 7–8 record it). */
export interface KeptSubmission {
  frozen: FrozenStep;
  browserHost?: string;
}

export class SubmissionArchive {
  constructor(private readonly dir: string) {}

  private fileOf(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${JSON.stringify(runId)}`);
    return path.join(this.dir, `${runId}.json.gz`);
  }

  async save(runId: string, frozen: FrozenStep, meta: { browserHost?: string } = {}): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const body = {
      version: 1,
      folder: frozen.folder,
      found: frozen.found,
      dirs: frozen.dirs,
      files: frozen.files.map((file) => ({ path: file.path, mode: file.mode, data: file.data.toString("base64") })),
      snapshot: frozen.snapshot,
      ...(meta.browserHost !== undefined && { browserHost: meta.browserHost }),
    } satisfies z.input<typeof archiveSchema>;
    const file = this.fileOf(runId);
    const partial = `${file}.partial`;
    await writeFile(partial, await gzipAsync(JSON.stringify(body)), { mode: 0o600 });
    await rename(partial, file);
  }

  /** What was kept of this run, or null when nothing was (or it cannot be read back). */
  async load(runId: string): Promise<KeptSubmission | null> {
    let raw: Buffer;
    try {
      raw = await readFile(this.fileOf(runId));
    } catch {
      return null;
    }
    try {
      const parsed = archiveSchema.safeParse(JSON.parse((await gunzipAsync(raw)).toString("utf8")));
      if (!parsed.success) return null;
      const { folder, found, dirs, files, snapshot, browserHost } = parsed.data;
      const frozen = { folder, found, dirs, files: files.map((f) => ({ path: f.path, mode: f.mode, data: Buffer.from(f.data, "base64") })), snapshot };
      return browserHost === undefined ? { frozen } : { frozen, browserHost };
    } catch {
      return null;
    }
  }

  async remove(runId: string): Promise<void> {
    await rm(this.fileOf(runId), { force: true });
  }

  /** The runs that have an archive (partial files left by a crash are removed). */
  async list(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const ids: string[] = [];
    for (const name of names) {
      if (name.endsWith(".partial")) await rm(path.join(this.dir, name), { force: true });
      const id = name.endsWith(".json.gz") ? name.slice(0, -".json.gz".length) : "";
      if (RUN_ID.test(id)) ids.push(id);
    }
    return ids;
  }
}
