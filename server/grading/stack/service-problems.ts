/**
 * What one service of a stack file lacks compared with a requirement: image, restart policy,
 * published ports, environment and bind mounts. Each problem says what was expected, what the
 * file has, and on which line.
 */
import { isOfficialImage, parseImageReference, repositoryKey } from "../dockerfile/image-reference";
import { isHomeFolderPath, lastComponent, LEARNER_ACCOUNT, otherUsersHome } from "./home-folder-path";
import type { EnvEntry, StackService } from "./read-stack-file";
import type { StackServiceRequirement } from "./stack-spec-fields";
import { say, type TextRef } from "../../../lib/i18n/text-ref";

export interface StackProblem {
  /** The message, in the student's language (lib/i18n/texts/stack-kind-texts.ts). */
  message: TextRef;
  line: number;
}

export function findEnv(service: StackService, key: string): EnvEntry | undefined {
  return service.environment.filter((e) => e.key === key).at(-1);
}

function imageProblem(service: StackService, wanted: string): StackProblem | undefined {
  const wantedRef = parseImageReference(wanted);
  if (!wantedRef) return { message: say("stack.badImageSpec", { image: wanted }), line: service.line };
  const wantedTag = wantedRef.tag ?? "latest";
  const expected = say(isOfficialImage(wantedRef) ? "stack.imageExpectedOfficial" : "stack.imageExpected", { service: service.name, image: wanted });
  if (!service.image) {
    return { message: say(service.keyLines["build"] ? "stack.imageBuildInstead" : "stack.imageNone", { expected }), line: service.keyLines["build"] ?? service.line };
  }
  const written = service.image.value;
  const ref = parseImageReference(written);
  const at = { expected, line: service.image.line, written };
  if (!ref) return { message: say("stack.imageInvalid", at), line: service.image.line };
  if (repositoryKey(ref) !== repositoryKey(wantedRef)) {
    const lastPart = (r: string) => r.split("/").at(-1);
    const impostor = lastPart(ref.repository) === lastPart(wantedRef.repository) && isOfficialImage(wantedRef);
    return { message: say(impostor ? "stack.imageImpostor" : "stack.imageOther", at), line: service.image.line };
  }
  if (ref.tag === null && ref.digest !== null) {
    return { message: say("stack.imageDigest", { ...at, image: wanted }), line: service.image.line };
  }
  const tag = ref.tag ?? "latest";
  if (tag !== wantedTag) {
    return { message: say("stack.imageTag", { ...at, tag: wantedTag, found: tag }), line: service.image.line };
  }
  return undefined;
}

function restartProblem(service: StackService, wanted: string): StackProblem | undefined {
  if (!service.restart) {
    return { message: say("stack.restartNone", { wanted, service: service.name }), line: service.line };
  }
  const written = service.restart.value;
  const told = { wanted, service: service.name, line: service.restart.line, written };
  if (service.restart.boolean) return { message: say("stack.restartBoolean", told), line: service.restart.line };
  if (written !== wanted) return { message: say("stack.restartOther", told), line: service.restart.line };
  return undefined;
}

function portProblem(service: StackService, wanted: string): StackProblem | undefined {
  const [published = "", target = ""] = wanted.split(":");
  const matches = service.ports.some((p) => p.published === published && p.target === target && p.protocol.toLowerCase() === "tcp");
  if (matches) return undefined;
  const expected = say("stack.portExpected", { service: service.name, wanted, published, target });
  if (service.ports.length === 0) return { message: say("stack.portNone", { expected }), line: service.keyLines["ports"] ?? service.line };
  const listed = service.ports.map((p) => `${p.published ? `${p.published}:` : "(random):"}${p.target ?? "?"}`).join(", ");
  const first = service.ports[0]!;
  const reversed = service.ports.some((p) => p.published === target && p.target === published);
  return { message: say(reversed ? "stack.portReversed" : "stack.portOther", { expected, line: first.line, listed }), line: first.line };
}

function environmentProblems(service: StackService, requirement: StackServiceRequirement): StackProblem[] {
  const problems: StackProblem[] = [];
  const envLine = service.keyLines["environment"] ?? service.line;
  const missing: string[] = [];
  for (const key of requirement.environment) {
    const entry = findEnv(service, key);
    if (!entry) missing.push(key);
    else if (entry.booleanWritten !== undefined) {
      problems.push({ message: say("stack.envBoolean", { key, line: entry.line, written: entry.booleanWritten }), line: entry.line });
    } else if (entry.value === null || entry.value.trim() === "") {
      problems.push({ message: say("stack.envEmpty", { key, line: entry.line }), line: entry.line });
    }
  }
  if (missing.length) {
    const found = service.environment.map((e) => e.key);
    const where = found.length ? say("stack.envHas", { keys: found.join(", ") }) : say("stack.envNone");
    problems.unshift({ message: say("stack.envMissing", { service: service.name, keys: missing.join(", "), where }), line: envLine });
  }
  for (const [key, wanted] of Object.entries(requirement.values)) {
    const entry = findEnv(service, key);
    if (!entry) {
      if (!requirement.environment.includes(key)) problems.push({ message: say("stack.valueUnset", { key, wanted, service: service.name }), line: envLine });
      continue;
    }
    if (entry.value !== wanted) {
      const told = { key, wanted, service: service.name, line: entry.line };
      problems.push({ message: entry.value === null ? say("stack.valueNone", told) : say("stack.valueOther", { ...told, value: entry.value }), line: entry.line });
    }
  }
  return problems;
}

function bindProblems(service: StackService, requirement: StackServiceRequirement): StackProblem[] {
  return requirement.binds.flatMap((bind): StackProblem[] => {
    const normalise = (p: string | undefined) => (p ?? "").replace(/\/+$/, "");
    const onTarget = service.volumes.filter((v) => normalise(v.target) === normalise(bind.target));
    const expected = say("stack.bindExpected", { folder: bind.homeFolder, target: bind.target, service: service.name });
    if (onTarget.some((v) => v.type === "bind" && v.source !== undefined && isHomeFolderPath(v.source, bind.homeFolder))) return [];
    const mount = onTarget[0];
    if (!mount) {
      const line = service.keyLines["volumes"] ?? service.line;
      return [{ message: say("stack.bindNothing", { expected, target: bind.target }), line }];
    }
    if (mount.type !== "bind") {
      const told = { expected, line: mount.line };
      return [{ message: mount.source ? say("stack.bindNamedVolume", { ...told, volume: mount.source }) : say("stack.bindAnonymous", told), line: mount.line }];
    }
    const source = mount.source ?? "";
    const otherUser = otherUsersHome(source, bind.homeFolder);
    const why = otherUser
      ? say("stack.bindOtherUser", { user: otherUser, account: LEARNER_ACCOUNT, folder: bind.homeFolder })
      : lastComponent(source) === bind.homeFolder
        ? say("stack.bindNotDirect", { source })
        : say("stack.bindName", { folder: bind.homeFolder });
    return [{ message: say("stack.bindWrong", { expected, line: mount.line, source, why }), line: mount.line }];
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
