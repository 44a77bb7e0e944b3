/**
 * What one service of a stack file lacks compared with a requirement: image, restart policy,
 * published ports, environment and bind mounts. Each problem says what was expected, what the
 * file has, and on which line.
 */
import { isOfficialImage, parseImageReference, repositoryKey } from "../dockerfile/image-reference";
import { isHomeFolderPath, lastComponent, LEARNER_ACCOUNT, otherUsersHome } from "./home-folder-path";
import type { EnvEntry, StackService } from "./read-stack-file";
import type { StackServiceRequirement } from "./stack-spec-fields";

export interface StackProblem {
  message: string;
  line: number;
}

export function findEnv(service: StackService, key: string): EnvEntry | undefined {
  return service.environment.filter((e) => e.key === key).at(-1);
}

function imageProblem(service: StackService, wanted: string): StackProblem | undefined {
  const wantedRef = parseImageReference(wanted);
  if (!wantedRef) return { message: `checks.yaml names an invalid image "${wanted}" (a fault of the lesson).`, line: service.line };
  const wantedTag = wantedRef.tag ?? "latest";
  const expected = `service ${service.name} to use the image ${wanted}${isOfficialImage(wantedRef) ? " (the official one)" : ""}`;
  if (!service.image) {
    const how = service.keyLines["build"] ? "it has a build: section instead: this step uses the published image, no Dockerfile" : "it has no image: line";
    return { message: `Expected ${expected}; ${how}.`, line: service.keyLines["build"] ?? service.line };
  }
  const written = service.image.value;
  const ref = parseImageReference(written);
  const at = `line ${service.image.line} has image: ${written}`;
  if (!ref) return { message: `Expected ${expected}; ${at}, which is not an image name.`, line: service.image.line };
  if (repositoryKey(ref) !== repositoryKey(wantedRef)) {
    const lastPart = (r: string) => r.split("/").at(-1);
    const impostor = lastPart(ref.repository) === lastPart(wantedRef.repository) && isOfficialImage(wantedRef);
    const note = impostor ? `: ${written} is published by someone else, not the official image` : "";
    return { message: `Expected ${expected}; ${at}${note}.`, line: service.image.line };
  }
  if (ref.tag === null && ref.digest !== null) {
    return { message: `Expected ${expected}; ${at}: a digest pins a version the check cannot compare, write ${wanted}.`, line: service.image.line };
  }
  const tag = ref.tag ?? "latest";
  if (tag !== wantedTag) {
    return { message: `Expected ${expected}, tag ${wantedTag}; ${at} (tag ${tag}).`, line: service.image.line };
  }
  return undefined;
}

function restartProblem(service: StackService, wanted: string): StackProblem | undefined {
  if (!service.restart) {
    return { message: `Expected restart: ${wanted} in service ${service.name}; it has no restart: line, so a stopped container stays stopped.`, line: service.line };
  }
  const written = service.restart.value;
  if (service.restart.boolean) {
    return { message: `Expected restart: ${wanted} in service ${service.name}; line ${service.restart.line} has restart: ${written}, which YAML reads as a boolean.`, line: service.restart.line };
  }
  if (written !== wanted) {
    return { message: `Expected restart: ${wanted} in service ${service.name}; line ${service.restart.line} has restart: ${written}.`, line: service.restart.line };
  }
  return undefined;
}

function portProblem(service: StackService, wanted: string): StackProblem | undefined {
  const [published = "", target = ""] = wanted.split(":");
  const matches = service.ports.some((p) => p.published === published && p.target === target && p.protocol.toLowerCase() === "tcp");
  if (matches) return undefined;
  const expected = `service ${service.name} to publish port ${wanted} (host port ${published} to the container's port ${target})`;
  if (service.ports.length === 0) return { message: `Expected ${expected}; it has no ports: entry.`, line: service.keyLines["ports"] ?? service.line };
  const listed = service.ports.map((p) => `${p.published ? `${p.published}:` : "(random):"}${p.target ?? "?"}`).join(", ");
  const first = service.ports[0]!;
  const reversed = service.ports.some((p) => p.published === target && p.target === published);
  const note = reversed ? " The order is host:container." : "";
  return { message: `Expected ${expected}; line ${first.line} publishes ${listed}.${note}`, line: first.line };
}

