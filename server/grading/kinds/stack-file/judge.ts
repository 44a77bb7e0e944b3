/**
 * `stack-file`: a compose / stack file declares what the lesson asks, read as docker-compose reads
 * it (YAML 1.1): its format version, its services with their image, restart policy, published
 * ports, environment and bind mounts, and values that must agree across services (the password
 * WordPress uses is the one the database was given). Failures carry the line to mark.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { WorkspaceSnapshot } from "../../evidence";
import { composeSchemaProblems, describeSchemaProblems } from "../../compose/compose-schema";
import { parseStackFile, type StackDocument, type StackService } from "../../stack/read-stack-file";
import { findEnv, serviceProblems, type StackProblem } from "../../stack/service-problems";
import { effectiveEnvironment } from "../../stack/stack-environment";
import { deployProblems } from "../../stack/deploy-problems";
import { resultsFor } from "../../judges/check-result";
import { commasOf, listOf, say, sentencesOf, type TextValue } from "../../../../lib/i18n/text-ref";
import { readStepFile } from "../../judges/step-files";

type Spec = CheckSpecOf<"stack-file">;

function versionProblem(stack: StackDocument, minVersion: string): StackProblem | undefined {
  const [major = "", minor = "0"] = minVersion.split(".");
  const expected = say("stackFile.versionExpected", { version: minVersion, major });
  if (!stack.version) return { message: say("stackFile.versionNone", { expected }), line: 1 };
  const { value, text, line } = stack.version;
  if (typeof value !== "string") return { message: say("stackFile.versionNumber", { expected, line, text }), line };
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match || match[1] !== major || Number(match[2] ?? 0) < Number(minor)) {
    return { message: say("stackFile.versionOther", { expected, line, value }), line };
  }
  return undefined;
}

/** "wordpress.WORDPRESS_DB_USER" → service and variable. */
function splitReference(reference: string): { service: string; key: string } {
  const dot = reference.lastIndexOf(".");
  return { service: reference.slice(0, dot), key: reference.slice(dot + 1) };
}

function sameValueProblem(services: Map<string, StackService>, from: string, equals: string): StackProblem | undefined {
  const a = splitReference(from);
  const b = splitReference(equals);
  const serviceA = services.get(a.service);
  const serviceB = services.get(b.service);
  if (!serviceA || !serviceB) return undefined; // reported as a missing service
  const entryA = findEnv(serviceA, a.key);
  const entryB = findEnv(serviceB, b.key);
  if (!entryA || !entryB) {
    const absent = !entryA ? { s: serviceA, key: a.key } : { s: serviceB, key: b.key };
    return {
      message: say("stackFile.sameUnset", { keyA: a.key, serviceA: a.service, keyB: b.key, serviceB: b.service, absent: absent.s.name, key: absent.key }),
      line: absent.s.keyLines["environment"] ?? absent.s.line,
    };
  }
  if (entryA.value === entryB.value) return undefined;
  const shown = (v: string | null) => (v === null ? say("stackFile.noValue") : say("stackFile.quoted", { value: v }));
  const pair = { keyA: a.key, serviceA: a.service, keyB: b.key, serviceB: b.service };
  return {
    message: say("stackFile.sameDiffers", { ...pair, lineA: entryA.line, valueA: shown(entryA.value), lineB: entryB.line, valueB: shown(entryB.value) }),
    line: entryA.line,
  };
}

function hostProblem(services: Map<string, StackService>, variable: string, target: string, port: number | undefined): StackProblem | undefined {
  const { service: name, key } = splitReference(variable);
  const service = services.get(name);
  if (!service || !services.has(target)) return undefined;
  const entry = findEnv(service, key);
  const accepted = port === undefined ? [target] : [target, `${target}:${port}`];
  const expected = port === undefined ? say("stackFile.hostExpected", { key, service: name, target }) : say("stackFile.hostExpectedPort", { key, service: name, target, port });
  if (!entry) return { message: say("stackFile.hostUnset", { expected, service: name, key }), line: service.keyLines["environment"] ?? service.line };
  const value = (entry.value ?? "").trim();
  if (accepted.includes(value)) return undefined;
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(value) ? say("stackFile.hostLocal") : "";
  return { message: say("stackFile.hostOther", { expected, line: entry.line, value: entry.value ?? "", local }), line: entry.line };
}

