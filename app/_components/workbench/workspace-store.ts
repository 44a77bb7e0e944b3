/**
 * The student's files as the workbench sees them: the file list, the open tabs and every open
 * file's text (saved on disk vs. in the editor), autosave and lint scheduling, and the problems
 * (lint and check results) to show as editor markers. A plain store read with
 * useSyncExternalStore; Monaco is only a view of it, so saving, checking and tests do not depend
 * on the editor being loaded.
 */
import type { CheckResult } from "@/lib/protocol/messages";
import { errorMessage, type Api } from "../api-client";
import type { FileEntry } from "../api-types";
import { translator, type Translate } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locale";

export type DocState = {
  path: string;
  status: "loading" | "ready" | "error";
  error: string | null;
  /** Text on disk as far as this page knows. */
  saved: string;
  /** Text in the editor. */
  current: string;
  /** Bumped whenever the text is replaced from outside the editor (load, reload). */
  revision: number;
  saving: boolean;
  saveError: string | null;
};

export type Notice = { kind: "error" | "info"; text: string };

export type WorkspaceState = {
  files: FileEntry[];
  filesStatus: "loading" | "ready" | "error";
  filesError: string | null;
  open: string[];
  active: string | null;
  docs: Readonly<Record<string, DocState>>;
  lint: Readonly<Record<string, CheckResult[]>>;
  checkResults: CheckResult[];
  /** A request to show a line; `seq` changes on every request. */
  reveal: { path: string; line: number; seq: number } | null;
  notice: Notice | null;
  /** A file operation in progress ("Uploading…"), for the UI to show. */
  busy: string | null;
};

export type WorkspaceApi = Pick<Api, "listFiles" | "readFile" | "writeFile" | "deleteFile" | "uploadFiles">;

export type WorkspaceStoreOptions = {
  step: number;
  api: WorkspaceApi;
  /** Sends a lint request for a file; returns false when it could not be sent. */
  sendLint: (path: string, content: string) => boolean | void;
  autosaveMs?: number;
  lintMs?: number;
  /** The page's language for the notices it shows (English by default). */
  translate?: Translate;
  /** The page's language, for the routes' errors said from the catalog (English by default). */
  locale?: Locale;
};

/** The protocol's limit on the `content` of a lint message. */
const MAX_LINT_CHARS = 200_000;

export const isDirty = (doc: DocState | undefined): boolean => doc !== undefined && doc.status === "ready" && doc.current !== doc.saved;

