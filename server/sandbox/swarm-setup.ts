/**
 * What a grade that starts from the student's files alone does on a swarm before judging it
 * (step 9, STEPS.md: "it forms the swarm, deploys the stack as the files say, scales as asked,
 * then checks"): forms the swarm (node1 manager with node2 and node3 joined over eth1, or a
 * one-node swarm in a single engine), creates on the manager the home folders the stack
 * bind-mounts (the lesson has the student run `mkdir -p ~/data_wordpress` there), runs
 * `docker stack deploy` in the step folder, scales as the lab asks, and waits until the tasks
 * settle. Every command runs in a node's shell as the learner, the way the student types it, and
 * is recorded so that a refusal reaches the student as they would have seen it.
 *
 * The student's files only ever reach a command as arguments ($1, $2…), never inside the script.
 */
import type Docker from "dockerode";
import type { SwarmSetupRequest } from "../grading/grading-sandbox";
import type { SwarmActionFacts } from "../grading/swarm/swarm-evidence";
import { matchesService } from "../grading/swarm/service-match";
import { execCommand } from "./exec-command";
import { INNER_DOCKER_HOST, LEARNER_USER, LEARNER_WORKSPACE } from "./engine-options";
import { describeServices } from "./swarm-evidence";
import { CLUSTER_INTERFACE, MANAGER_NODE, type LearnerCluster } from "./cluster-manager";

/** A node's shell, as the grader uses it. */
export interface SwarmShellNode {
  /** How messages name it: "node1", or "your engine". */
  name: string;
  container: Docker.Container;
}

/** The node that deploys (the manager, with the step folder) and the others that join it. */
export interface SwarmSetupTarget {
  manager: SwarmShellNode & { inner: Docker };
  workers: SwarmShellNode[];
  /** Interface the nodes advertise (eth1 on a cluster); none: Docker chooses (one engine). */
  advertise?: string;
  /** Where the manager listens for joins, as workers write it, e.g. "node1:2377". */
  joinAddress?: string;
}

const COMMAND_TIMEOUT_MS = 120_000;
const POLL_MS = 3_000;
/** Tasks in these states are still on their way (image pulls, starts). */
const SETTLING = new Set(["new", "pending", "assigned", "accepted", "preparing", "starting", "ready"]);

export const clusterSetupTarget = (cluster: LearnerCluster): SwarmSetupTarget => ({
  manager: { name: MANAGER_NODE, container: cluster.manager.container, inner: cluster.manager.inner },
  workers: cluster.nodes.filter((n) => !n.manager).map((n) => ({ name: n.name, container: n.container })),
  advertise: CLUSTER_INTERFACE,
  joinAddress: `${MANAGER_NODE}:2377`,
});

interface ShellStep {
  what: string;
  /** As the student would type it, for messages. */
  command: string;
  script: string;
  args?: string[];
  /** Step folder to run in (relative to the workspace); default the learner's home. */
  folder?: string;
  /** Output not logged (it holds the join token). */
  quiet?: boolean;
  timeoutMs?: number;
}

async function runStep(node: SwarmShellNode, step: ShellStep, onLog: (text: string) => void): Promise<SwarmActionFacts> {
  onLog(`$ ${step.command}    # ${node.name}: ${step.what}\n`);
  const result = await execCommand(node.container, {
    cmd: ["bash", "-c", step.script, "grader", ...(step.args ?? [])],
    user: LEARNER_USER,
    env: [`DOCKER_HOST=${INNER_DOCKER_HOST}`],
    workingDir: step.folder ? `${LEARNER_WORKSPACE}/${step.folder}` : undefined,
    timeoutMs: step.timeoutMs ?? COMMAND_TIMEOUT_MS,
    maxOutput: 20_000,
  }).catch((error: unknown) => ({ exitCode: null, output: (error as Error).message, timedOut: false }));
  if (result.output && !step.quiet) onLog(result.output.endsWith("\n") ? result.output : `${result.output}\n`);
  const output = result.output.split("\n").slice(-15).join("\n").trim();
  return { what: step.what, command: step.command, node: node.name, exitCode: result.timedOut ? null : result.exitCode, output };
}

const TOKEN = /^SWMTKN-[A-Za-z0-9-]+$/;

