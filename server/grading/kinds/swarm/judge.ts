/**
 * `swarm` (step 9): the student's cluster as its manager sees it. Each field of the spec is one
 * requirement (nodes Ready, a stack deployed, a service's replicas running, every replica
 * answering over HTTP); messages say what was expected and what was found, and name the
 * routing mesh when this kernel's missing IPVS is why something does not answer.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { SwarmOutcome } from "../../evidence";
import type { SwarmActionFacts, SwarmNodeFacts, SwarmProbeFacts, SwarmServiceFacts } from "../../swarm/swarm-evidence";
import type { SwarmServiceMatch } from "../../swarm/swarm-spec-fields";
import { matchesService as matches } from "../../swarm/service-match";
import { excerpt, resultsFor } from "../../judges/check-result";
import { listOf, say, semicolonsOf, type TextRef, type TextValue } from "../../../../lib/i18n/text-ref";
import { availabilityWord, nodeStateWord, taskStateWord } from "../../swarm/swarm-state-words";
import { phraseOf } from "../../check-phrases";
import { compilePattern } from "../../judges/patterns";

type Spec = CheckSpecOf<"swarm">;

export const NO_IPVS_EXPLANATION = say("swarm.noIpvs");

const describeNode = (n: SwarmNodeFacts): TextRef =>
  say("swarm.node", {
    name: n.hostname,
    state: nodeStateWord(n.state),
    availability: n.availability !== "active" ? say("swarm.nodeAvailability", { availability: availabilityWord(n.availability) }) : "",
    role: n.role === "manager" ? say(n.leader ? "swarm.nodeLeader" : "swarm.nodeManager") : "",
  });

const runningTasks = (service: SwarmServiceFacts) => service.tasks.filter((t) => t.state === "running");

/** The services matching, those deployed in a stack first. */
function findService(outcome: SwarmOutcome, match: SwarmServiceMatch): SwarmServiceFacts | undefined {
  const found = outcome.services.filter((s) => matches(s, match));
  return found.find((s) => s.stack !== undefined) ?? found[0];
}

const serviceList = (outcome: SwarmOutcome): TextValue =>
  outcome.services.length ? listOf(outcome.services.map((s) => say("swarm.serviceImage", { name: s.name, image: s.image }))) : say("swarm.noServiceAtAll");

