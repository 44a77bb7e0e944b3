/**
 * Finds what apt-get / apt / aptitude commands install and remove, reading past options
 * (`-y`, `-qq`, `--no-install-recommends`, `-o Key=Value`, `-t suite`) and package decorations
 * (`pkg=1.2-3`, `pkg/trixie`, `pkg:amd64`, `pkg-` meaning "remove" in an install).
 */
import type { ResolvedArg, ResolvedCommand } from "./resolve-commands";

export type AptAction = "install" | "remove" | "purge";

export interface AptPackage {
  /** Package name, lower-cased, without version, release or architecture. */
  name: string;
  /** The argument as written (after variable expansion). */
  written: string;
  action: AptAction;
  /** Offset of the argument in the script. */
  offset: number;
}

export interface AptOperation {
  tool: string;
  subcommand: string;
  packages: AptPackage[];
  /** Arguments that hold expansions we could not resolve (`$PKGS`, `$(cat list)`). */
  unresolved: string[];
  /** The package list also comes from standard input (`… | xargs apt-get install`). */
  moreFromInput: boolean;
  offset: number;
}

const APT_TOOLS = new Set(["apt-get", "apt", "aptitude"]);
const VALUE_OPTIONS: Record<string, string[]> = {
  "apt-get": ["o", "c", "t", "a", "option", "config-file", "target-release", "default-release", "host-architecture"],
  apt: ["o", "c", "t", "a", "option", "config-file", "target-release", "default-release", "host-architecture"],
  aptitude: ["o", "t", "F", "w", "S", "O", "target-release", "display-format", "width", "sort", "default-release"],
};
const SUBCOMMAND_ACTIONS: Record<string, AptAction> = {
  install: "install",
  reinstall: "install",
  remove: "remove",
  autoremove: "remove",
  purge: "purge",
};

/** Options after which apt changes nothing: a simulation (`-s`, `--dry-run`…) or a download only (`-d`). */
const NO_CHANGE_LONG = new Set(["simulate", "just-print", "dry-run", "recon", "no-act", "download-only"]);

/**
 * Splits apt arguments into positionals, honouring options that take a value, and tells whether
 * the command only simulates or downloads (`apt-get install -s x`, `-d`), so it installs and
 * removes nothing.
 */
function readAptArgs(tool: string, args: ResolvedArg[]): { positionals: ResolvedArg[]; changesNothing: boolean } {
  const valueOptions = VALUE_OPTIONS[tool] ?? [];
  const positionals: ResolvedArg[] = [];
  let changesNothing = false;
  for (let i = 0; i < args.length; i++) {
    const { value } = args[i]!;
    if (!value.startsWith("-") || value === "-") {
      positionals.push(args[i]!);
      continue;
    }
    if (value.startsWith("--")) {
      const [name = "", setting] = value.slice(2).split("=", 2);
      if (NO_CHANGE_LONG.has(name)) changesNothing = setting === undefined || /^(true|yes|1)$/i.test(setting);
      else if (name.startsWith("no-") && NO_CHANGE_LONG.has(name.slice(3))) changesNothing = false;
      else if (setting === undefined && valueOptions.includes(name)) i++;
      continue;
    }
    // Combined short options: `-yq`, `-oAPT::x=1`, `-t trixie`.
    const letters = value.slice(1);
    for (let k = 0; k < letters.length; k++) {
      if (valueOptions.includes(letters[k]!)) {
        if (k === letters.length - 1) i++;
        break;
      }
      if (letters[k] === "s" || letters[k] === "d") changesNothing = true;
    }
  }
  return { positionals, changesNothing };
}

/** `php8.4-mysql=8.4.1-1` → `php8.4-mysql`; `mariadb-server/trixie` → `mariadb-server`. Null for files. */
export function normalizePackageName(written: string): string | null {
  if (/^[./~]/.test(written) || written.endsWith(".deb")) return null;
  const name = written.split(/[=/]/)[0]!.split(":")[0]!.toLowerCase();
  return name === "" ? null : name;
}

function packageAction(tool: string, action: AptAction, written: string): { written: string; action: AptAction } {
  if (action === "install" && written.endsWith("-") && written.length > 1) return { written: written.slice(0, -1), action: "remove" };
  if (tool === "aptitude" && action === "install" && written.endsWith("_")) return { written: written.slice(0, -1), action: "purge" };
  if (action !== "install" && written.endsWith("+") && /[a-z0-9]\+$/.test(written) && !written.endsWith("++")) {
    return { written: written.slice(0, -1), action: "install" };
  }
  return { written, action };
}

export function findAptOperations(commands: ResolvedCommand[]): AptOperation[] {
  const operations: AptOperation[] = [];
  for (const command of commands) {
    if (!APT_TOOLS.has(command.name)) continue;
    const { positionals, changesNothing } = readAptArgs(command.name, command.args);
    const subcommand = positionals[0]?.value ?? "";
    let action = SUBCOMMAND_ACTIONS[subcommand];
    if (!action || changesNothing) continue;
    if (action === "remove" && command.args.some((a) => a.value === "--purge")) action = "purge";
    const packages: AptPackage[] = [];
    const unresolved: string[] = [];
    for (const arg of positionals.slice(1)) {
      if (!arg.resolved) {
        unresolved.push(arg.value);
        continue;
      }
      const decorated = packageAction(command.name, action, arg.value);
      const name = normalizePackageName(decorated.written);
      if (name) packages.push({ name, written: arg.value, action: decorated.action, offset: arg.offset });
    }
    operations.push({
      tool: command.name,
      subcommand,
      packages,
      unresolved,
      moreFromInput: command.moreArgsFromInput,
      offset: command.offset,
    });
  }
  return operations;
}
