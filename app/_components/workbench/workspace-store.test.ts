import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { translator } from "@/lib/i18n/messages";
import { WorkspaceStore, isDirty, type WorkspaceApi } from "./workspace-store";
import { ApiError } from "../api-client";
import { say } from "@/lib/i18n/text-ref";

function fakeApi(initial: Record<string, string>) {
  const files = new Map(Object.entries(initial));
  const writes: [string, string][] = [];
  let failWrites = false;
  const api: WorkspaceApi = {
    listFiles: async () => ({ files: [...files].map(([path, content]) => ({ path, size: content.length })) }),
    readFile: async (path) => {
      const content = files.get(path);
      if (content === undefined) throw new Error(`no ${path}`);
      return { path, content };
    },
    writeFile: async (path, content) => {
      if (failWrites) throw new Error("disk full");
      writes.push([path, content]);
      files.set(path, content);
      return { ok: true };
    },
    deleteFile: async (path) => {
      files.delete(path);
      return { ok: true };
    },
    uploadFiles: async () => ({ ok: true }),
  };
  return { api, files, writes, failWrites: (fail: boolean) => (failWrites = fail) };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe("WorkspaceStore", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("opens a file, autosaves after the idle delay and lints after its own delay", async () => {
    const fake = fakeApi({ "s/Dockerfile": "FROM x\n" });
    const lint = vi.fn();
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: lint, autosaveMs: 800, lintMs: 500 });
    await store.loadFiles();
    store.openFile("s/Dockerfile");
    await flush();
    expect(store.getSnapshot().docs["s/Dockerfile"]?.status).toBe("ready");
    expect(lint).toHaveBeenCalledWith("s/Dockerfile", "FROM x\n");

    store.edit("s/Dockerfile", "FROM y\n");
    expect(isDirty(store.getSnapshot().docs["s/Dockerfile"])).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(lint).toHaveBeenLastCalledWith("s/Dockerfile", "FROM y\n");
    expect(fake.writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(300);
    expect(fake.writes).toEqual([["s/Dockerfile", "FROM y\n"]]);
    expect(isDirty(store.getSnapshot().docs["s/Dockerfile"])).toBe(false);
  });

  it("saveAll saves pending edits at once and reports failures", async () => {
    const fake = fakeApi({ "s/a": "1", "s/b": "2" });
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: () => {} });
    await store.loadFiles();
    store.openFile("s/a");
    store.openFile("s/b");
    await flush();
    store.edit("s/a", "one");
    store.edit("s/b", "two");
    expect((await store.saveAll()).ok).toBe(true);
    expect(fake.writes.sort()).toEqual([
      ["s/a", "one"],
      ["s/b", "two"],
    ]);

    fake.failWrites(true);
    store.edit("s/a", "uno");
    const outcome = await store.saveAll();
    expect(outcome).toEqual({ ok: false, failed: [{ path: "s/a", message: "disk full" }] });
    expect(store.getSnapshot().docs["s/a"]?.saveError).toBe("disk full");
    expect(store.hasUnsavedChanges()).toBe(true);
  });

  it("does not write the same content twice when saves overlap", async () => {
    const fake = fakeApi({ "s/a": "1" });
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: () => {} });
    store.openFile("s/a");
    await flush();
    store.edit("s/a", "2");
    await Promise.all([store.save("s/a"), store.save("s/a")]);
    expect(fake.writes).toEqual([["s/a", "2"]]);
  });

  it("tells a French student in French that a file could not be created", async () => {
    const fake = fakeApi({});
    fake.failWrites(true);
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: () => {}, translate: translator("fr") });
    expect(await store.createFile("s/new.sh")).toBe(false);
    expect(store.getSnapshot().notice).toEqual({ kind: "error", text: "Impossible de créer s/new.sh : disk full" });
  });

  it("says the server's refusal of an upload in French to a French student, in English to others", async () => {
    const refusal = new ApiError("too_large", "Upload at most 50 files at a time.", 413, say("upload.tooManyFiles", { count: 50 }));
    const french = fakeApi({});
    french.api.uploadFiles = async () => Promise.reject(refusal);
    const store = new WorkspaceStore({ step: 1, api: french.api, sendLint: () => {}, translate: translator("fr"), locale: "fr" });
    await store.upload("s", [new File(["x"], "a.txt")]);
    expect(store.getSnapshot().notice).toEqual({ kind: "error", text: "Impossible d’importer a.txt : Importez au plus 50 fichiers à la fois." });
    const english = fakeApi({});
    english.api.uploadFiles = async () => Promise.reject(refusal);
    const other = new WorkspaceStore({ step: 1, api: english.api, sendLint: () => {} });
    await other.upload("s", [new File(["x"], "a.txt")]);
    expect(other.getSnapshot().notice?.text).toContain("Upload at most 50 files at a time.");
  });

  it("deleting the active file closes its tab and activates a neighbour", async () => {
    const fake = fakeApi({ "s/a": "1", "s/b": "2" });
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: () => {} });
    await store.loadFiles();
    store.openFile("s/a");
    store.openFile("s/b");
    await flush();
    await store.deleteFile("s/b");
    const state = store.getSnapshot();
    expect(state.open).toEqual(["s/a"]);
    expect(state.active).toBe("s/a");
    expect(state.files.map((file) => file.path)).toEqual(["s/a"]);
  });

  it("says busy while a file operation runs, and afterwards, failed or not, is no longer busy", async () => {
    const fake = fakeApi({ "s/a": "1" });
    let refuse = (_: Error) => {};
    fake.api.deleteFile = () => new Promise((_, reject) => (refuse = reject));
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: () => {} });
    await store.loadFiles();
    store.openFile("s/a");
    await flush();
    const deleting = store.deleteFile("s/a");
    expect(store.getSnapshot().busy).toBe("Deleting s/a…");
    refuse(new Error("permission denied"));
    expect(await deleting).toBe(false);
    expect(store.getSnapshot()).toMatchObject({ busy: null, open: ["s/a"], notice: { kind: "error", text: "Could not delete s/a: permission denied" } });
    expect(await store.createFile("s/b")).toBe(true);
    expect(store.getSnapshot()).toMatchObject({ busy: null, notice: null, active: "s/b" });
  });

  it("asks the editor to show a line when opening at a location", async () => {
    const fake = fakeApi({ "s/a": "1\n2\n3" });
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: () => {} });
    store.openFile("s/a", 3);
    const first = store.getSnapshot().reveal;
    store.openFile("s/a", 3);
    expect(first).toMatchObject({ path: "s/a", line: 3 });
    expect(store.getSnapshot().reveal?.seq).not.toBe(first?.seq);
  });

  it("flushes pending autosaves when disposed", async () => {
    const fake = fakeApi({ "s/a": "1" });
    const store = new WorkspaceStore({ step: 1, api: fake.api, sendLint: () => {} });
    store.openFile("s/a");
    await flush();
    store.edit("s/a", "2");
    store.dispose();
    await flush();
    expect(fake.writes).toEqual([["s/a", "2"]]);
  });

  it("after a folder is replaced on disk, open files show the new text, vanished ones close, pending edits are dropped", async () => {
    const fake = fakeApi({ "2_x/Dockerfile": "old\n", "2_x/START_HERE.md": "note\n", "1_x/Dockerfile": "mine\n" });
    const store = new WorkspaceStore({ step: 2, api: fake.api, sendLint: () => true, autosaveMs: 800 });
    await store.loadFiles();
    store.openFile("1_x/Dockerfile");
    store.openFile("2_x/START_HERE.md");
    store.openFile("2_x/Dockerfile");
    await flush();
    store.edit("2_x/Dockerfile", "unsaved edit\n");

    fake.files.delete("2_x/START_HERE.md");
    fake.files.set("2_x/Dockerfile", "FROM reference\n");
    fake.files.set("2_x/sub/compose.yml", "a: 1\n");
    await store.reloadFolder("2_x");
    await flush();
    await vi.advanceTimersByTimeAsync(2000); // the cancelled autosave must not write the old edit back

    const state = store.getSnapshot();
    expect(state.open).toEqual(["1_x/Dockerfile", "2_x/Dockerfile"]);
    expect(state.docs["2_x/Dockerfile"]).toMatchObject({ status: "ready", current: "FROM reference\n", saved: "FROM reference\n" });
    expect(state.docs["1_x/Dockerfile"]?.current).toBe("mine\n");
    expect(state.files.map((f) => f.path)).toContain("2_x/sub/compose.yml");
    expect(fake.files.get("2_x/Dockerfile")).toBe("FROM reference\n");
    expect(fake.writes).toEqual([]);
  });
});
