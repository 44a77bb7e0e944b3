/**
 * Whether the class-wide layer cache can serve a costly layer (RUN, COPY, ADD) of a student's
 * Dockerfile, decided before the engine pulls it: the pull of a reference build is ≈ 1 GB unpacked
 * (≈ 18 s in a fresh engine), wasted on a Dockerfile whose lines are not the reference's.
 *
 * Docker's legacy builder reuses a cached RUN layer only when its command is the same text
 * ("/bin/sh -c " + the instruction, continuation lines joined) as one in the cached image's history,
 * and every layer of a stage depends on the stage's first costly one. So a stage can take something
 * from the cache only if its first costly instruction is in that history. Anything this reading is
 * unsure of (COPY/ADD, whose cache key is a content hash; exec-form RUN; ARG or SHELL before it,
 * which change the command's text; another escape character) counts as a possible hit: an error
 * here costs a useless pull, as before, never a lost hit.
 */

/** One instruction of a Dockerfile: its keyword (upper case) and its arguments, continuation lines joined. */
interface Instruction {
  keyword: string;
  args: string;
}

const normalize = (command: string) => command.replace(/\s+/g, " ").trim();

/** `cachedCommands`: the `created_by` of each entry of the cached image's history. */
export function mayReuseClassCache(dockerfile: string, cachedCommands: string[]): boolean {
  if (/^\s*#\s*escape\s*=/im.test(dockerfile.split("\n").slice(0, 5).join("\n"))) return true;
  const cachedRuns = new Set(cachedCommands.map(normalize));
  let stageDecided = true;
  for (const { keyword, args } of readInstructions(dockerfile)) {
    if (keyword === "FROM") {
      stageDecided = false;
      continue;
    }
    if (stageDecided) continue;
    if (keyword === "ARG" || keyword === "SHELL" || keyword === "ONBUILD") return true;
    if (keyword === "COPY" || keyword === "ADD") return true;
    if (keyword !== "RUN") continue;
    if (args.startsWith("[") || args.startsWith("--")) return true;
    if (cachedRuns.has(normalize(`/bin/sh -c ${args}`))) return true;
    stageDecided = true;
  }
  return false;
}

/** The instructions as Docker's parser joins them: a trailing backslash continues the line; comment and blank lines inside a continuation are skipped. */
function readInstructions(dockerfile: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current: string | undefined;
  for (const raw of dockerfile.split(/\r?\n/)) {
    if (current === undefined) {
      const line = raw.trimStart();
      if (line === "" || line.startsWith("#")) continue;
      current = "";
    } else if (/^\s*#/.test(raw) || raw.trim() === "") continue;
    const continued = /\\[ \t]*$/.test(raw);
    current += continued ? raw.replace(/\\[ \t]*$/, "") : raw;
    if (continued) continue;
    instructions.push(splitInstruction(current));
    current = undefined;
  }
  if (current !== undefined) instructions.push(splitInstruction(current));
  return instructions;
}

function splitInstruction(line: string): Instruction {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(line);
  return { keyword: (match?.[1] ?? "").toUpperCase(), args: (match?.[2] ?? "").trim() };
}
