/**
 * Sources and destination of COPY and ADD instructions (shell or JSON form), so downloads made
 * with `ADD https://… /dest/` and local archives copied in can be found.
 */
import { remoteFileName } from "../shell/downloads";
import type { Instruction } from "./dockerfile-syntax";
import { processDockerfileWord, splitDockerfileWords } from "./dockerfile-words";

export interface CopySource {
  instruction: Instruction;
  source: string;
  destination: string;
  isUrl: boolean;
  /** Names the copied file may have in the image (for a URL: the remote name or the destination's). */
  savedAs: string[];
}

const baseName = (path: string) => path.replace(/\/+$/, "").slice(path.replace(/\/+$/, "").lastIndexOf("/") + 1);

export function copySources(instruction: Instruction, escapeChar: string): CopySource[] {
  if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") return [];
  if (instruction.heredocs.length > 0) return [];
  const words = instruction.json ?? splitDockerfileWords(instruction.body, escapeChar).map((w) => processDockerfileWord(w, instruction.scope, escapeChar).value);
  if (words.length < 2) return [];
  const destination = words.at(-1)!;
  return words.slice(0, -1).map((source) => {
    const isUrl = /^https?:\/\//i.test(source);
    const savedAs = isUrl ? (destination.endsWith("/") ? [remoteFileName(source)] : [baseName(destination), remoteFileName(source)]) : [baseName(source)];
    return { instruction, source, destination, isUrl, savedAs };
  });
}
