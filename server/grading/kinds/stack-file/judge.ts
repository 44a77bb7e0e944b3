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
import { listInProse, resultsFor } from "../../judges/check-result";
import { readStepFile } from "../../judges/step-files";

type Spec = CheckSpecOf<"stack-file">;

function versionProblem(stack: StackDocument, minVersion: string): StackProblem | undefined {
  const [major = "", minor = "0"] = minVersion.split(".");
  const expected = `Expected version: '${minVersion}' or a later ${major}.x at the top of the file`;
  if (!stack.version) return { message: `${expected}; the file has no version: line.`, line: 1 };
  const { value, text, line } = stack.version;
  if (typeof value !== "string") {
    return { message: `${expected}; line ${line} has version: ${text}, a number for YAML: docker-compose wants a string, so quote it ('${text}').`, line };
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match || match[1] !== major || Number(match[2] ?? 0) < Number(minor)) {
    return { message: `${expected}; line ${line} has version: '${value}'.`, line };
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
      message: `Expected ${a.key} in ${a.service} to equal ${b.key} in ${b.service}; service ${absent.s.name} does not set ${absent.key}.`,
      line: absent.s.keyLines["environment"] ?? absent.s.line,
    };
  }
  if (entryA.value === entryB.value) return undefined;
  const shown = (v: string | null) => (v === null ? "no value" : `"${v}"`);
  return {
    message: `Expected ${a.key} in ${a.service} to equal ${b.key} in ${b.service}; line ${entryA.line} gives ${shown(entryA.value)} but line ${entryB.line} gives ${shown(entryB.value)}.`,
    line: entryA.line,
  };
}

function hostProblem(services: Map<string, StackService>, variable: string, target: string, port: number | undefined): StackProblem | undefined {
  const { service: name, key } = splitReference(variable);
  const service = services.get(name);
  if (!service || !services.has(target)) return undefined;
  const entry = findEnv(service, key);
  const accepted = port === undefined ? [target] : [target, `${target}:${port}`];
  const expected = `Expected ${key} in ${name} to name the service ${target}${port === undefined ? "" : ` (or ${target}:${port})`}: containers of a stack reach each other by service name`;
  if (!entry) return { message: `${expected}; ${name} does not set ${key}.`, line: service.keyLines["environment"] ?? service.line };
  const value = (entry.value ?? "").trim();
  if (accepted.includes(value)) return undefined;
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(value) ? " Inside the wordpress container, localhost is that container itself, not the database." : "";
  return { message: `${expected}; line ${entry.line} gives "${entry.value ?? ""}".${local}`, line: entry.line };
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
    const has = found.length ? `the file has ${listInProse(found)}` : stack.servicesLine ? "services: is empty" : "the file has no services: section";
    problems.push({ message: `Expected ${missing.length > 1 ? "services" : "a service"} named ${listInProse(missing)} under services:; ${has}.`, line: stack.servicesLine || 1 });
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
    const more = rest.length ? ` Also: ${rest.map((p) => p.message).join(" ")}` : "";
    return fail(`${first!.message}${more}`, { file, line: first!.line });
  }
  return pass(`${file} declares ${describeVerified(spec)}.`, { file });
}

function describeVerified(spec: Spec): string {
  const parts: string[] = [];
  if (spec.minVersion) parts.push(`format version ${spec.minVersion} or later`);
  for (const r of spec.services) {
    const details = [
      r.image && `image ${r.image}`,
      r.restart && `restart: ${r.restart}`,
      ...r.ports.map((p) => `port ${p}`),
      r.environment.length ? `${r.environment.length} variables` : "",
      ...Object.entries(r.values).map(([k, v]) => `${k}=${v}`),
      ...r.binds.map((b) => `~/${b.homeFolder} on ${b.target}`),
      r.deploy?.mode && `mode ${r.deploy.mode}`,
      r.deploy?.replicas !== undefined && (r.deploy.replicasRequired ? `${r.deploy.replicas} replicas` : `no replica count other than ${r.deploy.replicas}`),
    ].filter(Boolean);
    parts.push(details.length ? `${r.name} (${details.join(", ")})` : `the service ${r.name}`);
  }
  for (const p of spec.sameValues) parts.push(`${p.from} = ${p.equals}`);
  for (const h of spec.hostOf) parts.push(`${h.variable} naming ${h.service}`);
  return listInProse(parts) || "a readable stack";
}
