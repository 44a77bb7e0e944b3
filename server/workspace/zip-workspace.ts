/** The whole workspace as a zip, for download. */
import JSZip from "jszip";
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";
import { readTree } from "./read-tree";
import { withWorkspace, workspaceLimits } from "./workspace-root";

/**
 * Zips every regular file and folder of the workspace (links and special files left out),
 * keeping permission bits. Refused with too_large past 4 × MAX_WORKSPACE_BYTES (files the student
 * made in the sandbox count too) or 20,000 entries.
 */
export async function zipWorkspace(studentId: string): Promise<Buffer> {
  const maxBytes = 4 * workspaceLimits().maxWorkspaceBytes;
  const tree = await withWorkspace(
    studentId,
    {},
    ({ root }) => readTree(root, { maxEntries: 20_000, maxFileBytes: maxBytes, maxTotalBytes: maxBytes, overLimit: "throw", what: say("tree.yourWorkspace") }),
    () => ({ files: [], dirs: [], skipped: [] }),
  );
  const zip = new JSZip();
  const date = new Date();
  for (const dir of tree.dirs) zip.folder(dir);
  for (const file of tree.files) zip.file(file.path, file.data, { unixPermissions: 0o100000 | file.mode, date });
  try {
    return await zip.generateAsync({ type: "nodebuffer", platform: "UNIX", compression: "DEFLATE", compressionOptions: { level: 6 } });
  } catch (error) {
    throw new AppError("internal", say("files.zipFailed"), { cause: error });
  }
}
