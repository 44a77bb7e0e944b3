/**
 * Whether an engine node's name servers answer at once (WB_PLACEMENT=swarm). The doctor's "name servers" line
 * (../../doctor/name-servers.ts) times the server host's only; an engine node whose resolver drops queries gives its
 * students 20 s WordPress installer pages and a wrong `site-answers` fail (docs/scale-out.md, "`site-answers` on a
 * placed engine"). So the lookup is made on the node itself, as its engines make it: in a container the server
 * already runs there on the node's learners' network (its infra container, else one of its engines), through the node's
 * Docker API, whose embedded DNS forwards to the node's name servers (its /etc/resolv.conf, or its dockerd's `dns`
 * setting). Nothing is pulled or created; the exec is bounded; what it prints is read as hostile text (an engine's
 * student may have a shell in it): one line of two numbers, anything else is "could not be read".
 */
import type Docker from "dockerode";
import { execCommand } from "../exec-command";
import { LABEL_MANAGED, LABEL_ROLE } from "../labels";
import { LEARNER_NETWORK } from "../engine-options";
import type { Logger } from "../../logger";
import { OUTSIDE_NAME, SLOW_LOOKUP_MS, type LookupTiming } from "../../doctor/name-servers";
import type { CheckOutcome } from "../../doctor/doctor-checks";

/** One try, as the host line's: longer than this and the lookup counts as unanswered. */
export const NODE_LOOKUP_TIMEOUT_S = 3;
/** The exec itself (created, started, its output read) on a loaded node, beyond the lookup. */
const EXEC_SLACK_MS = 7_000;
const MARK = "wb-lookup";

/**
 * Run by `sh` in the container: the lookup by the C library (as PHP's), A records only, bounded by `timeout`,
 * timed by the container's own clock; prints `wb-lookup <exit code> <milliseconds>`.
 */
export function nodeLookupScript(name = OUTSIDE_NAME, timeoutS = NODE_LOOKUP_TIMEOUT_S): string {
  if (!/^[a-z0-9.-]+$/.test(name)) throw new Error(`not a host name: ${name}`);
  return `s=$(date +%s%N); timeout ${timeoutS} getent ahostsv4 ${name} >/dev/null 2>&1; rc=$?; e=$(date +%s%N); echo "${MARK} $rc $(( (e - s) / 1000000 ))"`;
}

/** What a node's lookup gave: a timing, or why there is none. */
export type NodeLookup = { timing: LookupTiming; container: string } | { unknown: string };

/**
 * The exec's output, hostile: only a line `wb-lookup <code> <ms>` counts (the last one), with getent's and timeout's
 * exit codes (0 found, 2 no such name, 124 no answer within the time); anything else is undefined.
 */
export function parseNodeLookup(output: string, server: string, timeoutS = NODE_LOOKUP_TIMEOUT_S): LookupTiming | undefined {
  const lines = output
    .slice(-4096)
    .split("\n")
    .map((line) => line.trim());
  const line = lines.reverse().find((l) => l.startsWith(`${MARK} `));
  const match = line?.match(/^wb-lookup (\d{1,3}) (\d{1,7})$/);
  if (!match) return undefined;
  const code = Number(match[1]);
  const ms = Number(match[2]);
  if (code === 124) return { server, ms: Math.max(ms, timeoutS * 1000), answered: false, answer: "no answer" };
  if (code === 0) return { server, ms, answered: true, answer: "found" };
  if (code === 2) return { server, ms, answered: true, answer: "no such name" };
  return undefined;
}

