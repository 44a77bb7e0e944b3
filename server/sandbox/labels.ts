/** Labels on every Docker object the sandbox creates, so the reaper can find and remove them. */
export const LABEL_MANAGED = "org.dockerworkbench.managed";
export const LABEL_ROLE = "org.dockerworkbench.role";
export const LABEL_STUDENT = "org.dockerworkbench.student";
export const LABEL_OWNER = "org.dockerworkbench.owner";
export const LABEL_CREATED = "org.dockerworkbench.created";
/** Which workbench installation (its data folder) an engine belongs to; the reaper keeps to its own. */
export const LABEL_DEPLOYMENT = "org.dockerworkbench.deployment";

/** On a swarm node's engine container: the student's cluster (its private network's name). */
export const LABEL_CLUSTER = "org.dockerworkbench.cluster";

/** On a grading sandbox's engine container (Submit, ../grading-services/submit-service.ts): the check run it grades. */
export const LABEL_GRADER_RUN = "org.dockerworkbench.grader-run";

export type SandboxRole = "engine" | "infra" | "test" | "cluster";
/** Who created an object: the web server (reaped at its start) or a one-shot grader run. */
export type SandboxOwner = "server" | "cli" | "test";

export function sandboxLabels(role: SandboxRole, owner: SandboxOwner, studentId?: string): Record<string, string> {
  return {
    [LABEL_MANAGED]: "true",
    [LABEL_ROLE]: role,
    [LABEL_OWNER]: owner,
    [LABEL_CREATED]: new Date().toISOString(),
    ...(studentId ? { [LABEL_STUDENT]: studentId } : {}),
  };
}

/** A filter for listContainers / listVolumes selecting one role and owner. */
export function labelFilter(role: SandboxRole, owner?: SandboxOwner, deployment?: string): { label: string[] } {
  const label = [`${LABEL_MANAGED}=true`, `${LABEL_ROLE}=${role}`];
  if (owner) label.push(`${LABEL_OWNER}=${owner}`);
  if (deployment) label.push(`${LABEL_DEPLOYMENT}=${deployment}`);
  return { label };
}