function environmentProblems(service: StackService, requirement: StackServiceRequirement): StackProblem[] {
  const problems: StackProblem[] = [];
  const envLine = service.keyLines["environment"] ?? service.line;
  const missing: string[] = [];
  for (const key of requirement.environment) {
    const entry = findEnv(service, key);
    if (!entry) missing.push(key);
    else if (entry.booleanWritten !== undefined) {
      problems.push({
        message: `${key} (line ${entry.line}) is written ${entry.booleanWritten}, which YAML reads as a boolean that docker-compose refuses: quote it, e.g. '${entry.booleanWritten}'.`,
        line: entry.line,
      });
    } else if (entry.value === null || entry.value.trim() === "") {
      problems.push({ message: `${key} (line ${entry.line}) has no value.`, line: entry.line });
    }
  }
  if (missing.length) {
    const found = service.environment.map((e) => e.key);
    const where = found.length ? `its environment has ${found.join(", ")}` : "it has no environment: section";
    problems.unshift({ message: `Expected service ${service.name} to set ${missing.join(", ")}; ${where}.`, line: envLine });
  }
  for (const [key, wanted] of Object.entries(requirement.values)) {
    const entry = findEnv(service, key);
    if (!entry) {
      if (!requirement.environment.includes(key)) problems.push({ message: `Expected ${key}=${wanted} in service ${service.name}; it does not set ${key}.`, line: envLine });
      continue;
    }
    if (entry.value !== wanted) {
      problems.push({ message: `Expected ${key}=${wanted} in service ${service.name}; line ${entry.line} gives ${entry.value === null ? "no value" : `"${entry.value}"`}.`, line: entry.line });
    }
  }
  return problems;
}

function bindProblems(service: StackService, requirement: StackServiceRequirement): StackProblem[] {
  return requirement.binds.flatMap((bind): StackProblem[] => {
    const normalise = (p: string | undefined) => (p ?? "").replace(/\/+$/, "");
    const onTarget = service.volumes.filter((v) => normalise(v.target) === normalise(bind.target));
    const expected = `a bind mount of ~/${bind.homeFolder} (/home/$USER/${bind.homeFolder}) onto ${bind.target} in service ${service.name}`;
    if (onTarget.some((v) => v.type === "bind" && v.source !== undefined && isHomeFolderPath(v.source, bind.homeFolder))) return [];
    const mount = onTarget[0];
    if (!mount) {
      const line = service.keyLines["volumes"] ?? service.line;
      return [{ message: `Expected ${expected}; nothing is mounted on ${bind.target}.`, line }];
    }
    if (mount.type !== "bind") {
      return [
        {
          message: `Expected ${expected}; line ${mount.line} mounts ${mount.source ? `the named volume ${mount.source}` : "an anonymous volume"} there, which Docker keeps in its own storage, not in your home folder.`,
          line: mount.line,
        },
      ];
    }
    const source = mount.source ?? "";
    const otherUser = otherUsersHome(source, bind.homeFolder);
    const why = otherUser
      ? `that is the home folder of a user named ${otherUser}, not yours: in the workbench you are ${LEARNER_ACCOUNT}, so write ~/${bind.homeFolder} or /home/$USER/${bind.homeFolder}`
      : lastComponent(source) === bind.homeFolder
        ? `${source} is not directly in your home folder`
        : `the folder must be named ${bind.homeFolder}`;
    return [{ message: `Expected ${expected}; line ${mount.line} mounts ${source}: ${why}.`, line: mount.line }];
  });
}

export function serviceProblems(service: StackService, requirement: StackServiceRequirement): StackProblem[] {
  const problems: (StackProblem | undefined)[] = [];
  if (requirement.image !== undefined) problems.push(imageProblem(service, requirement.image));
  if (requirement.restart !== undefined) problems.push(restartProblem(service, requirement.restart));
  for (const port of requirement.ports) problems.push(portProblem(service, port));
  problems.push(...environmentProblems(service, requirement), ...bindProblems(service, requirement));
  return problems.filter((p): p is StackProblem => p !== undefined);
}