/** Forms the swarm: init on the manager, join every worker. Returns what ran; stops at the first failure. */
async function formSwarm(target: SwarmSetupTarget, onLog: (text: string) => void): Promise<SwarmActionFacts[]> {
  const advertise = target.advertise ? ` --advertise-addr ${target.advertise}` : "";
  const actions: SwarmActionFacts[] = [];
  const init = await runStep(
    target.manager,
    {
      what: "create the swarm",
      command: `docker swarm init${advertise}`,
      script: `docker swarm init${advertise} >/dev/null && docker swarm join-token -q worker`,
      quiet: true,
    },
    onLog,
  );
  actions.push({ ...init, output: init.exitCode === 0 ? "" : init.output });
  const token = init.output.trim().split("\n").at(-1)?.trim() ?? "";
  if (init.exitCode !== 0) return actions;
  if (target.workers.length && !TOKEN.test(token)) {
    actions.push({ what: "read the join token", command: "docker swarm join-token -q worker", node: target.manager.name, exitCode: 1, output: "no join token" });
    return actions;
  }
  const joins = await Promise.all(
    target.workers.map((worker) =>
      runStep(
        worker,
        {
          what: "join the swarm as a worker",
          command: `docker swarm join${advertise} --token SWMTKN-… ${target.joinAddress ?? ""}`.trim(),
          script: `docker swarm join${advertise} --token "$1" "$2"`,
          args: [token, target.joinAddress ?? ""],
        },
        onLog,
      ),
    ),
  );
  actions.push(...joins);
  return actions;
}

/** The stack's services and their tasks, as the manager reports them. */
async function stackServices(inner: Docker, stack: string) {
  const [services, tasks, nodes] = (await Promise.all([
    inner.listServices({ filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stack}`] }) } as object),
    inner.listTasks({ filters: JSON.stringify({ "desired-state": ["running"] }) } as object),
    inner.listNodes(),
  ])) as [Parameters<typeof describeServices>[0], Parameters<typeof describeServices>[1], { ID: string; Description?: { Hostname?: string } }[]];
  return describeServices(services, tasks, new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID])));
}

/**
 * Forms the swarm, deploys the step's stack and scales it as the plan says, then waits (up to
 * request.timeoutMs) until no task is still starting. Returns every command it ran.
 */
export async function setUpSwarmForGrading(target: SwarmSetupTarget, request: SwarmSetupRequest): Promise<SwarmActionFacts[]> {
  const { plan, onLog, onProgress } = request;
  onProgress(target.workers.length ? `Forming a swarm of ${target.workers.length + 1} nodes to deploy your stack on…` : "Forming a one-node swarm to deploy your stack on…");
  const actions = await formSwarm(target, onLog);
  if (actions.some((a) => a.exitCode !== 0)) return actions;

  if (plan.homeFolders.length) {
    actions.push(
      await runStep(
        target.manager,
        {
          what: "create the folders your stack mounts",
          command: `mkdir -p ${plan.homeFolders.map((f) => `~/${f}`).join(" ")}`,
          script: 'for folder in "$@"; do mkdir -p -- "$HOME/$folder" || exit 1; done',
          args: plan.homeFolders,
        },
        onLog,
      ),
    );
  }
  onProgress(`Deploying your ${plan.file} with docker stack deploy…`);
  const deploy = await runStep(
    target.manager,
    {
      what: "deploy the stack",
      command: `docker stack deploy -c ${plan.file} ${plan.stack}`,
      // USER as in the student's terminal: `/home/$USER/…` in the file is expanded from it.
      script: 'export USER="$(id -un)"; docker stack deploy --resolve-image never -c "$1" "$2"',
      args: [plan.file, plan.stack],
      folder: request.folder,
    },
    onLog,
  );
  actions.push(deploy);
  if (deploy.exitCode !== 0) return actions;

  const began = Date.now();
  for (const wanted of plan.scale) {
    const services = await stackServices(target.manager.inner, plan.stack).catch(() => []);
    const service = services.find((s) => matchesService(s, wanted.service));
    if (!service) continue; // the replicas check says which service is missing
    if (service.mode === "replicated" && service.desiredReplicas === wanted.replicas) continue; // the file already asks for it
    actions.push(
      await runStep(
        target.manager,
        {
          what: `scale ${wanted.service.describe}`,
          command: `docker service scale ${service.name}=${wanted.replicas}`,
          script: 'docker service scale -d "$1"',
          args: [`${service.name}=${wanted.replicas}`],
        },
        onLog,
      ),
    );
  }

  onProgress("Waiting for your stack's services to start on the swarm (images are pulled on every node)…");
  for (;;) {
    const services = await stackServices(target.manager.inner, plan.stack).catch(() => undefined);
    const settling = services?.flatMap((s) => s.tasks).filter((t) => SETTLING.has(t.state) && !/suitable node/i.test(`${t.error ?? ""} ${t.message ?? ""}`));
    const tasksMissing = services?.some((s) => s.mode === "replicated" && s.tasks.length < (s.desiredReplicas ?? 0));
    if (services && settling?.length === 0 && !tasksMissing) break;
    if (Date.now() - began > request.timeoutMs) {
      onLog(`The services had not all settled after ${Math.round(request.timeoutMs / 1000)} s; judging what runs.\n`);
      break;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return actions;
}
