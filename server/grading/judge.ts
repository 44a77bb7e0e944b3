/**
 * The pure check engine: a check spec plus the student's files (and, for the dynamic kinds, the
 * evidence the sandbox gathered) give a CheckResult. Nothing here touches Docker or the disk.
 */
import type { CheckResult } from "../../lib/protocol/messages";
import { isStaticKind, type CheckSpec } from "./check-spec";
import type { ProbeOutcome, WorkspaceSnapshot } from "./evidence";
import { judgeArchiveDownload } from "./judges/archive-download";
import { judgeBaseImage } from "./judges/base-image";
import { judgeBuild } from "./judges/build";
import { resultsFor } from "./judges/check-result";
import { judgeComposeFile } from "./judges/compose-file";
import { judgeComposeUp } from "./judges/compose-up";
import { judgeContainers } from "./judges/containers";
import { judgeScript } from "./judges/script";
import { judgeContainer } from "./judges/container";
import { judgeDockerfileLint } from "./judges/dockerfile-lint";
import { judgeEnvInOneInstruction } from "./judges/env-in-one-instruction";
import { judgeExec } from "./judges/exec";
import { judgeFolder } from "./judges/folder";
import { judgeHttp } from "./judges/http";
import { judgeImageConfig } from "./judges/image-config";
import { judgeInstruction } from "./judges/instruction";
import { judgePackagesInImage, judgePackagesStatically } from "./judges/packages";
import { judgeProcesses } from "./judges/processes";
import { judgePersistence } from "./judges/persistence";
import { judgeShell } from "./judges/shell";
import { judgeStackFile } from "./judges/stack-file";
import { judgePersistenceDeclared } from "./judges/persistence-declared";
import { judgeSwarm } from "./judges/swarm";
import { judgeWordpressJourney } from "./judges/wordpress-journey";
import { judgeTrailingComments } from "./judges/trailing-comments";

export { resolveStepFolder, type StepFolderResolution, type SimilarFolder } from "./judges/step-folder";

/**
 * Judges a check from the files alone. Returns null for the kinds that need the sandbox; for
 * `packages` it returns a preliminary verdict read from the apt lines.
 */
export function judgeStatic(spec: CheckSpec, workspace: WorkspaceSnapshot): CheckResult | null {
  switch (spec.kind) {
    case "folder":
      return judgeFolder(spec, workspace);
    case "base-image":
      return judgeBaseImage(spec, workspace);
    case "instruction":
      return judgeInstruction(spec, workspace);
    case "env-in-one-instruction":
      return judgeEnvInOneInstruction(spec, workspace);
    case "archive-download":
      return judgeArchiveDownload(spec, workspace);
    case "trailing-comments":
      return judgeTrailingComments(spec, workspace);
    case "dockerfile-lint":
      return judgeDockerfileLint(spec, workspace);
    case "compose-file":
      return judgeComposeFile(spec, workspace);
    case "stack-file":
      return judgeStackFile(spec, workspace);
    case "persistence-declared":
      return judgePersistenceDeclared(spec, workspace);
    case "packages":
      return judgePackagesStatically(spec, workspace);
    default:
      return null;
  }
}

function wrongEvidence(spec: CheckSpec, expected: string, outcome: ProbeOutcome): CheckResult {
  return resultsFor(spec, "dynamic").error(`The grader gathered ${outcome.kind} evidence for a ${expected} check (a fault of ours, not yours).`);
}

/**
 * Judges a check from the evidence the sandbox gathered. Static kinds are judged from the files
 * (the outcome is ignored); `packages` falls back to the Dockerfile when no package list came.
 */
export function judgeDynamic(spec: CheckSpec, outcome: ProbeOutcome | undefined, workspace: WorkspaceSnapshot): CheckResult {
  if (isStaticKind(spec.kind)) return judgeStatic(spec, workspace)!;
  if (spec.kind === "packages") {
    if (!outcome) return judgePackagesStatically(spec, workspace);
    return outcome.kind === "packages" ? judgePackagesInImage(spec, outcome, workspace) : wrongEvidence(spec, "packages", outcome);
  }
  if (!outcome) return resultsFor(spec, "dynamic").skip("Not checked: the grader gathered no evidence for it.");
  switch (spec.kind) {
    case "build":
      return outcome.kind === "build" ? judgeBuild(spec, outcome, workspace) : wrongEvidence(spec, "build", outcome);
    case "container":
      return outcome.kind === "container" ? judgeContainer(spec, outcome) : wrongEvidence(spec, "container", outcome);
    case "image-config":
      return outcome.kind === "image-config" ? judgeImageConfig(spec, outcome) : wrongEvidence(spec, "image-config", outcome);
    case "processes":
      return outcome.kind === "processes" ? judgeProcesses(spec, outcome) : wrongEvidence(spec, "processes", outcome);
    case "http":
      return outcome.kind === "http" ? judgeHttp(spec, outcome) : wrongEvidence(spec, "http", outcome);
    case "exec":
      return outcome.kind === "exec" ? judgeExec(spec, outcome) : wrongEvidence(spec, "exec", outcome);
    case "persistence":
      return outcome.kind === "persistence" ? judgePersistence(spec, outcome) : wrongEvidence(spec, "persistence", outcome);
    case "shell":
      return outcome.kind === "exec" ? judgeShell(spec, outcome) : wrongEvidence(spec, "shell", outcome);
    case "wordpress-journey":
      return outcome.kind === "wordpress-journey" ? judgeWordpressJourney(spec, outcome) : wrongEvidence(spec, "wordpress-journey", outcome);
    case "compose-up":
      return outcome.kind === "compose-up" ? judgeComposeUp(spec, outcome) : wrongEvidence(spec, "compose-up", outcome);
    case "script":
      return outcome.kind === "exec" ? judgeScript(spec, outcome, workspace) : wrongEvidence(spec, "script", outcome);
    case "containers":
      return outcome.kind === "containers" ? judgeContainers(spec, outcome) : wrongEvidence(spec, "containers", outcome);
    case "swarm":
      return outcome.kind === "swarm" ? judgeSwarm(spec, outcome) : wrongEvidence(spec, "swarm", outcome);
    default:
      return resultsFor(spec, "dynamic").error(`No judge for the check kind "${spec.kind}".`);
  }
}
