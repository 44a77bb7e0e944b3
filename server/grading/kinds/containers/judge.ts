/**
 * `containers`: the containers of the student's engine, found by what they are (the image they
 * run, the programs running in them) rather than by a name the lesson does not impose: how many
 * there are, whether they run, their legacy links, the ports they publish and their mounts.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ContainerFacts, ContainersOutcome } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { linesOf, listOf, say, type TextRef } from "../../../../lib/i18n/text-ref";
import { phraseOf } from "../../check-phrases";
import { compilePattern } from "../../judges/patterns";

type Expectation = CheckSpecOf<"containers">["expect"][number];

const portNumber = (port: string) => port.split("/")[0] ?? port;

/** "web (image apache_img, runs apache2)" for messages. */
function portrait(c: ContainerFacts): TextRef {
  const runs = c.processes.length ? say("containers.runs", { programs: listOf([...new Set(c.processes)].slice(0, 4)) }) : c.running ? say("containers.runsNothing") : c.state;
  return say("containers.portrait", { name: c.name, image: c.image, runs });
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

function identity(expectation: Expectation): TextRef {
  const parts: TextRef[] = [];
  if (expectation.name !== undefined) parts.push(say("containers.named", { name: expectation.name }));
  if (expectation.image !== undefined) parts.push(say("containers.image", { pattern: expectation.image }));
  if (expectation.runs) parts.push(say("containers.running", { programs: listOf(expectation.runs, "or") }));
  return parts.length ? say("containers.identity", { parts: listOf(parts) }) : say("containers.anyContainer");
}

export function judgeContainers(spec: CheckSpecOf<"containers">, outcome: ContainersOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  if (outcome.error) return fail(say("containers.listFailed", { error: outcome.error }));
  const all = outcome.containers;
  const inventory = all.length ? say("containers.inventory", { containers: listOf(all.map(portrait)) }) : say("containers.inventoryNone");

  if (spec.count !== undefined && all.length !== spec.count) {
    return fail(say("containers.count", { count: spec.count, found: all.length, inventory }));
  }

  // Each expectation takes its own container (a running one first), in the order written.
  const chosen = new Map<string, ContainerFacts>();
  for (const expectation of spec.expect) {
    const candidates = all.filter((c) => matches(expectation, c) && ![...chosen.values()].includes(c));
    const container = candidates.find((c) => c.running) ?? candidates[0];
    const describe = phraseOf(spec, expectation.describe);
    if (!container) return fail(say("containers.missing", { describe, identity: identity(expectation), inventory }));
    if (expectation.running && !container.running) {
      const told = { describe, name: container.name, state: container.state };
      return fail(container.exitCode !== undefined ? say("containers.stoppedExit", { ...told, code: container.exitCode }) : say("containers.stopped", told));
    }
    chosen.set(expectation.role, container);
  }

  const problems: TextRef[] = [];
  for (const expectation of spec.expect) {
    const container = chosen.get(expectation.role)!;
    if (expectation.linksTo !== undefined) {
      const target = chosen.get(expectation.linksTo);
      const targetName = target?.name ?? expectation.linksTo;
      if (!container.links.some((l) => l.container === targetName)) {
        const has = container.links.length ? say("containers.linksTo", { targets: listOf(container.links.map((l) => l.container)) }) : say("containers.noLink");
        const network = container.networkMode && container.networkMode !== "default" && container.networkMode !== "bridge" ? say("containers.onNetwork", { network: container.networkMode }) : "";
        problems.push(say("containers.needsLink", { name: container.name, target: targetName, has, network }));
      }
    }
    for (const port of expectation.publishes) {
      if (!container.published.some((p) => portNumber(p.container) === portNumber(port))) {
        problems.push(say("containers.needsPort", { name: container.name, port, number: portNumber(port) }));
      }
    }
    for (const port of expectation.mustNotPublish) {
      const found = container.published.find((p) => portNumber(p.container) === portNumber(port));
      if (found) problems.push(say("containers.mustNotPublish", { name: container.name, port, host: found.host }));
    }
    for (const path of expectation.mounts) {
      const wanted = path.replace(/\/+$/, "");
      if (!container.mounts.some((m) => m.destination.replace(/\/+$/, "") === wanted)) {
        const has = container.mounts.length ? say("containers.mountsAre", { mounts: listOf(container.mounts.map((m) => m.destination)) }) : say("containers.noVolume");
        problems.push(say("containers.needsVolume", { name: container.name, path, has }));
      }
    }
  }
  if (problems.length === 1) return fail(say("containers.expectedOne", { problem: problems[0]! }));
  if (problems.length > 1) return fail(say("containers.expectedMany", { problems: linesOf(problems.map((problem) => say("containers.bullet", { problem }))) }));

  const found = spec.expect.map((e) => say("containers.foundRole", { describe: phraseOf(spec, e.describe), name: chosen.get(e.role)!.name }));
  return pass(found.length ? say("containers.pass", { found: listOf(found) }) : say("containers.passCount", { count: all.length }));
}
