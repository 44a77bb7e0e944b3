/**
 * What a service's `deploy:` section must say for a swarm (step 9): its mode (replicated unless
 * written otherwise) and its number of replicas, as `docker stack deploy` reads them: `mode` is
 * exactly `replicated` or `global` (docker refuses "Replicated"), `replicas` a whole number
 * (`2` or `"2"`), and only in replicated mode.
 */
import type { StackService } from "./read-stack-file";
import type { StackProblem } from "./service-problems";
import { say } from "../../../lib/i18n/text-ref";
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
    const lower = modeText.toLowerCase();
    const told = { service: service.name, line: mode.line, written: mode.text };
    problems.push({ message: lower === "replicated" || lower === "global" ? say("deploy.badModeCase", { ...told, lower }) : say("deploy.badMode", told), line: mode.line });
    return problems;
  }
  if (wanted.mode && modeText !== wanted.mode) {
    const what = say(wanted.mode === "replicated" ? "deploy.replicated" : "deploy.global");
    problems.push({ message: say("deploy.otherMode", { service: service.name, what, line: mode?.line ?? service.line, mode: modeText }), line: mode?.line ?? service.line });
  }
  const replicas = service.deploy?.replicas;
  if (wanted.replicas === undefined) return problems;
  if (!replicas) {
    if (wanted.replicasRequired) {
      problems.push({ message: say("deploy.noReplicas", { service: service.name, count: wanted.replicas }), line: service.deploy?.line ?? service.line });
    }
    return problems;
  }
  const count = asCount(replicas.value);
  if (count === undefined) {
    problems.push({ message: say("deploy.replicasNotNumber", { service: service.name, count: wanted.replicas, line: replicas.line, written: replicas.text }), line: replicas.line });
  } else if (modeText === "global") {
    problems.push({ message: say("deploy.replicasGlobal", { service: service.name, line: replicas.line }), line: replicas.line });
  } else if (count !== wanted.replicas) {
    problems.push({ message: say("deploy.replicasOther", { service: service.name, count: wanted.replicas, line: replicas.line, found: count }), line: replicas.line });
  }
  return problems;
}
