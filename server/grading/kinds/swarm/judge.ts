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
import { excerpt, listInProse, resultsFor } from "../../judges/check-result";
import { compilePattern } from "../../judges/patterns";

type Spec = CheckSpecOf<"swarm">;

export const NO_IPVS_EXPLANATION =
  "This host's kernel has no IPVS, which swarm's routing mesh (ports published in the default ingress mode) " +
  "and service virtual IPs need. Publish the port on the node that runs each task instead " +
  "(long syntax: `ports: [{target: 80, published: 8080, mode: host}]`) and give every service " +
  "`deploy: {endpoint_mode: dnsrr}` so that service names resolve to the tasks themselves.";

const describeNode = (n: SwarmNodeFacts) => `${n.hostname} ${n.state}${n.availability !== "active" ? ` (${n.availability})` : ""}${n.role === "manager" ? (n.leader ? " leader" : " manager") : ""}`;

const runningTasks = (service: SwarmServiceFacts) => service.tasks.filter((t) => t.state === "running");

/** The services matching, those deployed in a stack first. */
function findService(outcome: SwarmOutcome, match: SwarmServiceMatch): SwarmServiceFacts | undefined {
  const found = outcome.services.filter((s) => matches(s, match));
  return found.find((s) => s.stack !== undefined) ?? found[0];
}

const serviceList = (outcome: SwarmOutcome) => (outcome.services.length ? listInProse(outcome.services.map((s) => `${s.name} (${s.image})`)) : "no service at all");

