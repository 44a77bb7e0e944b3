/**
 * The environment docker-compose gives a service: what env_file files define, overridden by the
 * service's environment: entries, with ${VAR} / $VAR / ${VAR:-default} substituted from the .env
 * file next to the stack file (docker-compose reads it for the substitution). Values stay as
 * written when a variable is defined nowhere we can see (the student's shell may define it).
 * A `NAME_FILE` variable naming a secret the service mounts (/run/secrets/…) from a file of the
 * step folder gives NAME that file's content, as the official images read it.
 */
import type { WorkspaceSnapshot } from "../evidence";
import { readStepFile } from "../judges/step-files";
import type { EnvEntry, StackDocument, StackService } from "./read-stack-file";

/** KEY=VALUE lines of an env file (comments, blank lines and `export` ignored; one level of quotes removed). */
export function parseEnvFile(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    let value = line.slice(equals + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
    variables.set(line.slice(0, equals).trim(), value);
  }
  return variables;
}

/** Substitutes what `variables` defines; `$$` is a literal `$`; unknown variables stay as written. */
export function interpolate(value: string, variables: Map<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_]\w*)/g, (whole, braced?: string, operator?: string, fallback?: string, bare?: string) => {
    if (whole === "$$") return "$";
    const name = braced ?? bare!;
    const defined = variables.get(name);
    if (operator === ":-") return defined ? defined : (fallback ?? "");
    if (operator === "-") return defined !== undefined ? defined : (fallback ?? "");
    return defined ?? whole;
  });
}

/** The service's effective environment entries, in the stack file's terms (lines point at environment: or env_file:). */
export function effectiveEnvironment(service: StackService, stack: StackDocument, workspace: WorkspaceSnapshot): EnvEntry[] {
  const dotEnv = readStepFile(workspace, ".env");
  const substitutions = dotEnv.ok ? parseEnvFile(dotEnv.text) : new Map<string, string>();
  const entries = new Map<string, EnvEntry>();
  for (const file of service.envFiles) {
    const read = readStepFile(workspace, file.value.replace(/^\.\//, ""));
    if (!read.ok) continue;
    for (const [key, value] of parseEnvFile(read.text)) entries.set(key, { key, value, line: file.line });
  }
  for (const entry of service.environment) {
    entries.set(entry.key, entry.value === null || entry.booleanWritten !== undefined ? entry : { ...entry, value: interpolate(entry.value, substitutions) });
  }
  for (const entry of [...entries.values()]) {
    const name = entry.key.replace(/_FILE$/, "");
    if (name === entry.key || entries.has(name) || entry.value === null) continue;
    const value = secretValue(entry.value, service, stack, workspace);
    if (value !== undefined) entries.set(name, { key: name, value, line: entry.line });
  }
  return [...entries.values()];
}

/** The content of the secret file mounted at `path` in the service, without its final newline. */
function secretValue(path: string, service: StackService, stack: StackDocument, workspace: WorkspaceSnapshot): string | undefined {
  const mounted = service.secrets.find((s) => path === (s.target.startsWith("/") ? s.target : `/run/secrets/${s.target}`));
  const file = mounted && stack.secretFiles[mounted.source];
  if (!file) return undefined;
  const read = readStepFile(workspace, file.replace(/^\.\//, ""));
  return read.ok ? read.text.replace(/(\r?\n)+$/, "") : undefined;
}
