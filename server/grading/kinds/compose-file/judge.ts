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
import { resultsFor } from "../../judges/check-result";
import { linesOf, listOf, say, type TextRef } from "../../../../lib/i18n/text-ref";
import { compilePattern } from "../../judges/patterns";
import { readStepFile } from "../../judges/step-files";

type Expectation = CheckSpecOf<"compose-file">["expect"][string];

interface Problem {
  message: TextRef;
  line: number;
  /** The declared service it names as a look-alike of a required one, if any. */
  lookalike?: string;
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
  if (version === undefined || version === null) return [{ message: say("composeFile.versionNone", { version: spec.version }), line: 1 }];
  const text = String(version).trim();
  if (!new RegExp(`^${spec.version}(\\.\\d+)?$`).test(text)) {
    return [{ message: say("composeFile.versionOther", { found: text, version: spec.version }), line: doc.valueLineOf(["version"]) ?? 1 }];
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
        ? { message: say("composeFile.lookalike", { found: lookalike, name }), line: doc.lineOf(["services", lookalike]) ?? 1, lookalike }
        : { message: say("composeFile.noService", { name }), line: doc.nearestLineOf(["services"]) },
    );
  }
  if (spec.onlyServices) {
    const extra = declared.filter((d) => !spec.services.includes(d) && !problems.some((p) => p.lookalike === d));
    for (const name of extra) {
      problems.push({ message: say("composeFile.extraService", { name, services: listOf(spec.services) }), line: doc.lineOf(["services", name]) ?? 1 });
    }
  }
  return problems;
}

function checkPorts(name: string, service: Record<string, unknown>, expectation: Expectation, doc: ComposeDocument): Problem[] {
  const problems: Problem[] = [];
  const path = ["services", name, "ports"];
  const entries = service["ports"] === undefined || service["ports"] === null ? [] : service["ports"];
  if (!Array.isArray(entries)) return [{ message: say("composeFile.portsNotList", { name }), line: doc.lineOf(path) ?? 1 }];
  const ports = entries.map((entry, index) => ({ reading: readComposePort(entry), line: doc.lineOf([...path, index]) ?? doc.lineOf(path) ?? 1 }));
  for (const { reading, line } of ports) if (!reading.ok) problems.push({ message: say("composeFile.portProblem", { name, problem: reading.problem }), line });
  const published = ports.flatMap(({ reading, line }) => (reading.ok ? [{ ...reading.port, line }] : []));
  for (const wanted of expectation.publishes) {
    const [hostWanted, containerWanted] = wanted.includes(":") ? wanted.split(":") : [null, wanted];
    const match = published.find((p) => portCovers(p.container, containerWanted!) && (hostWanted === null || (p.host !== null && portCovers(p.host, hostWanted!))));
    if (!match) {
      const how = hostWanted === null ? say("composeFile.containerPort", { port: containerWanted! }) : say("composeFile.containerOnHost", { port: containerWanted!, host: hostWanted });
      problems.push({
        message: say("composeFile.mustPublish", { name, how, host: hostWanted ?? containerWanted!, port: containerWanted! }),
        line: doc.lineOf(path) ?? doc.lineOf(["services", name]) ?? 1,
      });
    }
  }
  for (const forbidden of expectation.mustNotPublish) {
    const match = published.find((p) => portCovers(p.container, forbidden));
    if (match) {
      problems.push({
        message: say("composeFile.mustNotPublish", { name, port: forbidden }),
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
      problems.push({ message: say("composeFile.noBuild", { name, folder: expectation.build }), line: at() });
    } else if (typeof context !== "string") {
      problems.push({ message: say("composeFile.buildNoFolder", { name, folder: expectation.build }), line: at("build") });
    } else if (normalizeContext(context) !== normalizeContext(expectation.build)) {
      problems.push({ message: say("composeFile.buildOther", { name, context, folder: expectation.build }), line: doc.valueLineOf(["services", name, "build"]) ?? at("build") });
    }
  }
  if (expectation.image !== undefined) {
    const pattern = compilePattern(expectation.image);
    const image = service["image"];
    if (typeof image !== "string") problems.push({ message: say("composeFile.noImage", { name }), line: at() });
    else if (pattern.ok && !pattern.regex.test(image)) problems.push({ message: say("composeFile.imageOther", { name, image, pattern: expectation.image }), line: at("image") });
  }
  problems.push(...checkPorts(name, service, expectation, doc));
  const environment = readEnvironment(service["environment"]);
  for (const [key, value] of Object.entries(expectation.environment)) {
    if (!environment.has(key)) problems.push({ message: say("composeFile.envUnset", { name, key }), line: at("environment") });
    else if (value !== null && environment.get(key) !== value) {
      problems.push({ message: say("composeFile.envOther", { name, key, value: environment.get(key) ?? "", wanted: value }), line: at("environment") });
    }
  }
  if (expectation.restart !== undefined && String(service["restart"] ?? "") !== expectation.restart) {
    const found = service["restart"] === undefined ? say("composeFile.noRestart") : say("composeFile.restartIs", { value: String(service["restart"]) });
    problems.push({ message: say("composeFile.restartOther", { name, found, wanted: expectation.restart }), line: at("restart") });
  }
  const volumes = Array.isArray(service["volumes"]) ? service["volumes"].map(volumeTarget) : [];
  for (const wanted of expectation.volumes) {
    if (!volumes.includes(normalizePathText(wanted))) problems.push({ message: say("composeFile.noMount", { name, path: wanted }), line: at("volumes") });
  }
  return problems;
}

export function judgeComposeFile(spec: CheckSpecOf<"compose-file">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readStepFile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const reading = readComposeDocument(read.text);
  if (!reading.ok) return fail(say("composeFile.notYaml", { problem: reading.problem, line: reading.line }), { file, line: reading.line });
  const doc = reading.document;
  const root = asMapping(doc.value);
  if (!root) return fail(say(read.text.trim() ? "composeFile.notMapping" : "composeFile.empty", { file: spec.file }), { file, line: 1 });
  // The compose file format first: a misspelt or misplaced key would otherwise read as a missing one.
  const schemaFailure = describeSchemaProblems(spec.file, composeSchemaProblems(read.text));
  if (schemaFailure) return fail(schemaFailure.message, { file, line: schemaFailure.line });

  const problems = checkVersion(spec, root, doc);
  const services = asMapping(root["services"]);
  if (!services) {
    problems.push({ message: say("composeFile.noServices"), line: doc.nearestLineOf(["services"]) });
  } else {
    problems.push(...checkServiceNames(spec, services, doc));
    for (const [name, expectation] of Object.entries(spec.expect)) {
      const service = asMapping(services[name]);
      if (service) problems.push(...checkService(name, service, expectation, doc));
      else if (name in services) problems.push({ message: say("composeFile.serviceEmpty", { name }), line: doc.lineOf(["services", name]) ?? 1 });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    const first = problems[0]!;
    const said =
      problems.length === 1
        ? say("composeFile.problemOne", { file: spec.file, problem: first.message, line: first.line })
        : say("composeFile.problemsMany", { file: spec.file, problems: linesOf(problems.map((p) => say("composeFile.problemItem", { line: p.line, problem: p.message }))) });
    return fail(said, { file, line: first.line });
  }
  const named = spec.services.length ? say("composeFile.passServices", { services: listOf(spec.services) }) : "";
  const version = spec.version !== undefined ? say("composeFile.passVersion", { version: String(root["version"]) }) : "";
  return pass(say("composeFile.pass", { file: spec.file, version, named }), { file });
}