export function judgeSwarm(spec: Spec, outcome: SwarmOutcome): CheckResult {
  const { pass, fail, error, notJudgedHere } = resultsFor(spec, "dynamic");
  for (const pattern of [spec.service?.name, spec.service?.image, spec.probe?.bodyPattern, ...(spec.stack ?? []).flatMap((m) => [m.name, m.image])]) {
    if (pattern === undefined) continue;
    const compiled = compilePattern(pattern, "i");
    if (!compiled.ok) return error(compiled.problem);
  }
  if (outcome.error) return error(outcome.error);
  const single = outcome.place === "single-engine";
  const failedAction = outcome.actions?.find((a) => a.exitCode !== 0);
  if (outcome.localState !== "active") {
    // The grader formed the swarm itself: a swarm that is not there is its fault, not the student's.
    if (outcome.actions)
      return error(`The grader could not form its swarm to grade your stack${failedAction ? `: ${describeAction(failedAction)}` : "."} Submit again; if it persists, tell your teacher.`);
    return fail(
      single
        ? `Expected your Docker engine to be the manager of a swarm; its swarm state is "${outcome.localState || "inactive"}". Start a one-node swarm in your terminal with \`docker swarm init\`.`
        : `Expected node1 to be a manager of an active swarm; its swarm state is "${outcome.localState || "inactive"}". ` + "Start one on node1 with `docker swarm init --advertise-addr eth1`.",
    );
  }
  if (!outcome.isManager) return fail("Expected node1 to be the swarm's manager; it is a worker. Create the swarm on node1 (`docker swarm init`), then join the others to it.");

  const passed: string[] = [];

  if (single && spec.nodes !== undefined && spec.nodes > 1) {
    const seen = outcome.nodes.map((n) => `${n.hostname} (${n.state}${n.role === "manager" ? ", the manager" : ""})`);
    return notJudgedHere(noClusterMessage(`a swarm of ${spec.nodes} nodes`, seen.length ? `\`docker node ls\` shows ${listInProse(seen)}.` : ""));
  }

  if (spec.nodes !== undefined || spec.managers !== undefined) {
    const ready = outcome.nodes.filter((n) => n.state === "ready" && n.availability === "active");
    const seen = outcome.nodes.length ? listInProse(outcome.nodes.map(describeNode)) : "none";
    if (spec.nodes !== undefined && ready.length !== spec.nodes && outcome.actions) {
      // The grader joined the nodes itself: a missing one is its fault, not the student's.
      const why = failedAction ? `: ${describeAction(failedAction)}` : ` (\`docker node ls\` shows ${seen})`;
      return error(`The grader's own swarm has ${ready.length} of ${spec.nodes} nodes Ready${why} Submit again; if it persists, tell your teacher.`);
    }
    if (spec.nodes !== undefined && ready.length !== spec.nodes) {
      const advice =
        ready.length < spec.nodes
          ? " On node1, `docker swarm join-token worker` prints the command to run on each node that is missing."
          : " Remove the extra nodes (`docker node rm` after `docker swarm leave` on them).";
      return fail(`Expected ${spec.nodes} nodes Ready and active in the swarm; \`docker node ls\` shows ${ready.length}: ${seen}.${advice}`);
    }
    const managers = ready.filter((n) => n.role === "manager");
    if (spec.managers !== undefined && managers.length !== spec.managers) {
      return fail(
        `Expected ${spec.managers} manager${spec.managers > 1 ? "s" : ""} among the nodes; found ${managers.length}: ${seen}. Join the others as workers (\`docker swarm join-token worker\`).`,
      );
    }
    passed.push(`The swarm has ${ready.length} nodes Ready (${listInProse(ready.map(describeNode))})`);
  }

  if (spec.stack) {
    const stacks = [...new Set(outcome.services.flatMap((s) => (s.stack ? [s.stack] : [])))];
    const complete = stacks.find((stack) => spec.stack!.every((m) => outcome.services.some((s) => s.stack === stack && matches(s, m))));
    if (!complete) {
      const wanted = listInProse(spec.stack.map((m) => m.describe));
      const byHand = spec.stack.every((m) => outcome.services.some((s) => !s.stack && matches(s, m)));
      const found = stacks.length ? `\`docker stack ls\` shows ${listInProse(stacks)}, with ${serviceList(outcome)}` : `\`docker stack ls\` shows no stack (services: ${serviceList(outcome)})`;
      const deployed = outcome.actions?.find((a) => a.what === "deploy the stack");
      if (deployed) {
        const refused = deployed.exitCode !== 0 ? ` It refused your file: ${describeAction(deployed)}` : "";
        return fail(`Expected a stack holding ${wanted}; after the grader ran \`${deployed.command}\`, ${found}.${refused}`);
      }
      const advice = byHand
        ? " Those services were created one by one: deploy the stack file with `docker stack deploy -c <file> <name>`."
        : ` Deploy the stack file${single ? "" : " on node1"} with \`docker stack deploy -c <file> <name>\`.`;
      return fail(`Expected a stack holding ${wanted}; ${found}.${advice}`);
    }
    passed.push(`Stack ${complete} is deployed`);
  }

  if (spec.service) {
    const service = findService(outcome, spec.service);
    if (!service) return fail(`Expected ${spec.service.describe} among the swarm's services; found ${serviceList(outcome)}.`);
    const running = runningTasks(service);
    if (spec.replicas !== undefined) {
      const desired = service.mode === "global" ? "global (one per node)" : String(service.desiredReplicas ?? 0);
      if (service.mode !== "replicated" || service.desiredReplicas !== spec.replicas) {
        return fail(
          `Expected ${service.name} to be replicated with ${spec.replicas} replicas; it is set to ${desired}. ` +
            `Scale it with \`docker service scale ${service.name}=${spec.replicas}\` (or set deploy.replicas in the stack file and deploy again).`,
        );
      }
      if (running.length !== spec.replicas) {
        const others = service.tasks.filter((t) => t.state !== "running");
        const waiting = others.filter((t) => t.state === "pending" || /suitable node|port/i.test(`${t.error ?? ""} ${t.message ?? ""}`));
        if (single && running.length > 0 && running.length < spec.replicas && others.length > 0 && waiting.length === others.length) {
          return notJudgedHere(
            noClusterMessage(
              `${spec.replicas} replicas of ${service.name} running side by side`,
              `${service.name} is set to ${spec.replicas} replicas, as asked, and ${running.length} runs; the other${others.length > 1 ? "s wait" : " waits"} for another node` +
                `${others[0]?.error || others[0]?.message ? ` ("${others[0]?.error || others[0]?.message}")` : ""}: a port published in mode host takes one replica per node.`,
            ),
          );
        }
        const why = others.length
          ? ` The others: ${listInProse(others.map((t) => `${t.state}${t.node ? ` on ${t.node}` : ""}${t.error ? ` (${t.error})` : t.message ? ` (${t.message})` : ""}`))}.`
          : "";
        const portHint = others.some((t) => /port|suitable node/i.test(`${t.error ?? ""} ${t.message ?? ""}`))
          ? " A port published in mode host can be taken by one task per node: the replicas must be able to run on different nodes."
          : "";
        return fail(`Expected ${spec.replicas} running replicas of ${service.name}; ${running.length} of ${spec.replicas} run.${why}${portHint}`);
      }
      passed.push(`Service ${service.name} runs ${running.length}/${spec.replicas} replicas${running.length ? ` on ${listInProse([...new Set(running.map((t) => t.node))])}` : ""}`);
    }
    if (spec.probe) {
      const verdict = judgeAnswers(spec, service, outcome);
      if (!verdict.ok) return fail(verdict.message);
      passed.push(verdict.message);
    }
  }

  return pass(passed.length ? `${passed.join("; ")}.` : "The swarm is active with node1 as its manager.");
}

