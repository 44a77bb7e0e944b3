/**
 * The files a step's checks read: the step folder's text files, and, when that folder is missing,
 * the Dockerfiles found elsewhere in the workspace so the folder check can name a look-alike
 * ("you have 1_wordpress_multiservice_dirty/, the step expects 1_worpress_multiservice_dirty/").
 *
 * A step may accept several folder names (checks.yaml's alsoAccepted: step 9 reads step 8's folder,
 * as the lab deploys it, when its own holds nothing of the student's): chooseFolderForGrading picks
 * the one read, the same way for the Check, the editor's live checks and a submission.
 */
import type { WorkspaceSnapshot } from "../grading/evidence";
import { chooseStepFolder, stepFolderNames } from "../grading/judges/step-folder";
import { listFiles, readFile, snapshotWorkspace } from "../workspace";
import { untouchedStarterFiles } from "../workspace/fill-folder";

const MAX_LOOKALIKES = 20;

/** What of a lesson decides its step folder: the names checks.yaml accepts and the starter the workbench seeds. */
export interface StepFolderSource {
  checks: { folder: string; alsoAccepted?: readonly string[] };
  /** The lesson's starter/ (its files, untouched in the student's folder, are not the student's work). */
  starterDir?: string | null;
}

export interface ChosenStepFolder {
  folder: string;
  /** Every accepted name, preferred first (one name: just `folder`). */
  accepted: string[];
}

/** Which of the accepted folder names holds the student's work for this step (see chooseStepFolder). */
export async function chooseFolderForGrading(studentId: string, lesson: StepFolderSource): Promise<ChosenStepFolder> {
  const accepted = stepFolderNames(lesson.checks);
  if (accepted.length === 1) return { folder: accepted[0]!, accepted };
  const paths = (await listFiles(studentId)).map((f) => f.path);
  const preferred = accepted[0]!;
  const starter = lesson.starterDir ? await untouchedStarterFiles(studentId, preferred, `${lesson.starterDir}/${preferred}`) : [];
  return {
    folder: chooseStepFolder(
      accepted,
      paths,
      starter.map((file) => `${preferred}/${file}`),
    ),
    accepted,
  };
}

export async function snapshotForGrading(studentId: string, lesson: StepFolderSource): Promise<WorkspaceSnapshot> {
  const chosen = await chooseFolderForGrading(studentId, lesson);
  return snapshotOfFolder(studentId, chosen);
}

/** The snapshot of a folder already chosen (the look-alikes added when it is missing). */
export async function snapshotOfFolder(studentId: string, { folder, accepted }: ChosenStepFolder): Promise<WorkspaceSnapshot> {
  const snapshot: WorkspaceSnapshot = { ...(await snapshotWorkspace(studentId, folder)), ...(accepted.length > 1 ? { accepted } : {}) };
  if (Object.keys(snapshot.files).some((p) => p.startsWith(`${folder}/`))) return snapshot;
  const dockerfiles = (await listFiles(studentId))
    .map((f) => f.path)
    .filter((p) => /(^|\/)Dockerfile$/.test(p) && p.split("/").length <= 4)
    .slice(0, MAX_LOOKALIKES);
  for (const file of dockerfiles) snapshot.files[file] = await readFile(studentId, file).catch(() => "");
  return snapshot;
}
