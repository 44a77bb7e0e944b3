/** `image-config`: the built image's config holds the variables, user, ports and volumes asked for. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ImageConfigOutcome } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { listOf, say, semicolonsOf, type TextRef } from "../../../../lib/i18n/text-ref";
import { describeVariable, invalidKeyPattern, matchesVariable } from "../../judges/variable-match";

const withProtocol = (port: string) => (port.includes("/") ? port.toLowerCase() : `${port}/tcp`);
const withoutTrailingSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, "") : path);

/** USER mysql:mysql sets the user mysql too: a group is accepted unless the spec names one. */
const isUser = (configured: string, expected: string) => configured === expected || (!expected.includes(":") && configured.startsWith(`${expected}:`));

function splitEnv(entry: string): { name: string; value: string } {
  const eq = entry.indexOf("=");
  return eq < 0 ? { name: entry, value: "" } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

export function judgeImageConfig(spec: CheckSpecOf<"image-config">, outcome: ImageConfigOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  const badPattern = invalidKeyPattern(spec.env);
  if (badPattern) return error(badPattern);
  const env = outcome.env.map(splitEnv);
  const problems: TextRef[] = [];
  const good: string[] = [];

  for (const variable of spec.env) {
    const match = env.find((e) => matchesVariable(variable, e.name, e.value));
    if (match) good.push(`${match.name}=${match.value}`);
    else problems.push(say("config.noVariable", { variable: describeVariable(variable, spec) }));
  }
  if (spec.env.length && problems.length) {
    const shown = env.filter((e) => e.name !== "PATH").map((e) => `${e.name}=${e.value}`);
    problems.push(say("config.envHas", { variables: shown.length ? listOf(shown) : say("config.onlyPath") }));
  }
  if (spec.user !== undefined && !isUser(outcome.user, spec.user)) {
    problems.push(say("config.user", { user: outcome.user === "" ? say("config.userEmpty") : outcome.user, expected: spec.user }));
  }
  const ports = outcome.exposedPorts.map(withProtocol);
  const missingPorts = spec.exposedPorts.map(withProtocol).filter((p) => !ports.includes(p));
  if (missingPorts.length) problems.push(say("config.ports", { missing: listOf(missingPorts), ports: ports.length ? listOf(ports) : say("config.noPort") }));
  const volumes = outcome.volumes.map(withoutTrailingSlash);
  const missingVolumes = spec.volumes.map(withoutTrailingSlash).filter((v) => !volumes.includes(v));
  if (missingVolumes.length) problems.push(say("config.volumes", { missing: listOf(missingVolumes), volumes: volumes.length ? listOf(volumes) : say("config.none") }));

  if (problems.length) {
    const joined = problems.reduceRight<TextRef | undefined>((rest, first) => (rest ? say("config.problems", { first, rest }) : first), undefined)!;
    return fail(say("config.failed", { image: spec.image, problems: joined }));
  }
  const parts = [
    ...(good.length ? [say("config.passEnv", { variables: listOf(good) })] : []),
    ...(spec.user !== undefined ? [say("config.passUser", { user: spec.user })] : []),
    ...(spec.exposedPorts.length ? [say("config.passPorts", { ports: listOf(spec.exposedPorts.map(withProtocol)) })] : []),
    ...(spec.volumes.length ? [say("config.passVolumes", { volumes: listOf(spec.volumes) })] : []),
  ];
  return pass(say("config.pass", { image: spec.image, parts: parts.length ? semicolonsOf(parts) : say("config.passAsAsked") }));
}
