/**
 * The files a step's checks read: the step folder's text files, and, when that folder is missing,
 * the Dockerfiles found elsewhere in the workspace so the folder check can name a look-alike
 * ("you have 1_wordpress_multiservice_dirty/, the step expects 1_worpress_multiservice_dirty/").
 */
import type { WorkspaceSnapshot } from "./evidence";
import { listFiles, readFile, snapshotWorkspace } from "../workspace";

const MAX_LOOKALIKES = 20;

export async function snapshotForGrading(studentId: string, folder: string): Promise<WorkspaceSnapshot> {
  const snapshot = await snapshotWorkspace(studentId, folder);
  if (Object.keys(snapshot.files).some((p) => p.startsWith(`${folder}/`))) return snapshot;
  const dockerfiles = (await listFiles(studentId))
    .map((f) => f.path)
    .filter((p) => /(^|\/)Dockerfile$/.test(p) && p.split("/").length <= 4)
    .slice(0, MAX_LOOKALIKES);
  for (const file of dockerfiles) snapshot.files[file] = await readFile(studentId, file).catch(() => "");
  return snapshot;
}
