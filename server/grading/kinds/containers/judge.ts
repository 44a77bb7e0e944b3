/**
 * `containers`: the containers of the student's engine, found by what they are (the image they
 * run, the programs running in them) rather than by a name the lesson does not impose: how many
 * there are, whether they run, their legacy links, the ports they publish and their mounts.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ContainerFacts, ContainersOutcome } from "../../evidence";
import { listInProse, resultsFor } from "../../judges/check-result";
import { compilePattern } from "../../judges/patterns";

type Expectation = CheckSpecOf<"containers">["expect"][number];

const portNumber = (port: string) => port.split("/")[0] ?? port;

/** "web (image apache_img, runs apache2)" for messages. */
function portrait(c: ContainerFacts): string {
  const runs = c.processes.length ? `runs ${listInProse([...new Set(c.processes)].slice(0, 4))}` : c.running ? "runs nothing we could see" : c.state;
  return `${c.name} (image ${c.image}, ${runs})`;
}

function matches(expectation: Expectation, c: ContainerFacts): boolean {
  if (expectation.name !== undefined && c.name !== expectation.name) return false;
  if (expectation.image !== undefined) {
    const pattern = compilePattern(expectation.image);
    if (pattern.ok && !pattern.regex.test(c.image)) return false;
  }
  if (expectation.runs && !c.processes.some((p) => expectation.runs!.includes(p))) return false;
  return true;
}

function identity(expectation: Expectation): string {
  const parts: string[] = [];
  if (expectation.name !== undefined) parts.push(`named ${expectation.name}`);
  if (expectation.image !== undefined) parts.push(`running an image matching /${expectation.image}/`);
  if (expectation.runs) parts.push(`running ${listInProse(expectation.runs, "or")}`);
  return parts.length ? `a container ${listInProse(parts)}` : "a container";
}

export function judgeContainers(spec: CheckSpecOf<"containers">, outcome: ContainersOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  if (outcome.error) return fail(`Could not list the containers of your engine: ${outcome.error}.`);
  const all = outcome.containers;
  const inventory = all.length ? `Your engine holds ${listInProse(all.map(portrait))}.` : "Your engine holds no container.";

  if (spec.count !== undefined && all.length !== spec.count) {
    return fail(`Expected exactly ${spec.count} container${spec.count === 1 ? "" : "s"}; found ${all.length}. ${inventory}`);
  }

  // Each expectation takes its own container (a running one first), in the order written.
  const chosen = new Map<string, ContainerFacts>();
  for (const expectation of spec.expect) {
    const candidates = all.filter((c) => matches(expectation, c) && ![...chosen.values()].includes(c));
    const container = candidates.find((c) => c.running) ?? candidates[0];
    if (!container) return fail(`Expected ${expectation.describe}: ${identity(expectation)}. ${inventory}`);
    if (expectation.running && !container.running) {
      const exit = container.exitCode !== undefined ? ` with exit code ${container.exitCode}` : "";
      return fail(`Expected ${expectation.describe} (${container.name}) to be running; it is ${container.state}${exit}. Look at docker logs ${container.name}.`);
    }
    chosen.set(expectation.role, container);
  }

  const problems: string[] = [];
  for (const expectation of spec.expect) {
    const container = chosen.get(expectation.role)!;
    if (expectation.linksTo !== undefined) {
      const target = chosen.get(expectation.linksTo);
      const targetName = target?.name ?? expectation.linksTo;
      if (!container.links.some((l) => l.container === targetName)) {
        const has = container.links.length ? `its links go to ${listInProse(container.links.map((l) => l.container))}` : "it has no link";
        const network =
          container.networkMode && container.networkMode !== "default" && container.networkMode !== "bridge"
            ? ` (it is on the network ${container.networkMode}: a network also connects containers, but this step asks for --link)`
            : "";
        problems.push(`${container.name} must be started with --link ${targetName}:<alias>; ${has}${network}`);
      }
    }
    for (const port of expectation.publishes) {
      if (!container.published.some((p) => portNumber(p.container) === portNumber(port))) {
        problems.push(`${container.name} must publish its port ${port} on the host (docker run -p ${portNumber(port)}:${portNumber(port)})`);
      }
    }
    for (const port of expectation.mustNotPublish) {
      const found = container.published.find((p) => portNumber(p.container) === portNumber(port));
      if (found) problems.push(`${container.name} publishes its port ${port} on the host (${found.host}); remove that -p (or -P): the other container reaches it through the link`);
    }
    for (const path of expectation.mounts) {
      const wanted = path.replace(/\/+$/, "");
      if (!container.mounts.some((m) => m.destination.replace(/\/+$/, "") === wanted)) {
        const has = container.mounts.length ? `its mounts are ${listInProse(container.mounts.map((m) => m.destination))}` : "it has no volume";
        problems.push(`${container.name} must keep ${path} in a volume (VOLUME in its Dockerfile, or -v name:${path}); ${has}`);
      }
    }
  }
  if (problems.length === 1) return fail(`Expected: ${problems[0]}.`);
  if (problems.length > 1) return fail(`Expected:\n${problems.map((p) => `• ${p}`).join("\n")}`);

  const found = spec.expect.map((e) => `${e.describe}: ${chosen.get(e.role)!.name}`);
  return pass(found.length ? `Found ${listInProse(found)}.` : `Found ${all.length} container${all.length === 1 ? "" : "s"}.`);
}