/** The grader's own command and what came of it, for a message. */
function describeAction(action: SwarmActionFacts): string {
  const output = excerpt(action.output, 400);
  return `\`${action.command}\` on ${action.node} ${action.exitCode === null ? "did not finish" : `exited ${action.exitCode}`}${output ? `: ${output}` : "."}`;
}

/**
 * A check that needs more than one node, judged on a workbench without clusters: what works there,
 * what does not, and what to tell the teacher.
 */
export function noClusterMessage(needs: string, seen: string): string {
  return (
    `Not judged here: this needs ${needs}, and this workbench has no multi-node clusters (whoever runs it has not turned them on), ` +
    `so the swarm here has a single node: one Docker engine.${seen ? ` ${seen}` : ""} ` +
    "Everything else of the step works and is judged on that one node: `docker swarm init`, `docker stack deploy`, `docker service scale`, `docker service ps` and the pages each replica serves. " +
    'This check does not count for or against you here. If your teacher expects it, tell them: "step 9\'s three-node checks are not judged on this workbench, because multi-node clusters are off (WB_CLUSTER_MODE)".'
  );
}

function answered(probe: SwarmProbeFacts, spec: Spec): boolean {
  if (probe.status === undefined || !spec.probe!.expectStatus.includes(probe.status)) return false;
  if (probe.databaseError) return false;
  return true;
}

const describeProbe = (p: SwarmProbeFacts) =>
  `${p.url} (${p.node}) ${p.error ? p.error : p.databaseError ? `${p.status}, "Error establishing a database connection"` : `answered ${p.status}${p.excerpt ? ` "${p.excerpt}"` : ""}`}`;

function judgeAnswers(spec: Spec, service: SwarmServiceFacts, outcome: SwarmOutcome): { ok: boolean; message: string } {
  const published = service.ports.filter((p) => p.published !== undefined && p.protocol === "tcp");
  const running = runningTasks(service);
  if (!running.length) return { ok: false, message: `Expected ${service.name} to answer over HTTP; none of its tasks runs.` };
  if (!published.length) {
    return { ok: false, message: `Expected ${service.name} to publish a port so that its pages can be reached; it publishes none. Add a \`ports:\` entry (mode: host).` };
  }
  const probes = outcome.probes.filter((p) => p.service === service.name);
  const ingress = published.some((p) => p.mode === "ingress");
  const noMesh = ingress && !outcome.ipvs.available;
  const bad = probes.filter((p) => !answered(p, spec));
  const body = spec.probe!.bodyPattern === undefined ? null : compilePattern(spec.probe!.bodyPattern, "i");

  if (probes.length === 0) {
    return { ok: false, message: `Expected each task of ${service.name} to answer; the grader found nothing to ask (no published port on a running task).` };
  }
  if (bad.length) {
    const seen = listInProse(bad.map(describeProbe));
    if (noMesh) {
      return { ok: false, message: `Expected ${service.name} to answer on its published port; ${seen}. Its port is published through the routing mesh (ingress mode). ${NO_IPVS_EXPLANATION}` };
    }
    const dbVip = bad.some((p) => p.databaseError) && outcome.services.some((s) => s.endpointMode === "vip" && s.name !== service.name);
    const vipHint = dbVip && !outcome.ipvs.available ? ` WordPress cannot reach its database through the service's virtual IP. ${NO_IPVS_EXPLANATION}` : "";
    const dbHint =
      !vipHint && bad.some((p) => p.databaseError) ? " WordPress answers but cannot reach its database: check the database service's logs (`docker service logs`) and the WORDPRESS_DB_* values." : "";
    return { ok: false, message: `Expected every running task of ${service.name} to answer with status ${listInProse(spec.probe!.expectStatus.map(String), "or")}; ${seen}.${vipHint}${dbHint}` };
  }
  if (body?.ok) {
    const off = probes.filter((p) => !body.regex.test(p.excerpt ?? ""));
    if (off.length) return { ok: false, message: `Expected each answer of ${service.name} to match /${spec.probe!.bodyPattern}/; ${listInProse(off.map(describeProbe))}.` };
  }
  if (!ingress) {
    const answeredNodes = new Set(probes.map((p) => p.node));
    const silent = running.filter((t) => !answeredNodes.has(t.node));
    if (silent.length)
      return { ok: false, message: `Expected every running task of ${service.name} to answer; the tasks on ${listInProse(silent.map((t) => t.node))} were not reachable on a published port.` };
  }
  return { ok: true, message: `Every replica answers (${listInProse(probes.map((p) => `${p.url} on ${p.node}: ${p.status}`))})` };
}