export function judgeSwarm(spec: Spec, outcome: SwarmOutcome): CheckResult {
  const { pass, fail, error, notJudgedHere } = resultsFor(spec, "dynamic");
  for (const pattern of [spec.service?.name, spec.service?.image, spec.probe?.bodyPattern, ...(spec.stack ?? []).flatMap((m) => [m.name, m.image])]) {
    if (pattern === undefined) continue;
    const compiled = compilePattern(pattern, "i");
    if (!compiled.ok) return error(compiled.problem);
  }
  if (outcome.error) return error(outcome.errorText ?? outcome.error);
  const single = outcome.place === "single-engine";
  const failedAction = outcome.actions?.find((a) => a.exitCode !== 0);
  if (outcome.localState !== "active") {
    // The grader formed the swarm itself: a swarm that is not there is its fault, not the student's.
    if (outcome.actions) return error(failedAction ? say("swarm.graderCouldNotFormWhy", { action: describeAction(failedAction) }) : say("swarm.graderCouldNotForm"));
    return fail(say(single ? "swarm.engineNotManager" : "swarm.node1NotManager", { state: outcome.localState || "inactive" }));
  }
  if (!outcome.isManager) return fail(say("swarm.node1Worker"));

  const passed: TextRef[] = [];

  if (single && spec.nodes !== undefined && spec.nodes > 1) {
    const seen = outcome.nodes.map((n) => say(n.role === "manager" ? "swarm.seenManager" : "swarm.seenNode", { name: n.hostname, state: nodeStateWord(n.state) }));
    return notJudgedHere(noClusterMessage(say("swarm.needsNodes", { count: spec.nodes }), seen.length ? say("swarm.nodeLs", { nodes: listOf(seen) }) : ""));
  }

  if (spec.nodes !== undefined || spec.managers !== undefined) {
    const ready = outcome.nodes.filter((n) => n.state === "ready" && n.availability === "active");
    const seen: TextValue = outcome.nodes.length ? listOf(outcome.nodes.map(describeNode)) : say("swarm.none");
    if (spec.nodes !== undefined && ready.length !== spec.nodes && outcome.actions) {
      // The grader joined the nodes itself: a missing one is its fault, not the student's.
      const why = failedAction ? say("swarm.graderNodesWhy", { action: describeAction(failedAction) }) : say("swarm.graderNodesSeen", { seen });
      return error(say("swarm.graderNodes", { ready: ready.length, count: spec.nodes, why }));
    }
    if (spec.nodes !== undefined && ready.length !== spec.nodes) {
      const advice = say(ready.length < spec.nodes ? "swarm.joinAdvice" : "swarm.removeAdvice");
      return fail(say("swarm.nodesReady", { count: spec.nodes, ready: ready.length, seen, advice }));
    }
    const managers = ready.filter((n) => n.role === "manager");
    if (spec.managers !== undefined && managers.length !== spec.managers) {
      return fail(say("swarm.managers", { count: spec.managers, found: managers.length, seen }));
    }
    passed.push(say("swarm.passNodes", { count: ready.length, nodes: listOf(ready.map(describeNode)) }));
  }

  if (spec.stack) {
    const stacks = [...new Set(outcome.services.flatMap((s) => (s.stack ? [s.stack] : [])))];
    const complete = stacks.find((stack) => spec.stack!.every((m) => outcome.services.some((s) => s.stack === stack && matches(s, m))));
    if (!complete) {
      const wanted = listOf(spec.stack.map((m) => phraseOf(spec, m.describe)));
      const byHand = spec.stack.every((m) => outcome.services.some((s) => !s.stack && matches(s, m)));
      const found = stacks.length ? say("swarm.stacksSeen", { stacks: listOf(stacks), services: serviceList(outcome) }) : say("swarm.noStack", { services: serviceList(outcome) });
      const deployed = outcome.actions?.find((a) => a.what === "deploy the stack");
      if (deployed) {
        const refused = deployed.exitCode !== 0 ? say("swarm.refused", { action: describeAction(deployed) }) : "";
        return fail(say("swarm.stackAfterDeploy", { wanted, command: deployed.command, found, refused }));
      }
      const advice = say(byHand ? "swarm.byHand" : single ? "swarm.deployAdvice" : "swarm.deployAdviceNode1");
      return fail(say("swarm.noStackHolding", { wanted, found, advice }));
    }
    passed.push(say("swarm.passStack", { stack: complete }));
  }

  if (spec.service) {
    const service = findService(outcome, spec.service);
    if (!service) return fail(say("swarm.serviceMissing", { describe: phraseOf(spec, spec.service.describe), services: serviceList(outcome) }));
    const running = runningTasks(service);
    if (spec.replicas !== undefined) {
      const desired = service.mode === "global" ? say("swarm.globalMode") : String(service.desiredReplicas ?? 0);
      if (service.mode !== "replicated" || service.desiredReplicas !== spec.replicas) {
        return fail(say("swarm.replicasSet", { service: service.name, count: spec.replicas, desired }));
      }
      if (running.length !== spec.replicas) {
        const others = service.tasks.filter((t) => t.state !== "running");
        const waiting = others.filter((t) => t.state === "pending" || /suitable node|port/i.test(`${t.error ?? ""} ${t.message ?? ""}`));
        if (single && running.length > 0 && running.length < spec.replicas && others.length > 0 && waiting.length === others.length) {
          const said = others[0]?.error || others[0]?.message;
          const quote = said ? say("swarm.quote", { text: said }) : "";
          return notJudgedHere(
            noClusterMessage(
              say("swarm.needsReplicas", { count: spec.replicas, service: service.name }),
              say("swarm.waits", { service: service.name, count: spec.replicas, running: running.length, waiting: others.length, quote }),
            ),
          );
        }
        const taskState = (t: (typeof others)[number]) => {
          const why = t.error || t.message;
          return say("swarm.taskState", { state: taskStateWord(t.state), node: t.node ? say("swarm.onNode", { node: t.node }) : "", why: why ? say("swarm.paren", { text: why }) : "" });
        };
        const why = others.length ? say("swarm.others", { tasks: listOf(others.map(taskState)) }) : "";
        const portHint = others.some((t) => /port|suitable node/i.test(`${t.error ?? ""} ${t.message ?? ""}`)) ? say("swarm.portHint") : "";
        return fail(say("swarm.replicasRunning", { count: spec.replicas, service: service.name, running: running.length, why, portHint }));
      }
      const on = running.length ? say("swarm.onNode", { node: listOf([...new Set(running.map((t) => t.node))]) }) : "";
      passed.push(say("swarm.passReplicas", { service: service.name, running: running.length, count: spec.replicas, on }));
    }
    if (spec.probe) {
      const verdict = judgeAnswers(spec, service, outcome);
      if (!verdict.ok) return fail(verdict.message);
      passed.push(verdict.summary);
    }
  }

  return pass(passed.length ? say("swarm.pass", { parts: semicolonsOf(passed) }) : say("swarm.passActive"));
}