export class WorkspaceStore {
  private state: WorkspaceState = {
    files: [],
    filesStatus: "loading",
    filesError: null,
    open: [],
    active: null,
    docs: {},
    lint: {},
    checkResults: [],
    reveal: null,
    notice: null,
    busy: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly autosaveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lintTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inflightSaves = new Map<string, Promise<boolean>>();
  private revealSeq = 0;
  private readonly autosaveMs: number;
  private readonly lintMs: number;

  private readonly t: Translate;

  constructor(private readonly options: WorkspaceStoreOptions) {
    this.t = options.translate ?? translator("en");
    this.autosaveMs = options.autosaveMs ?? 800;
    this.lintMs = options.lintMs ?? 500;
  }

  /** A failed request's message, in the page's language when the route gave a catalog message. */
  private errorText(error: unknown): string {
    return errorMessage(error, this.options.locale ?? "en");
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WorkspaceState => this.state;

  /**
   * Called when the page goes away: saves what autosave was still waiting to save and cancels
   * pending lint requests. The store stays usable (React may mount the same page again).
   */
  dispose(): void {
    for (const [path, timer] of this.autosaveTimers) {
      clearTimeout(timer);
      void this.save(path);
    }
    for (const timer of this.lintTimers.values()) clearTimeout(timer);
    this.autosaveTimers.clear();
    this.lintTimers.clear();
  }

  // ---- file list -------------------------------------------------------------------------------

  async loadFiles(): Promise<void> {
    try {
      const { files } = await this.options.api.listFiles(this.options.step);
      const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
      this.update({ files: sorted, filesStatus: "ready", filesError: null });
    } catch (error) {
      this.update({ filesStatus: "error", filesError: this.errorText(error) });
    }
  }

  hasFile(path: string): boolean {
    return this.state.files.some((file) => file.path === path);
  }

  // ---- tabs ------------------------------------------------------------------------------------

  /** Opens a file in a tab (loading it if needed), makes it active and optionally shows a line. */
  openFile(path: string, line?: number): void {
    const { open, docs } = this.state;
    const patch: Partial<WorkspaceState> = { active: path, open: open.includes(path) ? open : [...open, path] };
    if (line !== undefined) patch.reveal = { path, line, seq: ++this.revealSeq };
    const needsLoad = !docs[path] || docs[path].status === "error";
    if (needsLoad) patch.docs = { ...docs, [path]: newDoc(path) };
    this.update(patch);
    if (needsLoad) void this.loadDoc(path);
  }

  activate(path: string): void {
    if (this.state.open.includes(path)) this.update({ active: path });
  }

  /** Closes a tab after saving its changes; a file that cannot be saved stays open. */
  async closeFile(path: string): Promise<boolean> {
    if (!(await this.save(path))) return false;
    const { open, active, docs } = this.state;
    const index = open.indexOf(path);
    if (index === -1) return true;
    const nextOpen = open.filter((p) => p !== path);
    const nextActive = active === path ? (nextOpen[Math.min(index, nextOpen.length - 1)] ?? null) : active;
    const { [path]: _closed, ...rest } = docs;
    this.cancelTimers(path);
    this.update({ open: nextOpen, active: nextActive, docs: rest });
    return true;
  }

  private async loadDoc(path: string): Promise<void> {
    try {
      const { content } = await this.options.api.readFile(path);
      const doc = this.state.docs[path];
      if (!doc) return; // closed meanwhile
      this.updateDoc(path, {
        status: "ready",
        error: null,
        saved: content,
        current: content,
        revision: doc.revision + 1,
      });
      this.lintNow(path);
    } catch (error) {
      if (this.state.docs[path]) this.updateDoc(path, { status: "error", error: this.errorText(error) });
    }
  }

  // ---- editing and saving ------------------------------------------------------------------------

  /** The editor's text changed. Schedules autosave and lint. */
  edit(path: string, content: string): void {
    const doc = this.state.docs[path];
    if (!doc || doc.status !== "ready" || doc.current === content) return;
    this.updateDoc(path, { current: content });
    this.schedule(this.autosaveTimers, path, this.autosaveMs, () => void this.save(path));
    this.schedule(this.lintTimers, path, this.lintMs, () => this.lintNow(path));
  }

  /** Saves one file if it has changes. Resolves to false if saving failed. */
  async save(path: string): Promise<boolean> {
    const timer = this.autosaveTimers.get(path);
    if (timer) clearTimeout(timer);
    this.autosaveTimers.delete(path);
    for (let inflight = this.inflightSaves.get(path); inflight; inflight = this.inflightSaves.get(path)) {
      await inflight;
    }
    const doc = this.state.docs[path];
    if (!doc || !isDirty(doc)) return true;
    const content = doc.current;
    this.updateDoc(path, { saving: true });
    const attempt = this.options.api.writeFile(path, content).then(
      () => {
        if (this.state.docs[path]) this.updateDoc(path, { saving: false, saved: content, saveError: null });
        if (!this.hasFile(path)) void this.loadFiles();
        return true;
      },
      (error: unknown) => {
        if (this.state.docs[path]) this.updateDoc(path, { saving: false, saveError: this.errorText(error) });
        return false;
      },
    );
    this.inflightSaves.set(path, attempt);
    try {
      return await attempt;
    } finally {
      this.inflightSaves.delete(path);
    }
  }

  /** Saves every open file with changes (and waits for saves already running). */
  async saveAll(): Promise<{ ok: boolean; failed: { path: string; message: string }[] }> {
    const paths = Object.keys(this.state.docs);
    const outcomes = await Promise.all(paths.map(async (path) => ({ path, ok: await this.save(path) })));
    const failed = outcomes.filter((outcome) => !outcome.ok).map(({ path }) => ({ path, message: this.state.docs[path]?.saveError ?? this.t("files.notSaved") }));
    return { ok: failed.length === 0, failed };
  }

  hasUnsavedChanges(): boolean {
    return Object.values(this.state.docs).some((doc) => isDirty(doc) || doc.saving);
  }

  // ---- file operations ---------------------------------------------------------------------------

  /** Creates an empty file (or opens it if it exists). */
  async createFile(path: string): Promise<boolean> {
    if (this.hasFile(path)) {
      this.openFile(path);
      return true;
    }
    return this.runFileOperation(
      this.t("files.creating", { path }),
      (error) => this.t("files.createFailed", { path, error }),
      async () => {
        await this.options.api.writeFile(path, "");
        await this.loadFiles();
        this.openFile(path);
      },
    );
  }

  async deleteFile(path: string): Promise<boolean> {
    return this.runFileOperation(
      this.t("files.deleting", { path }),
      (error) => this.t("files.deleteFailed", { path, error }),
      async () => {
        this.cancelTimers(path);
        await this.options.api.deleteFile(path);
        const { open, active, docs, lint } = this.state;
        const index = open.indexOf(path);
        const nextOpen = open.filter((p) => p !== path);
        const nextActive = active === path ? (nextOpen[Math.max(0, Math.min(index, nextOpen.length - 1))] ?? null) : active;
        const { [path]: _doc, ...restDocs } = docs;
        const { [path]: _lint, ...restLint } = lint;
        this.update({ open: nextOpen, active: nextActive, docs: restDocs, lint: restLint });
        await this.loadFiles();
      },
    );
  }

  /** Uploads files into a folder, then reloads open files they replaced (unless edited here). */
  async upload(dir: string, files: readonly File[]): Promise<boolean> {
    if (files.length === 0) return true;
    const names = files.map((file) => file.name).join(", ");
    return this.runFileOperation(
      this.t("files.uploading", { names }),
      (error) => this.t("files.uploadFailed", { names, error }),
      async () => {
        await this.options.api.uploadFiles(dir, files);
        await this.loadFiles();
        for (const file of files) {
          const path = `${dir}/${file.name}`;
          const doc = this.state.docs[path];
          if (doc && !isDirty(doc) && !doc.saving) void this.loadDoc(path);
        }
        this.update({ notice: { kind: "info", text: this.t("files.uploaded", { names }) } });
      },
    );
  }

  /** Runs a change to the files with `busy` said meanwhile; a failure is a notice (`failed` words it), and false. */
  private async runFileOperation(busy: string, failed: (error: string) => string, operation: () => Promise<void>): Promise<boolean> {
    this.update({ busy, notice: null });
    try {
      await operation();
      return true;
    } catch (error) {
      this.update({ notice: { kind: "error", text: failed(this.errorText(error)) } });
      return false;
    } finally {
      this.update({ busy: null });
    }
  }

  /**
   * After a folder's files were replaced on disk (started from the previous step): reloads the
   * list; open files in it show their new text, or close when they are gone. Edits not yet saved
   * in that folder are dropped: the student confirmed the replacement.
   */
  async reloadFolder(folder: string): Promise<void> {
    await this.loadFiles();
    const prefix = `${folder}/`;
    for (const path of this.state.open.filter((p) => p.startsWith(prefix))) {
      this.cancelTimers(path);
      if (this.hasFile(path)) {
        this.updateDoc(path, { status: "loading", saveError: null });
        void this.loadDoc(path);
        continue;
      }
      const { open, active, docs } = this.state;
      const nextOpen = open.filter((p) => p !== path);
      const { [path]: _gone, ...rest } = docs;
      this.update({ open: nextOpen, active: active === path ? (nextOpen[0] ?? null) : active, docs: rest });
    }
  }

  dismissNotice(): void {
    if (this.state.notice) this.update({ notice: null });
  }

  showNotice(notice: Notice): void {
    this.update({ notice });
  }

  // ---- problems ----------------------------------------------------------------------------------

  setLintResults(path: string, results: CheckResult[]): void {
    this.update({ lint: { ...this.state.lint, [path]: results } });
  }

  setCheckResults(results: CheckResult[]): void {
    this.update({ checkResults: results });
  }

  /** Lints the active file again (after a reconnect, lint answers may have been lost). */
  relintActive(): void {
    if (this.state.active) this.lintNow(this.state.active);
  }

  private lintNow(path: string): void {
    const timer = this.lintTimers.get(path);
    if (timer) clearTimeout(timer);
    this.lintTimers.delete(path);
    const doc = this.state.docs[path];
    if (!doc || doc.status !== "ready" || doc.current.length > MAX_LINT_CHARS) return;
    this.options.sendLint(path, doc.current);
  }

  // ---- internals ---------------------------------------------------------------------------------

  private schedule(timers: Map<string, ReturnType<typeof setTimeout>>, path: string, ms: number, run: () => void) {
    const previous = timers.get(path);
    if (previous) clearTimeout(previous);
    timers.set(
      path,
      setTimeout(() => {
        timers.delete(path);
        run();
      }, ms),
    );
  }

  private cancelTimers(path: string): void {
    for (const timers of [this.autosaveTimers, this.lintTimers]) {
      const timer = timers.get(path);
      if (timer) clearTimeout(timer);
      timers.delete(path);
    }
  }

  private updateDoc(path: string, patch: Partial<DocState>): void {
    const doc = this.state.docs[path];
    if (!doc) return;
    this.update({ docs: { ...this.state.docs, [path]: { ...doc, ...patch } } });
  }

  private update(patch: Partial<WorkspaceState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}

function newDoc(path: string): DocState {
  return { path, status: "loading", error: null, saved: "", current: "", revision: 0, saving: false, saveError: null };
}
