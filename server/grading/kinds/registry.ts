/**
 * Every check kind by name. The `satisfies` clause makes the compiler insist on one entry per
 * kind of checkSpecSchema, each written for its own spec (and, for the dynamic kinds, with a probe
 * and a judge that agree on the evidence). The judge, the runner and the dependency order only
 * look kinds up here.
 */
import type { CheckKind } from "../check-spec";
import { archiveDownloadKind } from "./archive-download/kind";
import { baseImageKind } from "./base-image/kind";
import { buildKind } from "./build/kind";
import { composeFileKind } from "./compose-file/kind";
import { composeUpKind } from "./compose-up/kind";
import { containerKind } from "./container/kind";
import { containersKind } from "./containers/kind";
import { dockerfileLintKind } from "./dockerfile-lint/kind";
import { envInOneInstructionKind } from "./env-in-one-instruction/kind";
import { execKind } from "./exec/kind";
import { folderKind } from "./folder/kind";
import { httpKind } from "./http/kind";
import { imageConfigKind } from "./image-config/kind";
import { instructionKind } from "./instruction/kind";
import type { AnyKindEntry, KindEntry } from "./kind-entry";
import { packagesKind } from "./packages/kind";
import { persistenceDeclaredKind } from "./persistence-declared/kind";
import { persistenceKind } from "./persistence/kind";
import { processesKind } from "./processes/kind";
import { scriptKind } from "./script/kind";
import { shellKind } from "./shell/kind";
import { stackFileKind } from "./stack-file/kind";
import { swarmKind } from "./swarm/kind";
import { trailingCommentsKind } from "./trailing-comments/kind";
import { wordpressJourneyKind } from "./wordpress-journey/kind";

export const CHECK_KINDS = {
  folder: folderKind,
  "base-image": baseImageKind,
  instruction: instructionKind,
  "env-in-one-instruction": envInOneInstructionKind,
  "archive-download": archiveDownloadKind,
  "trailing-comments": trailingCommentsKind,
  "dockerfile-lint": dockerfileLintKind,
  "persistence-declared": persistenceDeclaredKind,
  "stack-file": stackFileKind,
  "compose-file": composeFileKind,
  swarm: swarmKind,
  packages: packagesKind,
  build: buildKind,
  container: containerKind,
  "image-config": imageConfigKind,
  processes: processesKind,
  http: httpKind,
  exec: execKind,
  script: scriptKind,
  containers: containersKind,
  "compose-up": composeUpKind,
  persistence: persistenceKind,
  shell: shellKind,
  "wordpress-journey": wordpressJourneyKind,
} satisfies { [K in CheckKind]: KindEntry<K> };

/** The entry of a kind, as the runner reads it. */
export const kindEntry = (kind: CheckKind): AnyKindEntry => CHECK_KINDS[kind];

/** Static kinds judge the files only (also live while the student types); the others need the sandbox. */
export const isStaticKind = (kind: CheckKind): boolean => kindEntry(kind).phase === "static";
