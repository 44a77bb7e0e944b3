/**
 * Reads a compose / stack file the way docker-compose 1.x (PyYAML, YAML 1.1) and `docker stack
 * deploy` see it, keeping the line of every service, key and list item so a failing check can
 * mark the editor. Environment, ports and volumes come out normalised (list or map form, short or
 * long syntax) with the line where each was written. Unlike compose/compose-document.ts (YAML
 * 1.2, plain values), it keeps what docker-compose refuses: a numeric `version`, a boolean
 * written `yes`, and an unquoted `22:22` read as a base-60 number.
 */
import { say, type TextRef } from "../../../lib/i18n/text-ref";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from "yaml";
import { readComposePort } from "../compose/compose-ports";

export interface Located<T> {
  value: T;
  line: number;
}

export interface EnvEntry {
  key: string;
  /** null: written without a value (`- NAME` or `NAME:`), compose then takes it from the shell. */
  value: string | null;
  /** Set when YAML gave a boolean (unquoted yes/no/true/false), which docker-compose refuses. */
  booleanWritten?: string;
  line: number;
}

export interface PortEntry {
  /** The host side, e.g. "8080" (undefined when only the container port is given). */
  published?: string;
  /** Undefined when the entry is not a port mapping at all. */
  target?: string;
  protocol: string;
  written: string;
  line: number;
}

export interface VolumeEntry {
  type: "bind" | "volume" | "tmpfs" | "unknown";
  source?: string;
  target?: string;
  written: string;
  line: number;
}

export interface StackService {
  name: string;
  line: number;
  /** Line of a key of this service, e.g. "restart"; undefined when absent. */
  keyLines: Record<string, number>;
  image?: Located<string>;
  /** `boolean`: YAML read it as a boolean (unquoted no/yes/true/false), which docker-compose refuses. */
  restart?: Located<string> & { boolean?: boolean };
  environment: EnvEntry[];
  /** Files named by env_file (relative to the stack file), with their line. */
  envFiles: Located<string>[];
  ports: PortEntry[];
  volumes: VolumeEntry[];
  /** Secrets mounted in the service: the top-level secret's name, and its path in the container. */
  secrets: { source: string; target: string }[];
  /** `deploy:` (what docker stack deploy reads): its mode and replicas as written, with their lines. */
  deploy?: { line: number; mode?: Located<unknown> & { text: string }; replicas?: Located<unknown> & { text: string } };
}

export interface StackDocument {
  version?: Located<unknown> & { text: string };
  services: StackService[];
  servicesLine: number;
  /** Top-level secrets read from a file (`file:`), by name: the file, relative to the stack file. */
  secretFiles: Record<string, string>;
}

export type StackParse = { ok: true; stack: StackDocument } | { ok: false; message: TextRef; line?: number };

type Lines = (node: Node | null | undefined) => number;

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.value === null) return undefined;
  return typeof node.source === "string" && node.type === "PLAIN" ? node.source : String(node.value);
}

/** A plain value as compose would turn it into a string (numbers as written, booleans flagged). */
function stringValue(node: unknown): { value: string | null; boolean?: string } {
  if (!isScalar(node) || node.value === null || node.value === undefined) return { value: null };
  if (typeof node.value === "boolean") return { value: String(node.value), boolean: node.source ?? String(node.value) };
  return { value: node.type === "PLAIN" && typeof node.source === "string" ? node.source : String(node.value) };
}

function pairKey(pair: Pair<unknown, unknown>): string {
  return scalarText(pair.key) ?? String(pair.key);
}

/**
 * A map's pairs with YAML merge keys expanded (`<<: *defaults`, `<<: [*a, *b]`): merged pairs
 * first, the map's own pairs overriding them, as docker-compose reads them.
 */
function effectivePairs(map: YAMLMap<unknown, unknown>): Pair<unknown, unknown>[] {
  const merged: Pair<unknown, unknown>[] = [];
  const own: Pair<unknown, unknown>[] = [];
  for (const pair of map.items) {
    if (pairKey(pair) !== "<<") {
      own.push(pair);
      continue;
    }
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) if (isMap(source)) merged.push(...effectivePairs(source as YAMLMap<unknown, unknown>));
  }
  const seen = new Set(own.map(pairKey));
  const kept = merged.filter((pair) => {
    const key = pairKey(pair);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...kept, ...own];
}

