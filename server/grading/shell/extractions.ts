/**
 * Finds archive extractions in shell commands: unzip (and busybox/bsdunzip), bsdtar, tar, 7z,
 * `python3 -m zipfile -e`, `jar x`, unar. Each reports the formats the tool can read, the archive
 * it reads ("-" for standard input, null when unknown) and where it extracts to when it says.
 */
import type { ResolvedCommand } from "./resolve-commands";

export type ArchiveFormat = "zip" | "tar" | "tar.gz";

export interface Extraction {
  tool: string;
  formats: ArchiveFormat[];
  archive: string | null;
  destination: string | null;
  offset: number;
}

type Found = Omit<Extraction, "tool" | "offset">;

const ZIP: ArchiveFormat[] = ["zip"];
const TAR: ArchiveFormat[] = ["tar", "tar.gz"];
const ANY: ArchiveFormat[] = ["zip", "tar", "tar.gz"];

function unzipExtraction(args: string[]): Found | null {
  let archive: string | null = null;
  let destination: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-x") break; // the rest lists members to exclude
    if (arg.startsWith("-") && arg.length > 1) {
      const letters = arg.slice(1);
      const d = letters.indexOf("d");
      if (d >= 0) destination = letters.slice(d + 1) || (args[++i] ?? null);
      else if (/[POI]$/.test(letters)) i++;
      continue;
    }
    if (archive === null) archive = arg;
  }
  return { formats: ZIP, archive, destination };
}

/** tar and bsdtar: only extraction mode (`x`, `-x`, `--extract`, `--get`) counts. */
function tarExtraction(args: string[], formats: ArchiveFormat[]): Found | null {
  let extracting = false;
  let archive: string | null = null;
  let destination: string | null = null;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const next = args[index + 1] ?? null;
    if (arg === "--extract" || arg === "--get") extracting = true;
    else if (arg.startsWith("--file=")) archive = arg.slice(7);
    else if (arg === "--file") archive = next;
    else if (arg.startsWith("--directory=")) destination = arg.slice(12);
    else if (arg === "--directory" || arg === "-C") destination = next;
    else if (/^-?[a-zA-Z]/.test(arg) && (arg.startsWith("-") || index === 0) && !arg.startsWith("--")) {
      // Bundled letters: `xzf file`, `-xvf file`, `-xf-`, `-xf/tmp/a.tar`.
      const [, letters = "", attached = ""] = /^-?([a-zA-Z]+)(.*)$/.exec(arg) ?? [];
      if (letters.includes("x")) extracting = true;
      if (letters.includes("f")) {
        const afterF = letters.slice(letters.indexOf("f") + 1) + attached;
        archive = afterF !== "" ? afterF : next;
      }
      if (letters.endsWith("C")) destination = attached !== "" ? attached : next;
    }
  }
  return extracting ? { formats, archive: archive ?? "-", destination } : null;
}

function sevenZipExtraction(args: string[]): Found | null {
  const positionals = args.filter((a) => !a.startsWith("-"));
  if (positionals[0] !== "x" && positionals[0] !== "e") return null;
  const output = args.find((a) => a.startsWith("-o"));
  return { formats: ANY, archive: positionals[1] ?? null, destination: output ? output.slice(2) : null };
}

function pythonExtraction(args: string[]): Found | null {
  const module = args.indexOf("-m");
  if (module >= 0) {
    const name = args[module + 1];
    const extract = args.findIndex((a, i) => i > module && (a === "-e" || a === "--extract"));
    if (extract < 0 || (name !== "zipfile" && name !== "tarfile")) return null;
    return { formats: name === "zipfile" ? ZIP : TAR, archive: args[extract + 1] ?? null, destination: args[extract + 2] ?? null };
  }
  const code = args[args.indexOf("-c") + 1] ?? "";
  if (/zipfile/.test(code) && /extract/.test(code)) return { formats: ZIP, archive: null, destination: null };
  if (/tarfile/.test(code) && /extract/.test(code)) return { formats: TAR, archive: null, destination: null };
  return null;
}

function jarExtraction(args: string[]): Found | null {
  const mode = (args[0] ?? "").replace(/^-/, "");
  if (!mode.includes("x")) return null;
  return { formats: ZIP, archive: mode.includes("f") ? (args[1] ?? null) : "-", destination: null };
}

function unarExtraction(args: string[]): Found | null {
  const output = args.indexOf("-o");
  const positionals = args.filter((a, i) => !a.startsWith("-") && i !== output + 1);
  return { formats: ANY, archive: positionals[0] ?? null, destination: output >= 0 ? (args[output + 1] ?? null) : null };
}

function extractionOf(name: string, args: string[]): Found | null {
  if (name === "unzip" || name === "bsdunzip") return unzipExtraction(args);
  if (name === "bsdtar") return tarExtraction(args, ANY);
  if (name === "tar" || name === "gtar") return tarExtraction(args, TAR);
  if (/^7z[arz]?$/.test(name)) return sevenZipExtraction(args);
  if (/^python[0-9.]*$/.test(name)) return pythonExtraction(args);
  if (name === "jar" || name === "fastjar") return jarExtraction(args);
  if (name === "unar") return unarExtraction(args);
  if (name === "php" && args.some((a) => a.includes("ZipArchive"))) return { formats: ZIP, archive: null, destination: null };
  return null;
}

/** Every extraction the commands perform, in order. */
export function findExtractions(commands: ResolvedCommand[]): Extraction[] {
  return commands.flatMap((command) => {
    const found = extractionOf(
      command.name,
      command.args.map((a) => a.value),
    );
    return found ? [{ tool: command.name, ...found, offset: command.offset }] : [];
  });
}
