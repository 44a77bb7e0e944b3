/**
 * Finds the Dockerfile instruction a failed build stopped at, from the builder's output:
 * BuildKit's `Dockerfile:12` references, the classic builder's `Step 5/9 : RUN …` lines, or the
 * `The command '/bin/sh -c …' returned a non-zero code` error.
 */
import { englishOf } from "../../../lib/i18n/render-text";
import { say, type TextRef } from "../../../lib/i18n/text-ref";
import type { Instruction, ParsedDockerfile } from "../dockerfile/dockerfile-syntax";

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

function instructionStartingWith(parsed: ParsedDockerfile, text: string): Instruction | undefined {
  const wanted = squash(text).slice(0, 60).toLowerCase();
  if (wanted.length < 4) return undefined;
  return parsed.instructions.findLast((i) => squash(`${i.keyword} ${i.args}`).toLowerCase().startsWith(wanted));
}

function runWithCommand(parsed: ParsedDockerfile, command: string): Instruction | undefined {
  const wanted = squash(command).slice(0, 60);
  if (wanted.length < 4) return undefined;
  return parsed.instructions.findLast((i) => i.keyword === "RUN" && squash(i.json ? i.json.join(" ") : i.body).includes(wanted));
}

export function locateBuildFailure(parsed: ParsedDockerfile, output: string): Instruction | undefined {
  const referenced = [...output.matchAll(/Dockerfile:(\d+)/g)].at(-1);
  if (referenced) {
    const line = Number(referenced[1]);
    const hit = parsed.instructions.find((i) => i.startLine <= line && line <= i.endLine);
    if (hit) return hit;
  }
  const command = /The command '(?:\/bin\/sh -c )?([\s\S]+?)' returned a non-zero code/.exec(output)?.[1] ?? /process "(?:\/bin\/sh -c )?([\s\S]+?)" did not complete successfully/.exec(output)?.[1];
  if (command) {
    const hit = runWithCommand(parsed, command);
    if (hit) return hit;
  }
  const step = [...output.matchAll(/^Step \d+\/\d+ : (.+)$/gm)].at(-1);
  return step ? instructionStartingWith(parsed, step[1]!) : undefined;
}

/** A sentence explaining well-known failures, or undefined. */
export function diagnoseBuildFailure(output: string): TextRef | undefined {
  const missing = /E: Unable to locate package (\S+)/.exec(output);
  if (missing) return say("build.aptMissing", { name: missing[1]! });
  const noCandidate = /Package '?([^'\s]+)'? has no installation candidate/.exec(output);
  if (noCandidate) return say("build.aptVirtual", { name: noCandidate[1]! });
  if (/pull access denied|manifest (for \S+ )?unknown|not found: manifest/i.test(output)) return say("build.noBaseImage");
  if (/COPY failed|failed to compute cache key|no such file or directory/i.test(output) && /COPY|ADD/.test(output)) return say("build.copySourceMissing");
  if (/Could not resolve host|Temporary failure resolving|Failed to fetch/i.test(output)) return say("build.downloadFailed");
  return undefined;
}

/** The same sentence in English, or "". */
export function diagnoseBuildOutput(output: string): string {
  const diagnosis = diagnoseBuildFailure(output);
  return diagnosis ? englishOf(diagnosis) : "";
}
