/**
 * Declarative check specifications: what a lesson's checks.yaml holds. A union on `kind`, so a
 * teacher writes data, never code. Each kind's fields live in its folder (kinds/<kind>/spec.ts,
 * every field `.describe()`d); the fields all kinds share in kinds/spec-fields.ts.
 *
 * Phases (kinds/registry.ts): static kinds judge the student's files only (they also run while the
 * student types); dynamic kinds need evidence the grader gathers in the student's sandbox.
 */
import { z } from "zod";
import { archiveDownloadSpec } from "./kinds/archive-download/spec";
import { baseImageSpec } from "./kinds/base-image/spec";
import { buildSpec } from "./kinds/build/spec";
import { composeFileSpec } from "./kinds/compose-file/spec";
import { composeUpSpec } from "./kinds/compose-up/spec";
import { containerSpec } from "./kinds/container/spec";
import { containersSpec } from "./kinds/containers/spec";
import { dockerfileLintSpec } from "./kinds/dockerfile-lint/spec";
import { envInOneInstructionSpec } from "./kinds/env-in-one-instruction/spec";
import { execSpec } from "./kinds/exec/spec";
import { folderSpec } from "./kinds/folder/spec";
import { httpSpec } from "./kinds/http/spec";
import { imageConfigSpec } from "./kinds/image-config/spec";
import { instructionSpec } from "./kinds/instruction/spec";
import { packagesSpec } from "./kinds/packages/spec";
import { persistenceDeclaredSpec } from "./kinds/persistence-declared/spec";
import { persistenceSpec } from "./kinds/persistence/spec";
import { processesSpec } from "./kinds/processes/spec";
import { scriptSpec } from "./kinds/script/spec";
import { shellSpec } from "./kinds/shell/spec";
import { stackFileSpec } from "./kinds/stack-file/spec";
import { swarmSpec } from "./kinds/swarm/spec";
import { trailingCommentsSpec } from "./kinds/trailing-comments/spec";
import { wordpressJourneySpec } from "./kinds/wordpress-journey/spec";

export { hintLevels } from "./kinds/spec-fields";

/** Every kind's spec; kinds/registry.ts makes the compiler insist on an entry for each. */
export const checkSpecSchema = z.discriminatedUnion("kind", [
  // ---- static kinds -------------------------------------------------------------------------
  folderSpec,
  baseImageSpec,
  instructionSpec,
  envInOneInstructionSpec,
  archiveDownloadSpec,
  trailingCommentsSpec,
  dockerfileLintSpec,
  persistenceDeclaredSpec,
  stackFileSpec,
  // dynamic: the student's three-node cluster (step 9), judged on its manager
  swarmSpec,
  composeFileSpec,
  // ---- dynamic kinds (static fallback where noted) -------------------------------------------
  packagesSpec,
  buildSpec,
  containerSpec,
  imageConfigSpec,
  processesSpec,
  httpSpec,
  execSpec,
  scriptSpec,
  containersSpec,
  composeUpSpec,
  persistenceSpec,
  shellSpec,
  wordpressJourneySpec,
]);
export type CheckSpec = z.infer<typeof checkSpecSchema>;
export type CheckKind = CheckSpec["kind"];
export type CheckSpecOf<K extends CheckKind> = Extract<CheckSpec, { kind: K }>;

export const checksFileSchema = z
  .object({
    step: z.number().int().min(1),
    folder: z.string().describe("Exact name of the step folder in the workspace"),
    alsoAccepted: z
      .array(z.string().regex(/^[A-Za-z0-9._-]+$/))
      .default([])
      .describe(
        "Other names the step folder may have (e.g. the lab's own: step 9 deploys step 8's folder), tried in this order when `folder` holds none of the student's files; `folder` stays the name the workbench creates",
      ),
    checks: z.array(checkSpecSchema).min(1),
    keeps: z
      .array(
        z.object({
          step: z.number().int().min(1).describe("An earlier step"),
          checks: z.array(z.string()).min(1).describe("Ids of checks in that step's checks.yaml this step keeps unchanged"),
          files: z
            .array(z.string())
            .min(1)
            .optional()
            .describe("Files of this step the kept checks read instead of theirs (one copy per file), e.g. [apache_wordpress/Dockerfile]; default: the same file"),
        }),
      )
      .default([])
      .describe("Earlier steps' rules this step does not change: the lessons loader adds them as checks named stepN-ID, whose failure names step N"),
  })
  .refine((file) => !file.alsoAccepted.includes(file.folder) && new Set(file.alsoAccepted).size === file.alsoAccepted.length, {
    message: "alsoAccepted names other folders than `folder`, each once",
    path: ["alsoAccepted"],
  });
export type ChecksFile = z.infer<typeof checksFileSchema>;
