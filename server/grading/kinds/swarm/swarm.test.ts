/** The `swarm` judge on cluster evidence: what passes, and what each broken cluster is told. */
import { describe, expect, it } from "vitest";
import { specOf } from "../../fixtures/test-workspace";
import type { SwarmOutcome } from "../../evidence";
import { db, node, outcome, probe, task, wordpress } from "../../fixtures/swarm-outcomes";
import { judgeSwarm } from "./judge";
import { judgeDynamic } from "../../judge";
import { renderText } from "../../../../lib/i18n/render-text";

const nodesSpec = specOf({ kind: "swarm", nodes: 3, managers: 1 });
const stackSpec = specOf({
  kind: "swarm",
  stack: [
    { describe: "the WordPress service", image: "wordpress" },
    { describe: "the database service", image: "mysql|mariadb" },
  ],
});
const replicasSpec = specOf({ kind: "swarm", service: { describe: "the WordPress service", image: "wordpress" }, replicas: 2 });
const answersSpec = specOf({ kind: "swarm", service: { describe: "the WordPress service", image: "wordpress" }, probe: { expectStatus: [200, 302] } });

describe("swarm: nodes", () => {
  it("passes with three Ready nodes and one manager, naming them", () => {
    const result = judgeSwarm(nodesSpec, outcome());
    expect(result.status).toBe("pass");
    expect(result.message).toContain("3 nodes Ready (node1 ready leader, node2 ready and node3 ready)");
  });

  it("fails with two nodes joined and says how to join the third", () => {
    const result = judgeSwarm(nodesSpec, outcome({ nodes: [node("node1"), node("node2")] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Expected 3 nodes Ready and active in the swarm; `docker node ls` shows 2");
    expect(result.message).toContain("docker swarm join-token worker");
  });

  it("does not count a node that is down", () => {
    const result = judgeSwarm(nodesSpec, outcome({ nodes: [node("node1"), node("node2"), node("node3", { state: "down" })] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("node3 down");
  });

  it("fails when the workers joined as managers", () => {
    const result = judgeSwarm(nodesSpec, outcome({ nodes: [node("node1"), node("node2", { role: "manager" }), node("node3", { role: "manager" })] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Expected 1 manager among the nodes; found 3");
  });

  it("fails when node1 is in no swarm, with the command to start one", () => {
    const result = judgeSwarm(nodesSpec, outcome({ localState: "inactive", nodes: [], services: [] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("docker swarm init --advertise-addr");
  });

  it("is an error (not the student's fault) when the cluster could not be asked", () => {
    expect(judgeSwarm(nodesSpec, outcome({ error: "Multi-node clusters are not enabled" })).status).toBe("error");
  });
});

describe("swarm: stack", () => {
  it("passes when one stack holds both services", () => {
    const result = judgeSwarm(stackSpec, outcome());
    expect(result).toMatchObject({ status: "pass", message: "Stack wp is deployed." });
    expect(renderText(result.text!, "fr")).toBe("La pile wp est déployée.");
  });

  it("accepts mariadb for the database and any stack name", () => {
    const services = [wordpress({ stack: "blog", name: "blog_web", shortName: "web" }), db({ stack: "blog", name: "blog_db", image: "mariadb:10" })];
    expect(judgeSwarm(stackSpec, outcome({ services })).status).toBe("pass");
  });

  it("fails when no stack is deployed", () => {
    const result = judgeSwarm(stackSpec, outcome({ services: [] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("`docker stack ls` shows no stack");
    expect(result.message).toContain("docker stack deploy -c");
  });

  it("tells services created by hand from a deployed stack", () => {
    const services = [wordpress({ stack: undefined, name: "wordpress", shortName: "wordpress" }), db({ stack: undefined, name: "db", shortName: "db" })];
    const result = judgeSwarm(stackSpec, outcome({ services }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("created one by one");
  });

  it("fails when the stack lacks the database", () => {
    const result = judgeSwarm(stackSpec, outcome({ services: [wordpress()] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("the WordPress service and the database service");
  });
});

describe("swarm: replicas", () => {
  it("passes with 2/2 running on two nodes", () => {
    const result = judgeSwarm(replicasSpec, outcome());
    expect(result).toMatchObject({ status: "pass", message: "Service wp_wordpress runs 2/2 replicas on node2 and node3." });
    expect(renderText(result.text!, "fr")).toBe("Le service wp_wordpress fait tourner 2/2 répliques sur node2 et node3.");
  });

  it("fails with one replica wanted and says how to scale", () => {
    const result = judgeSwarm(replicasSpec, outcome({ services: [wordpress({ desiredReplicas: 1, tasks: [task("node2")] }), db()] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("it is set to 1");
    expect(result.message).toContain("docker service scale wp_wordpress=2");
  });

  it("fails when only one of two runs and explains a host port taken on the node", () => {
    const tasks = [task("node1"), task("", { state: "pending", error: "no suitable node (host-mode port already in use on 1 node)" })];
    const result = judgeSwarm(replicasSpec, outcome({ services: [wordpress({ tasks }), db()] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("1 of 2 run");
    expect(result.message).toContain("pending (no suitable node");
    expect(result.message).toContain("one task per node");
  });

  it("fails on a global service", () => {
    const result = judgeSwarm(replicasSpec, outcome({ services: [wordpress({ mode: "global", desiredReplicas: undefined }), db()] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("global");
  });

  it("fails when no service runs WordPress", () => {
    const result = judgeSwarm(replicasSpec, outcome({ services: [db()] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Expected the WordPress service among the swarm's services; found wp_db (mysql:5.7)");
  });
});

describe("swarm: every replica answers", () => {
  it("passes when each running task answers on its node", () => {
    const result = judgeSwarm(answersSpec, outcome());
    expect(result.status).toBe("pass");
    expect(result.message).toContain("http://node2:8080/ on node2: 200");
  });

  it("explains the missing routing mesh when an ingress port does not answer here", () => {
    const services = [wordpress({ ports: [{ target: 80, published: 8080, protocol: "tcp", mode: "ingress" }] }), db()];
    const probes = [probe("node1", { via: "ingress", status: undefined, error: "connection refused" })];
    const result = judgeSwarm(answersSpec, outcome({ services, probes }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("routing mesh");
    expect(result.message).toContain("no IPVS");
    expect(result.message).toContain("mode: host");
    expect(result.message).toContain("endpoint_mode: dnsrr");
  });

  it("passes an ingress port where the kernel has IPVS and the mesh answers", () => {
    const services = [wordpress({ ports: [{ target: 80, published: 8080, protocol: "tcp", mode: "ingress" }] }), db({ endpointMode: "vip" })];
    const probes = ["node1", "node2", "node3"].map((n) => probe(n, { via: "ingress" }));
    expect(judgeSwarm(answersSpec, outcome({ services, probes, ipvs: { available: true, evidence: "/proc/net/ip_vs exists" } })).status).toBe("pass");
  });

  it("explains dnsrr when WordPress cannot reach a database behind a virtual IP", () => {
    const probes = [probe("node2", { status: 500, databaseError: true }), probe("node3", { status: 500, databaseError: true })];
    const result = judgeSwarm(answersSpec, outcome({ services: [wordpress(), db({ endpointMode: "vip" })], probes }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("virtual IP");
    expect(result.message).toContain("endpoint_mode: dnsrr");
  });

  it("fails when one replica does not answer", () => {
    const probes = [probe("node2"), probe("node3", { status: undefined, error: "no answer within 5 s" })];
    const result = judgeSwarm(answersSpec, outcome({ probes }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("http://node3:8080/ (node3) no answer within 5 s");
  });

  it("fails when the service publishes no port", () => {
    const result = judgeSwarm(answersSpec, outcome({ services: [wordpress({ ports: [] }), db()], probes: [] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("publishes none");
  });
});

describe("swarm: in the check engine", () => {
  it("is judged from swarm evidence by judgeDynamic", () => {
    const workspace = { folder: "9_wordpress_swarm", files: {} };
    expect(judgeDynamic(nodesSpec, outcome(), workspace).status).toBe("pass");
    expect(judgeDynamic(nodesSpec, { kind: "exec", exitCode: 0, output: "", timedOut: false }, workspace).status).toBe("error");
  });

  it("refuses replicas without the service they are about", () => {
    expect(() => specOf({ kind: "swarm", replicas: 2 })).toThrow(/service/);
  });
});

/** One engine (WB_CLUSTER_MODE=off): a one-node swarm, the reference deployed on it. */
const single = (o: Partial<SwarmOutcome> = {}): SwarmOutcome =>
  outcome({
    place: "single-engine",
    nodes: [node("workbench", { role: "manager", leader: true })],
    services: [
      wordpress({
        tasks: [task("workbench"), task("", { state: "pending", error: "no suitable node (host-mode port already in use on 1 node)", hostPorts: [] })],
      }),
      db({ tasks: [task("workbench", { hostPorts: [] })] }),
    ],
    probes: [probe("workbench")],
    ...o,
  });

describe("swarm: on one engine, where clusters are off", () => {
  it("does not judge the three nodes, and says why, what works and what to tell the teacher", () => {
    const result = judgeSwarm(nodesSpec, single());
    expect(result.status).toBe("skip");
    expect(result.notJudgedHere).toBe(true);
    expect(result.message).toMatch(/^Not judged here: this needs a swarm of 3 nodes/);
    expect(result.message).toContain("no multi-node clusters");
    expect(result.message).toContain("`docker stack deploy`");
    expect(result.message).toContain("tell them");
    expect(result.message).toContain("`docker node ls` shows workbench (ready, the manager).");
  });

  it("judges the stack, the database and the answers of what runs there", () => {
    expect(judgeSwarm(stackSpec, single()).status).toBe("pass");
    expect(judgeSwarm(answersSpec, single()).status).toBe("pass");
    expect(judgeSwarm(answersSpec, single({ probes: [probe("workbench", { status: 500 })] })).status).toBe("fail");
  });

  it("two replicas wanted, one running and the other waiting for a node: not judged here", () => {
    const result = judgeSwarm(replicasSpec, single());
    expect(result.notJudgedHere).toBe(true);
    expect(result.message).toContain("wp_wordpress is set to 2 replicas, as asked, and 1 runs; the other waits for another node");
    expect(result.message).toContain("host-mode port already in use");
  });

  it("one replica wanted is still a failure: that much a single node can judge", () => {
    const result = judgeSwarm(replicasSpec, single({ services: [wordpress({ desiredReplicas: 1, tasks: [task("workbench")] }), db()] }));
    expect(result.status).toBe("fail");
    expect(result.notJudgedHere).toBeUndefined();
    expect(result.message).toContain("docker service scale wp_wordpress=2");
  });

  it("a replica that failed (not one waiting for a node) is a failure", () => {
    const failed = wordpress({ tasks: [task("workbench"), task("workbench", { state: "failed", error: "task: non-zero exit (1)", hostPorts: [] })] });
    expect(judgeSwarm(replicasSpec, single({ services: [failed, db()] })).status).toBe("fail");
  });

  it("no swarm in the student's engine: says to start a one-node swarm there", () => {
    const result = judgeSwarm(nodesSpec, single({ localState: "inactive", isManager: false, nodes: [], services: [] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("`docker swarm init`");
    expect(result.message).not.toContain("node1");
  });
});

describe("swarm: after the grader set the swarm up itself (a grade that counts)", () => {
  const deploy = (exitCode: number, output: string) => ({
    what: "deploy the stack",
    command: "docker stack deploy -c stack_wordpress.yml wordpress",
    node: "node1",
    exitCode,
    output,
  });

  it("a stack file docker stack deploy refuses: the stack check quotes the refusal", () => {
    const refused = deploy(1, "services.wordpress.deploy.replicas must be a integer");
    const result = judgeSwarm(stackSpec, outcome({ services: [], actions: [refused] }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("after the grader ran `docker stack deploy -c stack_wordpress.yml wordpress`, `docker stack ls` shows no stack");
    expect(result.message).toContain("exited 1: services.wordpress.deploy.replicas must be a integer");
  });

  it("a swarm the grader could not form is its error, not the student's failure", () => {
    const init = { what: "create the swarm", command: "docker swarm init --advertise-addr eth1", node: "node1", exitCode: 1, output: "Error response from daemon: boom" };
    const result = judgeSwarm(nodesSpec, outcome({ localState: "inactive", isManager: false, nodes: [], services: [], actions: [init] }));
    expect(result.status).toBe("error");
    expect(result.message).toContain("could not form its swarm");
    expect(result.message).toContain("boom");
  });

  it("a node the grader could not join is its error, naming the join that failed", () => {
    const join = {
      what: "join the swarm as a worker",
      command: "docker swarm join --advertise-addr eth1 --token SWMTKN-… node1:2377",
      node: "node3",
      exitCode: 1,
      output: "Timeout was reached before node joined",
    };
    const result = judgeSwarm(nodesSpec, outcome({ nodes: [node("node1"), node("node2")], actions: [join] }));
    expect(result.status).toBe("error");
    expect(result.message).toContain("The grader's own swarm has 2 of 3 nodes Ready");
    expect(result.message).toContain("on node3 exited 1: Timeout was reached before node joined");
  });

  it("refuses scale without the service and its replicas", () => {
    expect(() => specOf({ kind: "swarm", scale: true, service: { describe: "x", image: "wordpress" } })).toThrow(/scale/);
  });
});
