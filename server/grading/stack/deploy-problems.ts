/**
 * What a service's `deploy:` section must say for a swarm (step 9): its mode (replicated unless
 * written otherwise) and its number of replicas, as `docker stack deploy` reads them: `mode` is
 * exactly `replicated` or `global` (docker refuses "Replicated"), `replicas` a whole number
 * (`2` or `"2"`), and only in replicated mode.
 */
import type { StackService } from "./read-stack-file";
import type { StackProblem } from "./service-problems";
import type { StackServiceRequirement } from "./stack-spec-fields";

const asCount = (value: unknown): number | undefined => {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
};

export function deployProblems(service: StackService, requirement: StackServiceRequirement): StackProblem[] {
  const wanted = requirement.deploy;
  if (!wanted) return [];
  const problems: StackProblem[] = [];
  const mode = service.deploy?.mode;
  const modeText = mode === undefined ? "replicated" : typeof mode.value === "string" ? mode.value.trim() : mode.text;
  if (mode && modeText !== "replicated" && modeText !== "global") {
    const hint = modeText.toLowerCase() === "replicated" || modeText.toLowerCase() === "global" ? ` (write it in lower case: ${modeText.toLowerCase()})` : "";
    problems.push({
      message: `Expected deploy.mode of ${service.name} to be replicated or global; line ${mode.line} has mode: ${mode.text}, which docker stack deploy refuses${hint}.`,
      line: mode.line,
    });
    return problems;
  }
  if (wanted.mode && modeText !== wanted.mode) {
    const what = wanted.mode === "replicated" ? "replicated (a set number of copies, which you scale)" : "global (one copy on every node)";
    problems.push({ message: `Expected ${service.name} to be ${what}; line ${mode?.line ?? service.line} makes it ${modeText}.`, line: mode?.line ?? service.line });
  }
  const replicas = service.deploy?.replicas;
  if (wanted.replicas === undefined) return problems;
  if (!replicas) {
    if (wanted.replicasRequired) {
      problems.push({
        message: `Expected ${service.name} to ask for ${wanted.replicas} replicas: deploy: replicas: ${wanted.replicas}; it sets no deploy.replicas (one replica).`,
        line: service.deploy?.line ?? service.line,
      });
    }
    return problems;
  }
  const count = asCount(replicas.value);
  if (count === undefined) {
    problems.push({ message: `Expected deploy.replicas of ${service.name} to be a whole number (${wanted.replicas}); line ${replicas.line} has replicas: ${replicas.text}.`, line: replicas.line });
  } else if (modeText === "global") {
    problems.push({
      message: `Expected ${service.name} to be replicated to use deploy.replicas; it is global, where docker stack deploy refuses replicas (line ${replicas.line}).`,
      line: replicas.line,
    });
  } else if (count !== wanted.replicas) {
    problems.push({
      message: `Expected ${service.name} to run ${wanted.replicas} replicas; line ${replicas.line} asks for ${count}, and the next docker stack deploy would scale it back to that.`,
      line: replicas.line,
    });
  }
  return problems;
}
