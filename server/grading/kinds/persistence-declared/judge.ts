/**
 * `persistence-declared`: each folder the step asks to keep is declared persistent, by a `VOLUME`
 * instruction of the image, or by a *named* volume in the documented `docker run` command (the
 * Dockerfile's closing comments: "your Dockerfile and/or your launch command"). Look-alikes are
 * named for what they are: an anonymous volume (`-v /path`) is deleted by `docker volume prune`,
 * a bind mount or a tmpfs is not a Docker volume.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import { finalImageInstructions } from "../../dockerfile/parse-dockerfile";
import type { Instruction } from "../../dockerfile/dockerfile-syntax";
import type { WorkspaceSnapshot } from "../../evidence";
import { excerpt, resultsFor } from "../../judges/check-result";
import { listOf, say, semicolonsOf, type TextValue } from "../../../../lib/i18n/text-ref";
import type { TextKey } from "../../../../lib/i18n/texts/catalog";
import { dockerCommandsInComments } from "../trailing-comments/judge";
import { readDockerfile } from "../../judges/step-files";

/** What a `docker run` option mounts on a container path. */
export interface RunMount {
  type: "named volume" | "anonymous volume" | "bind mount" | "tmpfs";
  target: string;
  /** The volume's name or the host path. */
  source?: string;
  /** The option as written, for messages. */
  written: string;
}

/** Docker's rule for a volume name (anything else before the colon is a host path). */
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]+$/;

const normalise = (path: string) => (path.length > 1 ? path.replace(/\/+$/, "") : path);
const unquote = (value: string) => value.replace(/^(["'])(.*)\1$/, "$2");

/** `-v`/`--volume`: `[source:]target[:options]`. */
export function parseVolumeOption(value: string): RunMount | null {
  const written = `-v ${value}`;
  const parts = value.split(":");
  if (parts.length === 1) return parts[0]!.startsWith("/") ? { type: "anonymous volume", target: normalise(parts[0]!), written } : null;
  const [source = "", target = ""] = parts;
  if (!target.startsWith("/")) return null;
  if (source === "") return { type: "anonymous volume", target: normalise(target), written };
  return { type: VOLUME_NAME.test(source) ? "named volume" : "bind mount", source, target: normalise(target), written };
}

/** `--mount type=volume,source=…,target=…` (keys in any order; src/dst/destination spellings). */
export function parseMountOption(value: string): RunMount | null {
  const written = `--mount ${value}`;
  const fields = new Map<string, string>();
  for (const pair of value.split(",")) {
    const eq = pair.indexOf("=");
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    fields.set(key, unquote(eq < 0 ? "true" : pair.slice(eq + 1).trim()));
  }
  const target = fields.get("target") ?? fields.get("destination") ?? fields.get("dst");
  if (!target?.startsWith("/")) return null;
  const source = fields.get("source") ?? fields.get("src");
  const type = fields.get("type") ?? "volume";
  if (type === "bind") return { type: "bind mount", source, target: normalise(target), written };
  if (type === "tmpfs") return { type: "tmpfs", target: normalise(target), written };
  if (type !== "volume") return null;
  return source ? { type: "named volume", source, target: normalise(target), written } : { type: "anonymous volume", target: normalise(target), written };
}

/** The paths a VOLUME instruction declares (JSON or space-separated; `$VAR` from its scope). */
export function volumePaths(instruction: Instruction): string[] {
  const words = instruction.json ?? instruction.body.trim().split(/\s+/).filter(Boolean);
  const expand = (word: string) => word.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a?: string, b?: string) => instruction.scope.get((a ?? b)!) ?? whole);
  return words.map((w) => normalise(expand(unquote(w))));
}

const WHY_NOT: Record<Exclude<RunMount["type"], "named volume">, TextKey> = {
  "anonymous volume": "declared.anonymous",
  "bind mount": "declared.bind",
  tmpfs: "declared.tmpfs",
};

export function judgePersistenceDeclared(spec: CheckSpecOf<"persistence-declared">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const volumeInstructions = finalImageInstructions(read.parsed).filter((i) => i.keyword === "VOLUME");
  const runs = dockerCommandsInComments(read.parsed.trailingComments).runs;
  const runMounts = runs.flatMap((run) =>
    [...run.command.volumes.map(parseVolumeOption), ...run.command.mounts.map(parseMountOption)].filter((m): m is RunMount => m !== null).map((mount) => ({ mount, line: run.line })),
  );

  const kept: TextValue[] = [];
  const problems: TextValue[] = [];
  let problemLine: number | undefined;
  for (const wanted of spec.paths.map(normalise)) {
    const declared = volumeInstructions.find((i) => volumePaths(i).includes(wanted));
    const named = runMounts.find((m) => m.mount.target === wanted && m.mount.type === "named volume");
    if (declared) {
      kept.push(named ? say("declared.byBoth", { path: wanted, line: declared.startLine, volume: String(named.mount.source) }) : say("declared.byVolume", { path: wanted, line: declared.startLine }));
      continue;
    }
    if (named) {
      kept.push(say("declared.byNamed", { path: wanted, volume: String(named.mount.source), line: named.line }));
      continue;
    }
    const lookAlike = runMounts.find((m) => m.mount.target === wanted);
    if (lookAlike && lookAlike.mount.type !== "named volume") {
      problems.push(say("declared.lookAlike", { path: wanted, line: lookAlike.line, written: excerpt(lookAlike.mount.written, 80), why: say(WHY_NOT[lookAlike.mount.type]) }));
      problemLine ??= lookAlike.line;
    } else {
      problems.push(say(runs.length ? "declared.noVolume" : "declared.noRun", { path: wanted }));
    }
  }
  if (problems.length > 0) {
    return fail(say("declared.failed", { paths: listOf(spec.paths), problems: semicolonsOf(problems) }), { file, line: problemLine ?? volumeInstructions[0]?.startLine ?? runs[0]?.line });
  }
  const anonymousAtRun = spec.paths.map(normalise).filter((p) => !runMounts.some((m) => m.mount.target === p && m.mount.type === "named volume"));
  const advice = anonymousAtRun.length ? say("declared.advice", { path: anonymousAtRun[0]!, paths: listOf(anonymousAtRun) }) : "";
  return pass(say("declared.pass", { kept: semicolonsOf(kept), advice }), { file, line: volumeInstructions[0]?.startLine ?? runs[0]?.line });
}
