/**
 * `compose-file` (static, runs while the student types): the compose file is valid YAML in the
 * required format version, declares the required services under their exact names, and each
 * service holds what the lesson asks (build context, image, ports, environment, restart,
 * volumes). The file must first follow the compose file format (compose/compose-schema.ts).
 * Every problem carries the line the editor marks.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { WorkspaceSnapshot } from "../../evidence";
import { asMapping, readComposeDocument, readEnvironment, type ComposeDocument } from "../../compose/compose-document";
import { portCovers, readComposePort } from "../../compose/compose-ports";
import { composeSchemaProblems, describeSchemaProblems } from "../../compose/compose-schema";
import { listInProse, resultsFor } from "../../judges/check-result";
import { compilePattern } from "../../judges/patterns";
import { readStepFile } from "../../judges/step-files";

type Expectation = CheckSpecOf<"compose-file">["expect"][string];

interface Problem {
  message: string;
  line: number;
}

const normalizeContext = (context: string) =>
  context
    .replace(/\\/g, "/")
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "") || ".";
const normalizePathText = (p: string) => (p.length > 1 ? p.replace(/\/+$/, "") : p);
/** Letters and digits only, lower case: "mysql-wordpress" and "MySQL_WordPress" look alike. */
const looseName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The container path of a `volumes` entry: "data:/var/lib/mysql:rw", "/var/lib/mysql", { target }. */
function volumeTarget(entry: unknown): string | null {
  if (typeof entry === "string") {
    const parts = entry.split(":");
    const target = parts.length === 1 ? parts[0] : /^[A-Za-z]$/.test(parts[0] ?? "") ? parts[2] : parts[1];
    return target ? normalizePathText(target) : null;
  }
  const target = asMapping(entry)?.["target"];
  return typeof target === "string" ? normalizePathText(target) : null;
}

function checkVersion(spec: CheckSpecOf<"compose-file">, root: Record<string, unknown>, doc: ComposeDocument): Problem[] {
  if (spec.version === undefined) return [];
  const version = root["version"];
  const wanted = `${spec.version} or ${spec.version}.x, e.g. version: "${spec.version}.8"`;
  if (version === undefined || version === null) {
    return [{ message: `the file gives no format version: add version: "${spec.version}.8" as its first line (expected ${wanted})`, line: 1 }];
  }
  const text = String(version).trim();
  if (!new RegExp(`^${spec.version}(\\.\\d+)?$`).test(text)) {
    return [{ message: `the format version is "${text}"; expected ${wanted}`, line: doc.valueLineOf(["version"]) ?? 1 }];
  }
  return [];
}

function checkServiceNames(spec: CheckSpecOf<"compose-file">, services: Record<string, unknown>, doc: ComposeDocument): Problem[] {
  const problems: Problem[] = [];
  const declared = Object.keys(services);
  for (const name of spec.services.filter((s) => !(s in services))) {
    const lookalike = declared.find((d) => !spec.services.includes(d) && looseName(d) === looseName(name));
    problems.push(
      lookalike
        ? { message: `the service ${lookalike} must be named exactly ${name}`, line: doc.lineOf(["services", lookalike]) ?? 1 }
        : { message: `there is no service named ${name}`, line: doc.nearestLineOf(["services"]) },
    );
  }
  if (spec.onlyServices) {
    const extra = declared.filter((d) => !spec.services.includes(d) && !problems.some((p) => p.message.includes(`service ${d} `)));
    for (const name of extra) {
      problems.push({ message: `the service ${name} is not asked for (expected only ${listInProse(spec.services)})`, line: doc.lineOf(["services", name]) ?? 1 });
    }
  }
  return problems;
}

function checkPorts(name: string, service: Record<string, unknown>, expectation: Expectation, doc: ComposeDocument): Problem[] {
  const problems: Problem[] = [];
  const path = ["services", name, "ports"];
  const entries = service["ports"] === undefined || service["ports"] === null ? [] : service["ports"];
  if (!Array.isArray(entries)) return [{ message: `${name}: ports must be a list, e.g. - "80:80"`, line: doc.lineOf(path) ?? 1 }];
  const ports = entries.map((entry, index) => ({ reading: readComposePort(entry), line: doc.lineOf([...path, index]) ?? doc.lineOf(path) ?? 1 }));
  for (const { reading, line } of ports) if (!reading.ok) problems.push({ message: `${name}: ${reading.problem}`, line });
  const published = ports.flatMap(({ reading, line }) => (reading.ok ? [{ ...reading.port, line }] : []));
  for (const wanted of expectation.publishes) {
    const [hostWanted, containerWanted] = wanted.includes(":") ? wanted.split(":") : [null, wanted];
    const match = published.find((p) => portCovers(p.container, containerWanted!) && (hostWanted === null || (p.host !== null && portCovers(p.host, hostWanted!))));
    if (!match) {
      const how = hostWanted === null ? `container port ${containerWanted}` : `container port ${containerWanted} on host port ${hostWanted}`;
      problems.push({ message: `${name} must publish ${how}, e.g. ports: ["${hostWanted ?? containerWanted}:${containerWanted}"]`, line: doc.lineOf(path) ?? doc.lineOf(["services", name]) ?? 1 });
    }
  }
  for (const forbidden of expectation.mustNotPublish) {
    const match = published.find((p) => portCovers(p.container, forbidden));
    if (match) {
      problems.push({
        message: `${name} publishes port ${forbidden} on the host; the other services reach it without that (remove this ports entry, or use expose)`,
        line: match.line,
      });
    }
  }
  return problems;
}