/** The grader's own command and what came of it, for a message. */
function describeAction(action: SwarmActionFacts): TextRef {
  const output = excerpt(action.output, 400);
  return say("swarm.action", {
    command: action.command,
    node: action.node,
    ended: action.exitCode === null ? say("swarm.actionUnfinished") : say("swarm.actionExited", { code: action.exitCode }),
    output: output ? say("swarm.actionOutput", { output }) : say("swarm.actionNoOutput"),
  });
}

/**
 * A check that needs more than one node, judged on a workbench without clusters: what works there,
 * what does not, and what to tell the teacher.
 */
export function noClusterMessage(needs: TextValue, seen: TextValue): TextRef {
  return say("swarm.notJudged", { needs, seen: seen === "" ? "" : say("swarm.seen", { text: seen }) });
}

function answered(probe: SwarmProbeFacts, spec: Spec): boolean {
  if (probe.status === undefined || !spec.probe!.expectStatus.includes(probe.status)) return false;
  if (probe.databaseError) return false;
  return true;
}

const describeProbe = (p: SwarmProbeFacts): TextRef => {
  const at = { url: p.url, node: p.node };
  if (p.error) return say("swarm.probeError", { ...at, error: p.errorText ?? p.error });
  if (p.databaseError) return say("swarm.probeDb", { ...at, status: String(p.status) });
  return p.excerpt ? say("swarm.probeAnsweredExcerpt", { ...at, status: String(p.status), excerpt: p.excerpt }) : say("swarm.probeAnswered", { ...at, status: String(p.status) });
};

function judgeAnswers(spec: Spec, service: SwarmServiceFacts, outcome: SwarmOutcome): { ok: true; summary: TextRef } | { ok: false; message: TextRef } {
  const published = service.ports.filter((p) => p.published !== undefined && p.protocol === "tcp");
  const running = runningTasks(service);
  if (!running.length) return { ok: false, message: say("swarm.noTaskRuns", { service: service.name }) };
  if (!published.length) return { ok: false, message: say("swarm.noPort", { service: service.name }) };
  const probes = outcome.probes.filter((p) => p.service === service.name);
  const ingress = published.some((p) => p.mode === "ingress");
  const noMesh = ingress && !outcome.ipvs.available;
  const bad = probes.filter((p) => !answered(p, spec));
  const body = spec.probe!.bodyPattern === undefined ? null : compilePattern(spec.probe!.bodyPattern, "i");

  if (probes.length === 0) {
    return { ok: false, message: say("swarm.nothingToAsk", { service: service.name }) };
  }
  if (bad.length) {
    const seen = listOf(bad.map(describeProbe));
    if (noMesh) return { ok: false, message: say("swarm.noMesh", { service: service.name, seen, explanation: NO_IPVS_EXPLANATION }) };
    const dbVip = bad.some((p) => p.databaseError) && outcome.services.some((s) => s.endpointMode === "vip" && s.name !== service.name);
    const vipHint = dbVip && !outcome.ipvs.available ? say("swarm.vipHint", { explanation: NO_IPVS_EXPLANATION }) : "";
    const dbHint = !vipHint && bad.some((p) => p.databaseError) ? say("swarm.dbHint") : "";
    const statuses = listOf(spec.probe!.expectStatus.map(String), "or");
    return { ok: false, message: say("swarm.badStatus", { service: service.name, statuses, seen, vipHint, dbHint }) };
  }
  if (body?.ok) {
    const off = probes.filter((p) => !body.regex.test(p.excerpt ?? ""));
    if (off.length) return { ok: false, message: say("swarm.badBody", { service: service.name, pattern: spec.probe!.bodyPattern ?? "", seen: listOf(off.map(describeProbe)) }) };
  }
  if (!ingress) {
    const answeredNodes = new Set(probes.map((p) => p.node));
    const silent = running.filter((t) => !answeredNodes.has(t.node));
    if (silent.length) return { ok: false, message: say("swarm.silent", { service: service.name, nodes: listOf(silent.map((t) => t.node)) }) };
  }
  return { ok: true, summary: say("swarm.passAnswers", { probes: listOf(probes.map((p) => say("swarm.passProbe", { url: p.url, node: p.node, status: String(p.status) }))) }) };
}