function readEnvironment(node: unknown, lineOf: Lines, fallbackLine: number): EnvEntry[] {
  if (isSeq(node)) {
    return node.items.flatMap((item): EnvEntry[] => {
      const text = scalarText(item);
      if (text === undefined) return [];
      const eq = text.indexOf("=");
      const line = lineOf(item as Node) || fallbackLine;
      return [eq < 0 ? { key: text.trim(), value: null, line } : { key: text.slice(0, eq).trim(), value: text.slice(eq + 1), line }];
    });
  }
  if (isMap(node)) {
    return effectivePairs(node as YAMLMap<unknown, unknown>).map((pair) => {
      const { value, boolean } = stringValue(pair.value);
      const entry: EnvEntry = { key: pairKey(pair), value, line: lineOf(pair.key as Node) || fallbackLine };
      if (boolean !== undefined) entry.booleanWritten = boolean;
      return entry;
    });
  }
  return [];
}

/** Ports read by compose-ports.ts (shared with the compose-file kind); YAML 1.1 may have made `22:22` a number, as it does for docker-compose. */
function readPorts(node: unknown, lineOf: Lines, fallbackLine: number): PortEntry[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item): PortEntry[] => {
    const line = lineOf(item as Node) || fallbackLine;
    const written = isScalar(item) && typeof item.source === "string" ? item.source : JSON.stringify(isMap(item) ? item.toJSON() : item);
    const reading = readComposePort(isScalar(item) || isMap(item) ? item.toJSON() : null);
    if (!reading.ok) return [{ protocol: "tcp", written, line }];
    const entry: PortEntry = { target: reading.port.container, protocol: reading.port.protocol, written, line };
    if (reading.port.host !== null) entry.published = reading.port.host;
    return [entry];
  });
}

/** A short-syntax source is a path (bind mount) when it starts like one; otherwise a volume name. */
const looksLikePath = (source: string) => /^(\/|\.|~|\$)/.test(source);

function readVolumes(node: unknown, lineOf: Lines, fallbackLine: number): VolumeEntry[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item): VolumeEntry[] => {
    const line = lineOf(item as Node) || fallbackLine;
    const text = scalarText(item);
    if (text !== undefined) {
      const parts = text.split(":");
      if (parts.length === 1) return [{ type: "volume", target: parts[0], written: text, line }];
      const [source = "", target] = parts;
      return [{ type: looksLikePath(source) ? "bind" : "volume", source, target, written: text, line }];
    }
    if (isMap(item)) {
      const get = (key: string) => stringValue(item.get(key, true)).value ?? undefined;
      const type = get("type");
      const known = type === "bind" || type === "volume" || type === "tmpfs" ? type : "unknown";
      const entry: VolumeEntry = { type: known, written: JSON.stringify(item.toJSON()), line };
      const source = get("source");
      const target = get("target");
      if (source !== undefined) entry.source = source;
      if (target !== undefined) entry.target = target;
      return [entry];
    }
    return [];
  });
}

/** `secrets:` of a service: names (mounted at /run/secrets/<name>) or { source, target }. */
function readServiceSecrets(node: unknown): { source: string; target: string }[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const name = scalarText(item);
    if (name !== undefined) return [{ source: name, target: name }];
    if (!isMap(item)) return [];
    const source = stringValue(item.get("source", true)).value;
    const target = stringValue(item.get("target", true)).value;
    return source ? [{ source, target: target ?? source }] : [];
  });
}

