/**
 * What a grade that starts from the student's files alone (Submit, npm run grade) does on the
 * swarm before judging, read from the step's checks: the stack file it deploys with
 * `docker stack deploy` and under which name (the `deploy` field of a swarm check), the services
 * it scales as the lab asks (`scale`), and the folders of the learner's home the stack bind-mounts,
 * which the lesson has the student create on the manager first (`mkdir -p ~/data_wordpress`).
 */
import type { ChecksFile, CheckSpecOf } from "../check-spec";
import type { WorkspaceSnapshot } from "../evidence";
import { readStepFile } from "../judges/step-files";
import { parseStackFile } from "../stack/read-stack-file";
import { isHomeFolderPath, lastComponent } from "../stack/home-folder-path";
import type { SwarmServiceMatch } from "./swarm-spec-fields";

export interface SwarmGradingPlan {
  /** Stack file, relative to the step folder. */
  file: string;
  stack: string;
  scale: { service: SwarmServiceMatch; replicas: number }[];
  /** Plain folder names directly in the learner's home, created on the manager before deploying. */
  homeFolders: string[];
  /** The most nodes any check asks for (3 on step 9). */
  nodes: number;
}

const MAX_HOME_FOLDERS = 10;

/** The plain folder name a bind-mount source names directly in the user's home (`~/data`, `/home/$USER/data`…), else undefined. */
export function homeFolderOf(source: string): string | undefined {
  const name = lastComponent(source.trim());
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === "." || name === "..") return undefined;
  return isHomeFolderPath(source, name) ? name : undefined;
}

/** null when no swarm check of the step has `deploy` (nothing to set up). */
export function swarmGradingPlan(checks: ChecksFile, workspace: WorkspaceSnapshot): SwarmGradingPlan | null {
  const swarm = checks.checks.filter((c): c is CheckSpecOf<"swarm"> => c.kind === "swarm");
  const deploy = swarm.find((c) => c.deploy)?.deploy;
  if (!deploy) return null;
  const scale = swarm.flatMap((c) => (c.scale && c.service && c.replicas !== undefined ? [{ service: c.service, replicas: c.replicas }] : []));
  const read = readStepFile(workspace, deploy.file);
  const parsed = read.ok ? parseStackFile(read.text) : undefined;
  const sources = parsed?.ok ? parsed.stack.services.flatMap((s) => s.volumes.filter((v) => v.type === "bind").map((v) => v.source ?? "")) : [];
  const homeFolders = [...new Set(sources.map(homeFolderOf).filter((name): name is string => name !== undefined))].slice(0, MAX_HOME_FOLDERS);
  const nodes = Math.max(1, ...swarm.map((c) => c.nodes ?? 1));
  return { file: deploy.file, stack: deploy.stack, scale, homeFolders, nodes };
}
