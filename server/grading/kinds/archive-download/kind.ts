import type { StaticKindEntry } from "../kind-entry";
import { STEP_FOLDER } from "../needs";
import { judgeArchiveDownload } from "./judge";
import { archiveDownloadSpec } from "./spec";

export const archiveDownloadKind: StaticKindEntry<"archive-download"> = {
  kind: "archive-download",
  summary: "A RUN downloads an archive of the format asked and extracts it",
  phase: "static",
  spec: archiveDownloadSpec,
  judge: judgeArchiveDownload,
  needs: [STEP_FOLDER],
};
