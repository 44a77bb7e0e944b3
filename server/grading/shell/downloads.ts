/**
 * Finds downloads in shell commands: wget and curl with the file each URL is saved to
 * (`-O`, `-P`, `-o`, `-O`/`--remote-name`, `--output-dir`, stdout), and any other program given
 * a URL (`python3 -c "urlretrieve('https://…')"`, `aria2c …`) with an unknown output.
 */
import type { ResolvedCommand } from "./resolve-commands";

export interface Download {
  tool: string;
  url: string;
  /** Where the file goes: a path, "-" for standard output, or null when unknown. */
  output: string | null;
  offset: number;
}

const URL_PATTERN = /\b(?:https?|ftp):\/\/[^\s'"()<>;|&`\\]+/g;
const isUrl = (value: string) => /^(?:https?|ftp):\/\//i.test(value);

/** The file name a URL is saved under by `wget URL` or `curl -O URL`. */
export function remoteFileName(url: string): string {
  const path = url.replace(/[?#].*$/, "").replace(/^[a-z]+:\/\/[^/]*/i, "");
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name === "" ? "index.html" : decodeURIComponent(name);
}

const joinPath = (dir: string, name: string) => (dir.endsWith("/") ? dir + name : `${dir}/${name}`);

interface OptionTable {
  shortValues: string;
  longValues: string[];
}

const WGET: OptionTable = {
  shortValues: "OoaPtTUeiBwQlARDIX",
  longValues: [
    "output-document",
    "output-file",
    "append-output",
    "directory-prefix",
    "tries",
    "timeout",
    "user-agent",
    "execute",
    "input-file",
    "base",
    "wait",
    "quota",
    "level",
    "accept",
    "reject",
    "domains",
    "include-directories",
    "exclude-directories",
    "header",
    "user",
    "password",
    "http-user",
    "http-password",
    "post-data",
    "post-file",
    "referer",
    "load-cookies",
    "save-cookies",
    "method",
    "body-data",
    "limit-rate",
    "ca-certificate",
    "certificate",
    "private-key",
    "ca-directory",
    "bind-address",
    "dns-timeout",
    "connect-timeout",
    "read-timeout",
    "waitretry",
  ],
};

const CURL: OptionTable = {
  shortValues: "oHduAexXbcwTFmrCKEYyzUQtP",
  longValues: [
    "output",
    "output-dir",
    "header",
    "data",
    "data-raw",
    "data-binary",
    "data-urlencode",
    "user",
    "user-agent",
    "referer",
    "proxy",
    "request",
    "cookie",
    "cookie-jar",
    "write-out",
    "upload-file",
    "form",
    "max-time",
    "range",
    "continue-at",
    "config",
    "cert",
    "key",
    "retry",
    "retry-delay",
    "retry-max-time",
    "connect-timeout",
    "url",
    "cacert",
    "capath",
    "resolve",
    "limit-rate",
    "max-filesize",
    "proto",
    "proto-redir",
    "max-redirs",
    "interface",
    "dns-servers",
    "connect-to",
    "netrc-file",
    "oauth2-bearer",
    "time-cond",
    "trace",
    "trace-ascii",
    "stderr",
  ],
};

interface ParsedOption {
  name: string;
  value?: string;
}

/** Walks GNU-style options; returns options in order and the positional arguments. */
function walkOptions(args: string[], table: OptionTable): { options: ParsedOption[]; positionals: string[] } {
  const options: ParsedOption[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("--") && arg.length > 2) {
      const [name, inline] = splitOnce(arg.slice(2), "=");
      if (inline !== undefined) options.push({ name, value: inline });
      else if (table.longValues.includes(name)) options.push({ name, value: args[++i] ?? "" });
      else options.push({ name });
    } else if (arg.startsWith("-") && arg.length > 1) {
      const letters = arg.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const letter = letters[k]!;
        if (table.shortValues.includes(letter)) {
          const attached = letters.slice(k + 1);
          options.push({ name: letter, value: attached !== "" ? attached : (args[++i] ?? "") });
          break;
        }
        options.push({ name: letter });
      }
    } else positionals.push(arg);
  }
  return { options, positionals };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

function wgetDownloads(command: ResolvedCommand, args: string[]): Download[] {
  const { options, positionals } = walkOptions(args, WGET);
  const document = options.findLast((o) => o.name === "O" || o.name === "output-document")?.value;
  const prefix = options.findLast((o) => o.name === "P" || o.name === "directory-prefix")?.value;
  return positionals.filter(isUrl).map((url) => ({
    tool: command.name,
    url,
    output: document ?? (prefix ? joinPath(prefix, remoteFileName(url)) : remoteFileName(url)),
    offset: command.offset,
  }));
}

function curlDownloads(command: ResolvedCommand, args: string[]): Download[] {
  const { options, positionals } = walkOptions(args, CURL);
  const urls = [...positionals.filter(isUrl), ...options.filter((o) => o.name === "url" && o.value).map((o) => o.value!)];
  const outputs = options.flatMap((o): (string | null)[] => {
    if (o.name === "o" || o.name === "output") return [o.value ?? "-"];
    if (o.name === "O" || o.name === "remote-name") return [null];
    return [];
  });
  const remoteAll = options.some((o) => o.name === "remote-name-all");
  const dir = options.findLast((o) => o.name === "output-dir")?.value;
  return urls.map((url, index) => {
    // curl pairs the n-th -o/-O with the n-th URL; URLs without one go to standard output.
    const given = index < outputs.length ? (outputs[index] ?? null) : remoteAll ? null : "-";
    const file = given ?? remoteFileName(url);
    const output = dir && file !== "-" && !file.startsWith("/") ? joinPath(dir, file) : file;
    return { tool: command.name, url, output, offset: command.offset };
  });
}

/** Every download the commands perform, in order. */
export function findDownloads(commands: ResolvedCommand[]): Download[] {
  return commands.flatMap((command) => {
    const args = command.args.map((a) => a.value);
    if (command.name === "wget") return wgetDownloads(command, args);
    if (command.name === "curl") return curlDownloads(command, args);
    return args.flatMap((arg) => [...arg.matchAll(URL_PATTERN)].map((match) => ({ tool: command.name, url: match[0], output: null, offset: command.offset })));
  });
}
