/**
 * A student's files on disk (`${DATA_DIR}/workspaces/<studentId>/`), shared with their untrusted
 * sandbox: every access goes through safe-dir.ts (no link followed, nothing but regular files read
 * or written). Errors are AppError with messages safe to show.
 */
export { SANDBOX_GID, SANDBOX_UID, splitRelativePath, workspaceRoot, workspacesDir } from "./workspace-path";
export { ensureWorkspace } from "./workspace-root";
export { MAX_IMPORTED_FILES, MAX_LISTED_FILES, deleteFile, importFiles, listFiles, readFile, writeFile } from "./files";
export type { FileEntry, ImportedFile } from "./files";
export { copyFolder, seedFolderIfMissing } from "./copy";
export type { CopyResult } from "./copy";
export { DEFAULT_SNAPSHOT_MAX_BYTES, readWorkspaceFromDisk, snapshotFolder, snapshotWorkspace } from "./snapshot";
export type { SnapshotOptions } from "./snapshot";
export { zipWorkspace } from "./zip-workspace";