/** `deploy.mode` and `deploy.replicas` as YAML gave them (a number stays a number), with the text written. */
function readDeploy(node: unknown, lineOf: Lines, line: number): NonNullable<StackService["deploy"]> {
  const deploy: NonNullable<StackService["deploy"]> = { line };
  if (!isMap(node)) return deploy;
  for (const item of effectivePairs(node as YAMLMap<unknown, unknown>)) {
    const key = pairKey(item);
    if (key !== "mode" && key !== "replicas") continue;
    const value = isScalar(item.value) ? item.value.value : item.value;
    const text = isScalar(item.value) ? (item.value.source ?? String(item.value.value)) : JSON.stringify(value);
    deploy[key] = { value, text, line: lineOf(item.key as Node) || line };
  }
  return deploy;
}

function readService(pair: Pair<unknown, unknown>, lineOf: Lines): StackService {
  const name = pairKey(pair);
  const line = lineOf(pair.key as Node);
  const service: StackService = { name, line, keyLines: {}, environment: [], envFiles: [], ports: [], volumes: [], secrets: [] };
  if (!isMap(pair.value)) return service;
  const map = pair.value as YAMLMap<unknown, unknown>;
  for (const item of effectivePairs(map)) {
    const key = pairKey(item);
    const keyLine = lineOf(item.key as Node) || line;
    service.keyLines[key] = keyLine;
    const valueLine = lineOf(item.value as Node) || keyLine;
    switch (key) {
      case "image": {
        const text = scalarText(item.value);
        if (text !== undefined) service.image = { value: text, line: keyLine };
        break;
      }
      case "restart": {
        const { value, boolean } = stringValue(item.value);
        if (value !== null) service.restart = boolean !== undefined ? { value: boolean, line: keyLine, boolean: true } : { value, line: keyLine };
        break;
      }
      case "env_file": {
        const items = isSeq(item.value) ? item.value.items : [item.value];
        service.envFiles = items.flatMap((file) => {
          const text = scalarText(file);
          return text === undefined ? [] : [{ value: text, line: lineOf(file as Node) || keyLine }];
        });
        break;
      }
      case "environment":
        service.environment = readEnvironment(item.value, lineOf, valueLine);
        break;
      case "ports":
        service.ports = readPorts(item.value, lineOf, valueLine);
        break;
      case "secrets":
        service.secrets = readServiceSecrets(item.value);
        break;
      case "volumes":
        service.volumes = readVolumes(item.value, lineOf, valueLine);
        break;
      case "deploy":
        service.deploy = readDeploy(item.value, lineOf, keyLine);
        break;
    }
  }
  return service;
}

export function parseStackFile(text: string): StackParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: "1.1", lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const lineOf: Lines = (node) => (node && node.range ? lineAt(node.range[0]) : 0);
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineAt(firstError.pos[0]);
    return { ok: false, message: say("stack.notYaml", { line, error: firstError.message.split("\n")[0] ?? "" }), line };
  }
  if (!isMap(doc.contents)) return { ok: false, message: say("stack.notMapping"), line: 1 };
  // Aliases (*name) become copies of what their anchor names; their lines stay the anchor's.
  visit(doc, { Alias: (_, alias) => (alias.resolve(doc) as Node | undefined)?.clone() as Node | undefined });
  const root = doc.contents as YAMLMap<unknown, unknown>;
  const stack: StackDocument = { services: [], servicesLine: 0, secretFiles: {} };
  for (const pair of root.items) {
    const key = pairKey(pair);
    if (key === "version") {
      const text = isScalar(pair.value) ? (pair.value.source ?? String(pair.value.value)) : String(pair.value);
      stack.version = { value: isScalar(pair.value) ? pair.value.value : pair.value, text, line: lineOf(pair.key as Node) };
    }
    if (key === "secrets" && isMap(pair.value)) {
      for (const secret of effectivePairs(pair.value as YAMLMap<unknown, unknown>)) {
        const file = isMap(secret.value) ? stringValue((secret.value as YAMLMap<unknown, unknown>).get("file", true)).value : null;
        if (file) stack.secretFiles[pairKey(secret)] = file;
      }
    }
    if (key === "services") {
      stack.servicesLine = lineOf(pair.key as Node);
      if (isMap(pair.value)) stack.services = effectivePairs(pair.value as YAMLMap<unknown, unknown>).map((service) => readService(service, lineOf));
    }
  }
  return { ok: true, stack };
}