function checkService(name: string, service: Record<string, unknown>, expectation: Expectation, doc: ComposeDocument): Problem[] {
  const problems: Problem[] = [];
  const at = (...keys: string[]) => doc.lineOf(["services", name, ...keys]) ?? doc.lineOf(["services", name]) ?? 1;
  if (expectation.build !== undefined) {
    const build = service["build"];
    const context = typeof build === "string" ? build : asMapping(build)?.["context"];
    if (build === undefined || build === null) {
      problems.push({ message: `${name} has no build: add build: ./${expectation.build} so compose builds its image from that folder`, line: at() });
    } else if (typeof context !== "string") {
      problems.push({ message: `${name}: build must give the folder to build, e.g. build: ./${expectation.build}`, line: at("build") });
    } else if (normalizeContext(context) !== normalizeContext(expectation.build)) {
      problems.push({ message: `${name} builds from ${context}; expected the folder ${expectation.build}`, line: doc.valueLineOf(["services", name, "build"]) ?? at("build") });
    }
  }
  if (expectation.image !== undefined) {
    const pattern = compilePattern(expectation.image);
    const image = service["image"];
    if (typeof image !== "string") problems.push({ message: `${name} has no image`, line: at() });
    else if (pattern.ok && !pattern.regex.test(image)) problems.push({ message: `${name} runs the image ${image}; expected one matching /${expectation.image}/`, line: at("image") });
  }
  problems.push(...checkPorts(name, service, expectation, doc));
  const environment = readEnvironment(service["environment"]);
  for (const [key, value] of Object.entries(expectation.environment)) {
    if (!environment.has(key)) problems.push({ message: `${name} does not set the variable ${key} in environment`, line: at("environment") });
    else if (value !== null && environment.get(key) !== value) {
      problems.push({ message: `${name} sets ${key} to "${environment.get(key) ?? ""}"; expected "${value}"`, line: at("environment") });
    }
  }
  if (expectation.restart !== undefined && String(service["restart"] ?? "") !== expectation.restart) {
    const found = service["restart"] === undefined ? "no restart policy" : `restart: ${String(service["restart"])}`;
    problems.push({ message: `${name} has ${found}; expected restart: ${expectation.restart}`, line: at("restart") });
  }
  const volumes = Array.isArray(service["volumes"]) ? service["volumes"].map(volumeTarget) : [];
  for (const wanted of expectation.volumes) {
    if (!volumes.includes(normalizePathText(wanted))) problems.push({ message: `${name} does not mount anything on ${wanted} (volumes: - name:${wanted})`, line: at("volumes") });
  }
  return problems;
}

export function judgeComposeFile(spec: CheckSpecOf<"compose-file">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readStepFile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const reading = readComposeDocument(read.text);
  if (!reading.ok) return fail(`${reading.problem} (line ${reading.line}).`, { file, line: reading.line });
  const doc = reading.document;
  const root = asMapping(doc.value);
  if (!root) return fail(`Expected ${spec.file} to be a mapping (version:, services: …); it is ${read.text.trim() ? "something else" : "empty"}.`, { file, line: 1 });
  // The compose file format first: a misspelt or misplaced key would otherwise read as a missing one.
  const schemaFailure = describeSchemaProblems(spec.file, composeSchemaProblems(read.text));
  if (schemaFailure) return fail(schemaFailure.message, { file, line: schemaFailure.line });

  const problems = checkVersion(spec, root, doc);
  const services = asMapping(root["services"]);
  if (!services) {
    problems.push({ message: `the file has no services: section (a mapping of service names)`, line: doc.nearestLineOf(["services"]) });
  } else {
    problems.push(...checkServiceNames(spec, services, doc));
    for (const [name, expectation] of Object.entries(spec.expect)) {
      const service = asMapping(services[name]);
      if (service) problems.push(...checkService(name, service, expectation, doc));
      else if (name in services) problems.push({ message: `the service ${name} is empty`, line: doc.lineOf(["services", name]) ?? 1 });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    const first = problems[0]!;
    const text = problems.length === 1 ? `${first.message} (line ${first.line}).` : problems.map((p) => `• line ${p.line}: ${p.message}`).join("\n");
    return fail(problems.length === 1 ? `In ${spec.file}, ${text}` : `In ${spec.file}:\n${text}`, { file, line: first.line });
  }
  const named = spec.services.length ? ` with the services ${listInProse(spec.services)}` : "";
  const version = spec.version !== undefined ? `, format version ${String(root["version"])}` : "";
  return pass(`${spec.file} is valid${version}${named}.`, { file });
}
