import type { DynamicKindEntry } from "../kind-entry";
import { STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgePackagesInImage, judgePackagesStatically } from "./judge";
import { probePackages } from "./probe";
import { packagesSpec } from "./spec";

export const packagesKind: DynamicKindEntry<"packages", "packages"> = {
  kind: "packages",
  summary: "Packages installed, or not, in the built image; read from the apt lines while typing",
  phase: "dynamic",
  spec: packagesSpec,
  evidence: "packages",
  probe: probePackages,
  judge: judgePackagesInImage,
  retries: false,
  judgeFiles: judgePackagesStatically,
  // Without an image, what the Dockerfile installs is still worth telling the student.
  judgeFilesWhenBlockedBy: "build",
  needs: [STEP_FOLDER, STEP_BUILD],
};
