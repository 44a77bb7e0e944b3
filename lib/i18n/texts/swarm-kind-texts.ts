/**
 * The messages of the `swarm` check (step 9: the cluster, the stack, the replicas, their answers),
 * in each language. Values quote the engine's output and the student's names unchanged.
 */
import type { TextTemplates } from "./text-templates";

export const SWARM_KIND_TEXTS = {
  "swarm.noIpvs": {
    en: "This host's kernel has no IPVS, which swarm's routing mesh (ports published in the default ingress mode) and service virtual IPs need. Publish the port on the node that runs each task instead (long syntax: `ports: [{target: 80, published: 8080, mode: host}]`) and give every service `deploy: {endpoint_mode: dnsrr}` so that service names resolve to the tasks themselves.",
    fr: "Le noyau de cet hôte n’a pas IPVS, dont ont besoin le maillage de routage de swarm (les ports publiés dans le mode ingress par défaut) et les IP virtuelles des services. Publiez plutôt le port sur le nœud qui fait tourner chaque tâche (syntaxe longue : `ports: [{target: 80, published: 8080, mode: host}]`) et donnez à chaque service `deploy: {endpoint_mode: dnsrr}`, pour que les noms de services désignent directement les tâches.",
  },
  "swarm.serviceImage": { en: "{name} ({image})", fr: "{name} ({image})" },
  "swarm.noServiceAtAll": { en: "no service at all", fr: "aucun service" },
  "swarm.graderCouldNotForm": {
    en: "The grader could not form its swarm to grade your stack. Submit again; if it persists, tell your teacher.",
    fr: "Le correcteur n’a pas pu former son swarm pour noter votre pile. Soumettez de nouveau ; si cela continue, prévenez votre enseignant.",
  },
  "swarm.graderCouldNotFormWhy": {
    en: "The grader could not form its swarm to grade your stack: {action} Submit again; if it persists, tell your teacher.",
    fr: "Le correcteur n’a pas pu former son swarm pour noter votre pile : {action} Soumettez de nouveau ; si cela continue, prévenez votre enseignant.",
  },
  "swarm.engineNotManager": {
    en: 'Expected your Docker engine to be the manager of a swarm; its swarm state is "{state}". Start a one-node swarm in your terminal with `docker swarm init`.',
    fr: "Votre moteur Docker devait être le manager d’un swarm ; l’état de son swarm est « {state} ». Lancez un swarm d’un seul nœud dans votre terminal avec `docker swarm init`.",
  },
  "swarm.node1NotManager": {
    en: 'Expected node1 to be a manager of an active swarm; its swarm state is "{state}". Start one on node1 with `docker swarm init --advertise-addr eth1`.',
    fr: "node1 devait être un manager d’un swarm actif ; l’état de son swarm est « {state} ». Lancez-en un sur node1 avec `docker swarm init --advertise-addr eth1`.",
  },
  "swarm.node1Worker": {
    en: "Expected node1 to be the swarm's manager; it is a worker. Create the swarm on node1 (`docker swarm init`), then join the others to it.",
    fr: "node1 devait être le manager du swarm ; c’est un worker. Créez le swarm sur node1 (`docker swarm init`), puis faites-y entrer les autres.",
  },
  "swarm.seenNode": { en: "{name} ({state})", fr: "{name} ({state})" },
  "swarm.seenManager": { en: "{name} ({state}, the manager)", fr: "{name} ({state}, le manager)" },
  "swarm.nodeLs": { en: "`docker node ls` shows {nodes}.", fr: "`docker node ls` montre {nodes}." },
  "swarm.needsNodes": { en: "a swarm of {count} nodes", fr: "un swarm de {count} nœuds" },
  "swarm.none": { en: "none", fr: "aucun" },
  "swarm.graderNodesWhy": { en: ": {action}", fr: " : {action}" },
  "swarm.graderNodesSeen": { en: " (`docker node ls` shows {seen})", fr: " (`docker node ls` montre {seen})" },
  "swarm.graderNodes": {
    en: "The grader's own swarm has {ready} of {count} nodes Ready{why} Submit again; if it persists, tell your teacher.",
    fr: "Le swarm du correcteur a {ready} nœuds Ready sur {count}{why} Soumettez de nouveau ; si cela continue, prévenez votre enseignant.",
  },
  "swarm.joinAdvice": {
    en: " On node1, `docker swarm join-token worker` prints the command to run on each node that is missing.",
    fr: " Sur node1, `docker swarm join-token worker` affiche la commande à lancer sur chaque nœud qui manque.",
  },
  "swarm.removeAdvice": {
    en: " Remove the extra nodes (`docker node rm` after `docker swarm leave` on them).",
    fr: " Retirez les nœuds en trop (`docker node rm`, après `docker swarm leave` sur eux).",
  },
  "swarm.nodesReady": {
    en: "Expected {count} nodes Ready and active in the swarm; `docker node ls` shows {ready}: {seen}.{advice}",
    fr: "Il fallait {count} nœuds Ready et actifs dans le swarm ; `docker node ls` en montre {ready} : {seen}.{advice}",
  },
  "swarm.managersOne": {
    en: "Expected {count} manager among the nodes; found {found}: {seen}. Join the others as workers (`docker swarm join-token worker`).",
    fr: "Il fallait {count} manager parmi les nœuds ; on en trouve {found} : {seen}. Faites entrer les autres comme workers (`docker swarm join-token worker`).",
  },
  "swarm.managersMany": {
    en: "Expected {count} managers among the nodes; found {found}: {seen}. Join the others as workers (`docker swarm join-token worker`).",
    fr: "Il fallait {count} managers parmi les nœuds ; on en trouve {found} : {seen}. Faites entrer les autres comme workers (`docker swarm join-token worker`).",
  },
  "swarm.stacksSeen": { en: "`docker stack ls` shows {stacks}, with {services}", fr: "`docker stack ls` montre {stacks}, avec {services}" },
  "swarm.noStack": { en: "`docker stack ls` shows no stack (services: {services})", fr: "`docker stack ls` ne montre aucune pile (services : {services})" },
  "swarm.refused": { en: " It refused your file: {action}", fr: " Il a refusé votre fichier : {action}" },
  "swarm.stackAfterDeploy": {
    en: "Expected a stack holding {wanted}; after the grader ran `{command}`, {found}.{refused}",
    fr: "Il fallait une pile contenant {wanted} ; après que le correcteur a lancé `{command}`, {found}.{refused}",
  },
  "swarm.byHand": {
    en: " Those services were created one by one: deploy the stack file with `docker stack deploy -c <file> <name>`.",
    fr: " Ces services ont été créés un par un : déployez le fichier de la pile avec `docker stack deploy -c <fichier> <nom>`.",
  },
  "swarm.deployAdvice": { en: " Deploy the stack file with `docker stack deploy -c <file> <name>`.", fr: " Déployez le fichier de la pile avec `docker stack deploy -c <fichier> <nom>`." },
  "swarm.deployAdviceNode1": {
    en: " Deploy the stack file on node1 with `docker stack deploy -c <file> <name>`.",
    fr: " Déployez le fichier de la pile sur node1 avec `docker stack deploy -c <fichier> <nom>`.",
  },
  "swarm.noStackHolding": { en: "Expected a stack holding {wanted}; {found}.{advice}", fr: "Il fallait une pile contenant {wanted} ; {found}.{advice}" },
  "swarm.serviceMissing": { en: "Expected {describe} among the swarm's services; found {services}.", fr: "Il fallait {describe} parmi les services du swarm ; on trouve {services}." },
  "swarm.globalMode": { en: "global (one per node)", fr: "global (un par nœud)" },
  "swarm.replicasSet": {
    en: "Expected {service} to be replicated with {count} replicas; it is set to {desired}. Scale it with `docker service scale {service}={count}` (or set deploy.replicas in the stack file and deploy again).",
    fr: "{service} devait être répliqué avec {count} répliques ; il est réglé sur {desired}. Changez son échelle avec `docker service scale {service}={count}` (ou fixez deploy.replicas dans le fichier de la pile et redéployez).",
  },
  "swarm.needsReplicas": { en: "{count} replicas of {service} running side by side", fr: "{count} répliques de {service} tournant côte à côte" },
  "swarm.waitsOne": {
    en: "{service} is set to {count} replicas, as asked, and {running} runs; the other waits for another node{quote}: a port published in mode host takes one replica per node.",
    fr: "{service} est réglé sur {count} répliques, comme demandé, et {running} tourne ; l’autre attend un autre nœud{quote} : un port publié en mode host ne prend qu’une réplique par nœud.",
  },
  "swarm.waitsMany": {
    en: "{service} is set to {count} replicas, as asked, and {running} runs; the others wait for another node{quote}: a port published in mode host takes one replica per node.",
    fr: "{service} est réglé sur {count} répliques, comme demandé, et {running} tourne ; les autres attendent un autre nœud{quote} : un port publié en mode host ne prend qu’une réplique par nœud.",
  },
  "swarm.quote": { en: ' ("{text}")', fr: " (« {text} »)" },
  "swarm.taskState": { en: "{state}{node}{why}", fr: "{state}{node}{why}" },
  "swarm.onNode": { en: " on {node}", fr: " sur {node}" },
  "swarm.paren": { en: " ({text})", fr: " ({text})" },
  "swarm.others": { en: " The others: {tasks}.", fr: " Les autres : {tasks}." },
  "swarm.portHint": {
    en: " A port published in mode host can be taken by one task per node: the replicas must be able to run on different nodes.",
    fr: " Un port publié en mode host ne peut être pris que par une tâche par nœud : les répliques doivent pouvoir tourner sur des nœuds différents.",
  },
  "swarm.replicasRunning": {
    en: "Expected {count} running replicas of {service}; {running} of {count} run.{why}{portHint}",
    fr: "Il fallait {count} répliques de {service} en marche ; {running} sur {count} tournent.{why}{portHint}",
  },
  "swarm.action": { en: "`{command}` on {node} {ended}{output}", fr: "`{command}` sur {node} {ended}{output}" },
  "swarm.actionUnfinished": { en: "did not finish", fr: "ne s’est pas terminé" },
  "swarm.actionExited": { en: "exited {code}", fr: "s’est terminé avec le code {code}" },
  "swarm.actionOutput": { en: ": {output}", fr: " : {output}" },
  "swarm.actionNoOutput": { en: ".", fr: "." },
  "swarm.notJudged": {
    en: 'Not judged here: this needs {needs}, and this workbench has no multi-node clusters (whoever runs it has not turned them on), so the swarm here has a single node: one Docker engine.{seen} Everything else of the step works and is judged on that one node: `docker swarm init`, `docker stack deploy`, `docker service scale`, `docker service ps` and the pages each replica serves. This check does not count for or against you here. If your teacher expects it, tell them: "step 9\'s three-node checks are not judged on this workbench, because multi-node clusters are off (WB_CLUSTER_MODE)".',
    fr: "Non vérifiée ici : il faudrait {needs}, et cet atelier n’a pas de grappes de plusieurs nœuds (la personne qui l’héberge ne les a pas activées). Le swarm n’a donc ici qu’un nœud : un seul moteur Docker.{seen} Tout le reste de l’étape fonctionne et est vérifié sur ce nœud : `docker swarm init`, `docker stack deploy`, `docker service scale`, `docker service ps` et les pages servies par chaque réplique. Cette vérification ne compte ni pour ni contre vous ici. Si votre enseignant l’attend, dites-lui : « les vérifications à trois nœuds de l’étape 9 ne sont pas jugées sur cet atelier, car les grappes de plusieurs nœuds y sont désactivées (WB_CLUSTER_MODE) ».",
  },
  "swarm.seen": { en: " {text}", fr: " {text}" },
  "swarm.probeError": { en: "{url} ({node}) {error}", fr: "{url} ({node}) {error}" },
  "swarm.probeDb": { en: '{url} ({node}) {status}, "Error establishing a database connection"', fr: "{url} ({node}) {status}, « Error establishing a database connection »" },
  "swarm.probeAnswered": { en: "{url} ({node}) answered {status}", fr: "{url} ({node}) a répondu {status}" },
  "swarm.probeAnsweredExcerpt": { en: '{url} ({node}) answered {status} "{excerpt}"', fr: "{url} ({node}) a répondu {status} « {excerpt} »" },
  "swarm.noTaskRuns": { en: "Expected {service} to answer over HTTP; none of its tasks runs.", fr: "{service} devait répondre en HTTP ; aucune de ses tâches ne tourne." },
  "swarm.noPort": {
    en: "Expected {service} to publish a port so that its pages can be reached; it publishes none. Add a `ports:` entry (mode: host).",
    fr: "{service} devait publier un port pour que ses pages soient joignables ; il n’en publie aucun. Ajoutez une entrée `ports:` (`mode: host`).",
  },
  "swarm.nothingToAsk": {
    en: "Expected each task of {service} to answer; the grader found nothing to ask (no published port on a running task).",
    fr: "Chaque tâche de {service} devait répondre ; le correcteur n’a rien trouvé à interroger (aucun port publié sur une tâche en marche).",
  },
  "swarm.noMesh": {
    en: "Expected {service} to answer on its published port; {seen}. Its port is published through the routing mesh (ingress mode). {explanation}",
    fr: "{service} devait répondre sur son port publié ; {seen}. Son port est publié par le maillage de routage (mode ingress). {explanation}",
  },
  "swarm.vipHint": {
    en: " WordPress cannot reach its database through the service's virtual IP. {explanation}",
    fr: " WordPress ne peut pas joindre sa base de données par l’IP virtuelle du service. {explanation}",
  },
  "swarm.dbHint": {
    en: " WordPress answers but cannot reach its database: check the database service's logs (`docker service logs`) and the WORDPRESS_DB_* values.",
    fr: " WordPress répond mais ne joint pas sa base de données : regardez les journaux du service de base de données (`docker service logs`) et les valeurs WORDPRESS_DB_*.",
  },
  "swarm.badStatus": {
    en: "Expected every running task of {service} to answer with status {statuses}; {seen}.{vipHint}{dbHint}",
    fr: "Chaque tâche en marche de {service} devait répondre avec le statut {statuses} ; {seen}.{vipHint}{dbHint}",
  },
  "swarm.badBody": { en: "Expected each answer of {service} to match /{pattern}/; {seen}.", fr: "Chaque réponse de {service} devait correspondre à /{pattern}/ ; {seen}." },
  "swarm.silent": {
    en: "Expected every running task of {service} to answer; the tasks on {nodes} were not reachable on a published port.",
    fr: "Chaque tâche en marche de {service} devait répondre ; les tâches sur {nodes} n’étaient pas joignables sur un port publié.",
  },
} satisfies TextTemplates;