export function judgeStackFile(spec: Spec, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readStepFile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const parsed = parseStackFile(read.text);
  if (!parsed.ok) return fail(parsed.message, { file, line: parsed.line ?? 1 });
  const schemaFailure = describeSchemaProblems(spec.file, composeSchemaProblems(read.text));
  if (schemaFailure) return fail(schemaFailure.message, { file, line: schemaFailure.line });
  const { stack } = parsed;

  const problems: StackProblem[] = [];
  if (spec.minVersion) {
    const problem = versionProblem(stack, spec.minVersion);
    if (problem) problems.push(problem);
  }
  // Values as the containers get them: env_file entries, then environment:, with ${VAR} from .env, secrets read.
  const services = new Map(stack.services.map((s) => [s.name, { ...s, environment: effectiveEnvironment(s, stack, workspace) }]));
  const missing = spec.services.filter((r) => !services.has(r.name)).map((r) => r.name);
  if (missing.length) {
    const found = stack.services.map((s) => s.name);
    const has = found.length ? say("stackFile.servicesHas", { services: listOf(found) }) : say(stack.servicesLine ? "stackFile.servicesEmpty" : "stackFile.servicesNone");
    problems.push({ message: say(missing.length > 1 ? "stackFile.servicesMissing" : "stackFile.serviceMissing", { names: listOf(missing), has }), line: stack.servicesLine || 1 });
  }
  for (const requirement of spec.services) {
    const service = services.get(requirement.name);
    if (service) problems.push(...serviceProblems(service, requirement), ...deployProblems(service, requirement));
  }
  for (const pair of spec.sameValues) {
    const problem = sameValueProblem(services, pair.from, pair.equals);
    if (problem) problems.push(problem);
  }
  for (const host of spec.hostOf) {
    const problem = hostProblem(services, host.variable, host.service, host.port);
    if (problem) problems.push(problem);
  }

  if (problems.length) {
    const [first, ...rest] = problems;
    const said = rest.length ? say("stackFile.also", { first: first!.message, rest: sentencesOf(rest.map((p) => p.message)) }) : first!.message;
    return fail(said, { file, line: first!.line });
  }
  return pass(say("stackFile.pass", { file, verified: describeVerified(spec) }), { file });
}

function describeVerified(spec: Spec): TextValue {
  const parts: TextValue[] = [];
  if (spec.minVersion) parts.push(say("stackFile.passVersion", { version: spec.minVersion }));
  for (const r of spec.services) {
    const details: TextValue[] = [
      ...(r.image ? [say("stackFile.passImage", { image: r.image })] : []),
      ...(r.restart ? [`restart: ${r.restart}`] : []),
      ...r.ports.map((p) => say("stackFile.passPort", { port: p })),
      ...(r.environment.length ? [say("stackFile.passVariables", { count: r.environment.length })] : []),
      ...Object.entries(r.values).map(([k, v]) => `${k}=${v}`),
      ...r.binds.map((b) => say("stackFile.passBind", { folder: b.homeFolder, target: b.target })),
      ...(r.deploy?.mode ? [say("stackFile.passMode", { mode: r.deploy.mode })] : []),
      ...(r.deploy?.replicas !== undefined ? [say(r.deploy.replicasRequired ? "stackFile.passReplicas" : "stackFile.passReplicasAtMost", { count: r.deploy.replicas })] : []),
    ];
    parts.push(details.length ? say("stackFile.passServiceWith", { name: r.name, details: commasOf(details) }) : say("stackFile.passService", { name: r.name }));
  }
  for (const p of spec.sameValues) parts.push(`${p.from} = ${p.equals}`);
  for (const h of spec.hostOf) parts.push(say("stackFile.passHost", { variable: h.variable, service: h.service }));
  return parts.length ? listOf(parts) : say("stackFile.passReadable");
}