/** The running container of the server's on the node's learners' network to ask from: its infra container first, else an engine. */
async function lookupContainer(node: Docker): Promise<{ id: string; name: string } | undefined> {
  const running = (await node.listContainers({ filters: { label: [`${LABEL_MANAGED}=true`], network: [LEARNER_NETWORK], status: ["running"] } })) as Docker.ContainerInfo[];
  const pick = running.find((c) => c.Labels?.[LABEL_ROLE] === "infra") ?? running.find((c) => c.Labels?.[LABEL_ROLE] === "engine");
  return pick ? { id: pick.Id, name: (pick.Names?.[0] ?? pick.Id.slice(0, 12)).replace(/^\//, "") } : undefined;
}

/** Times a lookup of api.wordpress.org on the node as its engines make it. Never rejects. */
export async function timeNodeLookup(node: Docker, name = OUTSIDE_NAME): Promise<NodeLookup> {
  try {
    const container = await lookupContainer(node);
    if (!container) return { unknown: "not checked: the server runs no container on its learners' network yet (its infra container starts when the node is prepared)" };
    const result = await execCommand(node.getContainer(container.id), {
      cmd: ["sh", "-c", nodeLookupScript(name)],
      timeoutMs: NODE_LOOKUP_TIMEOUT_S * 1000 + EXEC_SLACK_MS,
      maxOutput: 4096,
    });
    if (result.timedOut) return { unknown: `its lookup did not end within ${NODE_LOOKUP_TIMEOUT_S + EXEC_SLACK_MS / 1000} s` };
    const timing = parseNodeLookup(result.output, "its engines' resolver");
    return timing ? { timing, container: container.name } : { unknown: "its lookup's answer could not be read" };
  } catch (error) {
    return { unknown: `not checked: ${(error as Error).message}` };
  }
}

const slow = (t: LookupTiming) => !t.answered || t.ms > SLOW_LOOKUP_MS;
const said = (t: LookupTiming) => (t.answered ? `${t.answer} in ${t.ms} ms` : `no answer in ${(t.ms / 1000).toFixed(1)} s`);

export const NODE_NAME_SERVERS_FIX =
  'give that node a name server that answers at once ("no such name" for what it cannot reach, offline): in the node\'s /etc/resolv.conf, or its Docker daemon\'s "dns" setting in /etc/docker/daemon.json (then restart dockerd); the engines\' lookups go through Docker\'s embedded DNS to those servers (docs/scale-out.md, "`site-answers` on a placed engine")';

/** The doctor's advisory line: each usable engine node's lookup, failing when one gives no answer or a late one. */
export function reportNodeNameServers(nodes: readonly { hostname: string; lookup?: NodeLookup }[], name = OUTSIDE_NAME): CheckOutcome {
  const asked = nodes.filter((n) => n.lookup);
  if (asked.length === 0) return { ok: true, detail: "no engine node ready to ask" };
  const waiting = asked.filter((n) => n.lookup && "timing" in n.lookup && slow(n.lookup.timing));
  const detail = asked.map((n) => `${n.hostname} ${n.lookup && "timing" in n.lookup ? said(n.lookup.timing) : n.lookup!.unknown}`).join("; ");
  if (waiting.length === 0) return { ok: true, detail: `a lookup of ${name} on each engine node, as its engines make it: ${detail}` };
  return {
    ok: false,
    detail: `on ${waiting.map((n) => n.hostname).join(", ")} the engines' lookups of names of the internet wait (${name}): ${detail}. Every engine there waits as long per name: WordPress's installer page takes about 20 s and step 1's site check fails although the work is right`,
    fix: NODE_NAME_SERVERS_FIX,
  };
}

/** When the server prepares a node: a warning in its log when the node's lookups wait (the placement does not wait for it). */
export async function warnOfSlowNodeNameServers(node: Docker, hostname: string, log: Logger): Promise<void> {
  const lookup = await timeNodeLookup(node);
  if (!("timing" in lookup)) {
    log.info("engine node's name servers not timed", { node: hostname, why: lookup.unknown });
    return;
  }
  const { timing } = lookup;
  if (!slow(timing)) {
    log.info("engine node's name servers answer", { node: hostname, name: OUTSIDE_NAME, answer: timing.answer, ms: timing.ms });
    return;
  }
  log.warn("engine node's name servers do not answer at once: its students' WordPress installer pages wait about 20 s and step 1's site check fails wrongly", {
    node: hostname,
    name: OUTSIDE_NAME,
    lookup: said(timing),
    fix: NODE_NAME_SERVERS_FIX,
  });
}
