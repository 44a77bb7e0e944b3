/**
 * apt-get / apt / aptitude calls in a RUN, with their options read the way apt reads them
 * (`-y`, `-qq`, `--yes`, `-o Key=Value`, bundled letters such as `-yq`), their sub-command and
 * their operands (the package names of an install).
 */
import type { RunCommand } from "../dockerfile/run-commands";
import type { ResolvedArg } from "../shell/resolve-commands";

export interface AptOption {
  name: string;
  value?: string;
}

export interface AptCommand {
  command: RunCommand;
  /** Position among the RUN's commands, for "before" and "after". */
  index: number;
  tool: string;
  /** The first operand (`update`, `install`…), "" when there is none. */
  subcommand: string;
  options: AptOption[];
  /** Operands after the sub-command (package names for an install). */
  operands: ResolvedArg[];
  /** Some argument holds an expansion we could not know (`$APT_OPTS`), so options may be missing from our view. */
  hasUnresolved: boolean;
}

const APT_TOOLS = new Set(["apt-get", "apt", "aptitude"]);
const SHORT_VALUES: Record<string, string> = { "apt-get": "octa", apt: "octa", aptitude: "otFwSO" };
const LONG_VALUES = new Set(["option", "config-file", "target-release", "default-release", "host-architecture", "display-format", "width", "sort"]);

export const INSTALL_SUBCOMMANDS = new Set(["install", "reinstall"]);
export const UPGRADE_SUBCOMMANDS = new Set(["upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade"]);

function readAptArgs(tool: string, args: ResolvedArg[]): { options: AptOption[]; positionals: ResolvedArg[] } {
  const options: AptOption[] = [];
  const positionals: ResolvedArg[] = [];
  const shortValues = SHORT_VALUES[tool] ?? "";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.value;
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(args[i]!);
      continue;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) options.push({ name, value: arg.slice(eq + 1) });
      else if (LONG_VALUES.has(name)) options.push({ name, value: args[++i]?.value ?? "" });
      else options.push({ name });
      continue;
    }
    const letters = arg.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const name = letters[k]!;
      if (letters[k + 1] === "=") {
        options.push({ name, value: letters.slice(k + 2) });
        break;
      }
      if (shortValues.includes(name)) {
        const attached = letters.slice(k + 1);
        options.push({ name, value: attached !== "" ? attached : (args[++i]?.value ?? "") });
        break;
      }
      options.push({ name });
    }
  }
  return { options, positionals };
}

/** The apt calls among a RUN's commands, in order. */
export function aptCommandsOf(commands: RunCommand[]): AptCommand[] {
  return commands.flatMap((command, index) => {
    if (!APT_TOOLS.has(command.name)) return [];
    const { options, positionals } = readAptArgs(command.name, command.args);
    return [
      {
        command,
        index,
        tool: command.name,
        subcommand: positionals[0]?.value ?? "",
        options,
        operands: positionals.slice(1),
        hasUnresolved: command.args.some((a) => !a.resolved),
      },
    ];
  });
}

const isTrue = (value: string) => /^(true|yes|1)$/i.test(value);
const isFalse = (value: string) => /^(false|no|0)$/i.test(value);
const configOption = (apt: AptCommand, key: string) =>
  apt.options
    .filter((o) => (o.name === "o" || o.name === "option") && o.value !== undefined)
    .map((o) => o.value!.split("="))
    .find(([k]) => k?.toLowerCase() === key.toLowerCase())?.[1];

/** Installs without asking (`-y`, `--yes`, `-qq`, which implies -y, `-o APT::Get::Assume-Yes=true`, or `yes |`). */
export function assumesYes(apt: AptCommand): boolean {
  if (apt.command.pipeInput) return true;
  const quiet = apt.options.filter((o) => o.name === "q" || o.name === "quiet");
  if (quiet.some((o) => o.value === "2") || quiet.filter((o) => o.value === undefined).length >= 2) return true;
  if (apt.options.some((o) => ["y", "yes", "assume-yes"].includes(o.name) && (o.value === undefined || isTrue(o.value)))) return true;
  const configured = configOption(apt, "APT::Get::Assume-Yes");
  return configured !== undefined && isTrue(configured);
}

/** Leaves recommended packages out (`--no-install-recommends`, `-o APT::Install-Recommends=false`, aptitude's `-R`). */
export function skipsRecommends(apt: AptCommand): boolean {
  const names = apt.tool === "aptitude" ? ["R", "without-recommends"] : ["no-install-recommends"];
  if (apt.options.some((o) => names.includes(o.name))) return true;
  if (apt.options.some((o) => o.name === "install-recommends" && o.value !== undefined && isFalse(o.value))) return true;
  const configured = configOption(apt, "APT::Install-Recommends");
  return configured !== undefined && isFalse(configured);
}

/** A boolean option given (`-s`, `--simulate`, `--simulate=true`), and not turned off (`--simulate=no`, `--no-simulate`). */
function hasFlag(apt: AptCommand, short: string | null, long: string[], configKey: string): boolean {
  let on = false;
  for (const option of apt.options) {
    if ((short !== null && option.name === short) || long.includes(option.name)) on = option.value === undefined || isTrue(option.value);
    else if (long.some((name) => option.name === `no-${name}`)) on = false;
  }
  const configured = configOption(apt, configKey);
  return on || (configured !== undefined && isTrue(configured));
}

/** `-s`, `--simulate`, `--just-print`, `--dry-run`, `--recon`, `--no-act`: apt only shows what it would do. */
export const simulates = (apt: AptCommand) => hasFlag(apt, "s", ["simulate", "just-print", "dry-run", "recon", "no-act"], "APT::Get::Simulate");

/** `-d`, `--download-only`: the packages are fetched, not installed. */
export const downloadsOnly = (apt: AptCommand) => hasFlag(apt, "d", ["download-only"], "APT::Get::Download-Only");

/** `apt-get install --update` (or `-U`, apt 3): the package lists are updated first, in the same command. */
export const updatesFirst = (apt: AptCommand) => apt.tool !== "aptitude" && hasFlag(apt, "U", ["update"], "APT::Update");

/** An install that installs something: not a simulation (`-s`) nor a download only (`-d`). */
export const isInstall = (apt: AptCommand) => INSTALL_SUBCOMMANDS.has(apt.subcommand) && !simulates(apt) && !downloadsOnly(apt);

/** An `apt-get update`, or an install that updates first (`apt-get install --update`). */
export const isUpdate = (apt: AptCommand) => apt.subcommand === "update" || (isInstall(apt) && updatesFirst(apt));
