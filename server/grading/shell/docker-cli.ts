/**
 * Parses docker CLI arguments the way docker's flag library does (flags with `=` or separate
 * values, bundled short flags such as `-dit` or `-dp 80:80`), for the build and run commands a
 * learner writes in comments: `docker build -t X .`, `docker image build --tag=X .`,
 * `docker run -d -p 80:80 --name N IMAGE [cmd]`, `docker container run …`.
 */

export interface DockerBuild {
  kind: "build";
  tags: string[];
  /** The build context (first positional), null when missing. */
  context: string | null;
  dockerfile: string | null;
  noCache: boolean;
}

export interface DockerRun {
  kind: "run";
  image: string | null;
  name: string | null;
  /** `-p`/`--publish` values as written. */
  publish: string[];
  /** `-v`/`--volume` values as written (`name:/path`, `/host:/path`, `/path`…). */
  volumes: string[];
  /** `--mount` values as written (`type=volume,source=name,target=/path`…). */
  mounts: string[];
  detach: boolean;
  interactive: boolean;
  tty: boolean;
  /** Arguments after the image: the container's command. */
  command: string[];
  /** Docker options written after the image, which docker passes to the container instead. */
  optionsAfterImage: string[];
}

export interface DockerOther {
  kind: "other";
  subcommand: string;
}

export type DockerCommand = DockerBuild | DockerRun | DockerOther;

const GLOBAL_VALUE_FLAGS = new Set(["H", "host", "c", "context", "config", "l", "log-level", "tlscacert", "tlscert", "tlskey"]);
const BUILD_BOOLEAN_FLAGS = new Set(["no-cache", "q", "quiet", "pull", "rm", "force-rm", "squash", "load", "push", "compress", "disable-content-trust", "check", "help"]);
const RUN_BOOLEAN_FLAGS = new Set([
  "d",
  "detach",
  "i",
  "interactive",
  "t",
  "tty",
  "rm",
  "P",
  "publish-all",
  "privileged",
  "init",
  "read-only",
  "no-healthcheck",
  "oom-kill-disable",
  "q",
  "quiet",
  "sig-proxy",
  "disable-content-trust",
  "help",
  "use-api-socket",
]);
/** Flags worth naming when they appear after the image (where docker does not read them). */
const RUN_FLAGS_NAMED_AFTER_IMAGE = /^(-p|--publish|--name|-d|--detach|-e|--env|-v|--volume|-it|-ti|-dit|-i|-t|--rm|-dp)(=|$)|^-p\d/;

interface Flag {
  name: string;
  value?: string;
}

/** Reads flags up to the first positional; returns them and the index of that positional. */
function readFlags(args: string[], from: number, isBoolean: (name: string) => boolean): { flags: Flag[]; next: number } {
  const flags: Flag[] = [];
  let i = from;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return { flags, next: i + 1 };
    if (!arg.startsWith("-") || arg === "-") break;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) flags.push({ name, value: arg.slice(eq + 1) });
      else if (isBoolean(name)) flags.push({ name });
      else flags.push({ name, value: args[++i] ?? "" });
      continue;
    }
    const letters = arg.slice(1);
    for (let k = 0; k < letters.length; k++) {
      const name = letters[k]!;
      if (isBoolean(name)) {
        flags.push({ name });
        continue;
      }
      let value = letters.slice(k + 1);
      if (value.startsWith("=")) value = value.slice(1);
      flags.push({ name, value: value !== "" ? value : (args[++i] ?? "") });
      break;
    }
  }
  return { flags, next: i };
}

const valuesOf = (flags: Flag[], ...names: string[]) => flags.filter((f) => names.includes(f.name) && f.value !== undefined).map((f) => f.value!);
const has = (flags: Flag[], ...names: string[]) => flags.some((f) => names.includes(f.name) && f.value !== "false");

function parseBuild(args: string[], from: number): DockerBuild {
  const { flags, next } = readFlags(args, from, (name) => BUILD_BOOLEAN_FLAGS.has(name));
  return {
    kind: "build",
    tags: valuesOf(flags, "t", "tag"),
    context: args[next] ?? null,
    dockerfile: valuesOf(flags, "f", "file")[0] ?? null,
    noCache: has(flags, "no-cache"),
  };
}

function parseRun(args: string[], from: number): DockerRun {
  const { flags, next } = readFlags(args, from, (name) => RUN_BOOLEAN_FLAGS.has(name));
  const command = args.slice(next + 1);
  return {
    kind: "run",
    image: args[next] ?? null,
    name: valuesOf(flags, "name").at(-1) ?? null,
    publish: valuesOf(flags, "p", "publish"),
    volumes: valuesOf(flags, "v", "volume"),
    mounts: valuesOf(flags, "mount"),
    detach: has(flags, "d", "detach"),
    interactive: has(flags, "i", "interactive"),
    tty: has(flags, "t", "tty"),
    command,
    optionsAfterImage: command.filter((arg) => RUN_FLAGS_NAMED_AFTER_IMAGE.test(arg)),
  };
}

/** Parses the arguments that follow `docker`. */
export function parseDockerArgs(args: string[]): DockerCommand {
  const global = readFlags(args, 0, (name) => !GLOBAL_VALUE_FLAGS.has(name));
  let i = global.next;
  let subcommand = args[i] ?? "";
  if (["image", "container", "buildx", "builder"].includes(subcommand)) {
    const second = args[i + 1] ?? "";
    if ((subcommand === "container" && second === "run") || (subcommand !== "container" && second === "build")) {
      subcommand = second;
      i++;
    } else return { kind: "other", subcommand: `${subcommand} ${second}`.trim() };
  }
  if (subcommand === "build") return parseBuild(args, i + 1);
  if (subcommand === "run") return parseRun(args, i + 1);
  return { kind: "other", subcommand };
}

/** Image references compare equal when they differ only by an implicit `:latest`. */
export function sameImageTag(a: string, b: string): boolean {
  const withTag = (ref: string) => {
    const lastSlash = ref.lastIndexOf("/");
    return ref.slice(lastSlash + 1).includes(":") || ref.includes("@") ? ref : `${ref}:latest`;
  };
  return withTag(a) === withTag(b);
}

/** True when a `-p` value publishes `wanted` ("80:80"), allowing an IP prefix and a `/tcp` suffix. */
export function publishesPort(written: string, wanted: string): boolean {
  const parse = (value: string) => {
    const [ports = "", protocol = "tcp"] = value.split("/");
    const pieces = ports.split(":");
    const container = pieces.at(-1) ?? "";
    const host = pieces.length >= 2 ? (pieces.at(-2) ?? "") : "";
    return { host, container, protocol: protocol.toLowerCase() };
  };
  const a = parse(written);
  const b = parse(wanted);
  return a.host === b.host && a.container === b.container && a.protocol === b.protocol;
}
