/**
 * What the server tells a student over the websocket (engine, queue, Check and Submit states,
 * faults of ours), in each language. The English is the text the server code writes, so that a
 * message sent as plain English is recognised (server/ws/message-text.ts) and shown in French.
 */
import type { TextTemplates } from "./text-templates";

export const SERVER_TEXTS = {
  "engine.ready": { en: "Your Docker engine is ready.", fr: "Votre moteur Docker est prêt." },
  "engine.readyIn": { en: "Your Docker engine is ready (started in {seconds} s).", fr: "Votre moteur Docker est prêt (démarré en {seconds} s)." },
  "engine.connecting": { en: "Connecting to your Docker engine…", fr: "Connexion à votre moteur Docker…" },
  "engine.starting": { en: "Starting your Docker engine…", fr: "Démarrage de votre moteur Docker…" },
  "engine.waiting": { en: "Waiting for your Docker engine…", fr: "En attente de votre moteur Docker…" },
  "engine.stopped": { en: "Your Docker engine was stopped.", fr: "Votre moteur Docker a été arrêté." },
  "engine.lost": {
    en: "Your Docker engine stopped: the Docker service on the server restarted or the engine failed. Your files are safe. Press Try again for a new engine.",
    fr: "Votre moteur Docker s’est arrêté : le service Docker du serveur a redémarré, ou le moteur a planté. Vos fichiers ne risquent rien. Cliquez sur Réessayer pour obtenir un nouveau moteur.",
  },
  "engine.moved": {
    en: "Your Docker engine moved to another machine: your files are safe, the terminal restarts.",
    fr: "Votre moteur Docker est passé sur une autre machine : vos fichiers ne risquent rien, le terminal redémarre.",
  },
  "engine.yielded": {
    en: "Your Docker engine was stopped to let a waiting classmate in. Your files are safe; type in the terminal or press Restart shell to get back in the queue.",
    fr: "Votre moteur Docker a été arrêté pour laisser entrer un camarade qui attendait. Vos fichiers ne risquent rien ; tapez dans le terminal ou cliquez sur Relancer le shell pour reprendre place dans la file.",
  },
  "engine.notStarted": { en: "Your Docker engine could not be started.", fr: "Votre moteur Docker n’a pas pu démarrer." },
  "engine.notStartedBecause": {
    en: "Your Docker engine could not be started ({error}). Try again in a moment; if it persists, tell your teacher.",
    fr: "Votre moteur Docker n’a pas pu démarrer ({error}). Réessayez dans un instant ; si cela continue, prévenez votre enseignant.",
  },
  "engine.tooSlow": {
    en: "Your Docker engine did not start in time. Try again; if it persists, tell your teacher.",
    fr: "Votre moteur Docker n’a pas démarré à temps. Réessayez ; si cela continue, prévenez votre enseignant.",
  },
  "engine.diskNotReady": {
    en: "Your engine's disk could not be prepared. Try again in a moment; if it persists, tell your teacher.",
    fr: "Le disque de votre moteur n’a pas pu être préparé. Réessayez dans un instant ; si cela continue, prévenez votre enseignant.",
  },
  "engine.queueOne": {
    en: "This server's one Docker engine is in use: you are number {position} in the queue. Your files are safe; your terminal starts as soon as an engine is free.",
    fr: "L’unique moteur Docker de ce serveur est occupé : vous êtes n° {position} dans la file d’attente. Vos fichiers ne risquent rien ; votre terminal démarrera dès qu’un moteur se libérera.",
  },
  "engine.queueMany": {
    en: "All {limit} Docker engines of this server are in use: you are number {position} in the queue. Your files are safe; your terminal starts as soon as an engine is free.",
    fr: "Les {limit} moteurs Docker de ce serveur sont tous occupés : vous êtes n° {position} dans la file d’attente. Vos fichiers ne risquent rien ; votre terminal démarrera dès qu’un moteur se libérera.",
  },
  "engine.queueOneCluster": {
    en: "This server's one Docker engine is in use: you are number {position} in the queue. Your files are safe; your cluster starts as soon as an engine is free.",
    fr: "L’unique moteur Docker de ce serveur est occupé : vous êtes n° {position} dans la file d’attente. Vos fichiers ne risquent rien ; votre grappe démarrera dès qu’un moteur se libérera.",
  },
  "engine.queueManyCluster": {
    en: "All {limit} Docker engines of this server are in use: you are number {position} in the queue. Your files are safe; your cluster starts as soon as an engine is free.",
    fr: "Les {limit} moteurs Docker de ce serveur sont tous occupés : vous êtes n° {position} dans la file d’attente. Vos fichiers ne risquent rien ; votre grappe démarrera dès qu’un moteur se libérera.",
  },
  "engine.queueLeft": {
    en: "You left the queue for a Docker engine. Reload the page to queue again.",
    fr: "Vous avez quitté la file d’attente d’un moteur Docker. Rechargez la page pour y revenir.",
  },
  "engine.queueLeftClosed": {
    en: "You left the queue for a Docker engine (the page was closed). Reload the page to queue again.",
    fr: "Vous avez quitté la file d’attente d’un moteur Docker (la page a été fermée). Rechargez la page pour y revenir.",
  },
  "engine.stoppedWhileQueued": {
    en: "Your Docker engine was stopped while you waited for it. Press Try again to queue again.",
    fr: "Votre moteur Docker a été arrêté pendant que vous l’attendiez. Cliquez sur Réessayer pour reprendre place dans la file.",
  },
  "engine.tooMany": {
    en: "This needs {weight} Docker engines at once, but this server runs at most {limit}. Tell your teacher.",
    fr: "Il faudrait {weight} moteurs Docker à la fois, mais ce serveur n’en fait tourner que {limit} au plus. Prévenez votre enseignant.",
  },
  "engines.down": {
    en: "Docker engines cannot start on this server right now, so the terminal and the Check are unavailable. Your files are safe and you can keep editing. Tell your teacher: the server's log says what to fix.",
    fr: "Les moteurs Docker ne peuvent pas démarrer sur ce serveur pour l’instant : le terminal et la vérification sont indisponibles. Vos fichiers ne risquent rien et vous pouvez continuer à les modifier. Prévenez votre enseignant : le journal du serveur indique quoi réparer.",
  },
  "cluster.ready": {
    en: "Your three-node cluster is ready (started in {seconds} s).",
    fr: "Votre grappe de trois nœuds est prête (démarrée en {seconds} s).",
  },
  "cluster.stopped": { en: "Your three-node cluster was stopped.", fr: "Votre grappe de trois nœuds a été arrêtée." },
  "cluster.starting": { en: "Starting your three-node cluster (node1, node2, node3)…", fr: "Démarrage de votre grappe de trois nœuds (node1, node2, node3)…" },
  "cluster.waiting": { en: "Waiting for your three-node cluster…", fr: "En attente de votre grappe de trois nœuds…" },
  "cluster.notStarted": { en: "Your three-node cluster could not be started.", fr: "Votre grappe de trois nœuds n’a pas pu démarrer." },
  "cluster.notStartedRetry": {
    en: "Your three-node cluster could not be started. Try again in a moment; if it persists, tell your teacher.",
    fr: "Votre grappe de trois nœuds n’a pas pu démarrer. Réessayez dans un instant ; si cela continue, prévenez votre enseignant.",
  },
  "cluster.queueLeft": {
    en: "You left the queue for a three-node cluster (the page was closed).",
    fr: "Vous avez quitté la file d’attente d’une grappe de trois nœuds (la page a été fermée).",
  },
  "cluster.stoppedWhileQueued": {
    en: "Your three-node cluster was stopped while it waited for engines.",
    fr: "Votre grappe de trois nœuds a été arrêtée pendant qu’elle attendait des moteurs.",
  },
  "cluster.disabled": {
    en: "Multi-node clusters are not enabled on this workbench: they need engines with host-root-equivalent capabilities, which the operator must allow explicitly (WB_CLUSTER_MODE=privileged-caps, on a dedicated sandbox host). You can still practise with a single-node swarm in your own engine: `docker swarm init`.",
    fr: "Les grappes de plusieurs nœuds ne sont pas activées sur cet atelier : leurs moteurs ont des droits équivalents à root sur l’hôte, ce que l’administrateur doit autoriser expressément (WB_CLUSTER_MODE=privileged-caps, sur un hôte réservé aux bacs à sable). Vous pouvez quand même vous entraîner avec un swarm d’un seul nœud dans votre propre moteur : `docker swarm init`.",
  },
  "swarm.forming": { en: "Forming a swarm of {nodes} nodes to deploy your stack on…", fr: "Formation d’un swarm de {nodes} nœuds pour y déployer votre pile…" },
  "swarm.formingOne": { en: "Forming a one-node swarm to deploy your stack on…", fr: "Formation d’un swarm d’un seul nœud pour y déployer votre pile…" },
  "swarm.deploying": { en: "Deploying your {file} with docker stack deploy…", fr: "Déploiement de votre {file} avec docker stack deploy…" },
  "swarm.waiting": {
    en: "Waiting for your stack's services to start on the swarm (images are pulled on every node)…",
    fr: "En attente du démarrage des services de votre pile sur le swarm (les images sont récupérées sur chaque nœud)…",
  },
  "terminal.ended": { en: "The shell has ended.", fr: "Le shell s’est terminé." },
  "terminal.closed": { en: "The shell was closed.", fr: "Le shell a été fermé." },
  "check.running": {
    en: "A check is already running for you: its progress is shown here, wait for it to finish.",
    fr: "Une vérification est déjà en cours pour vous : son avancement s’affiche ici, attendez qu’elle se termine.",
  },
  "check.interrupted": { en: "This check was interrupted. Press Check again.", fr: "Cette vérification a été interrompue. Cliquez de nouveau sur Vérifier." },
  "check.ourFault": {
    en: "The check could not finish because of a problem on our side.",
    fr: "La vérification n’a pas pu aller au bout à cause d’un problème de notre côté.",
  },
  "check.noStep": { en: "There is no step {step} in this course.", fr: "Ce cours n’a pas d’étape {step}." },
  "check.reading": { en: "Reading your files…", fr: "Lecture de vos fichiers…" },
  "check.checking": { en: "Checking: {title}", fr: "Vérification : {title}" },
  "check.allPass": { en: "Every check passes.", fr: "Toutes les vérifications réussissent." },
  "check.someFail": { en: "Some checks fail: see below.", fr: "Certaines vérifications échouent : voyez ci-dessous." },
  "build.layerCache": {
    en: "Fetching the class's cache of the reference build…",
    fr: "Récupération du cache de la classe (la construction de référence)…",
  },
  "build.layerCacheJoin": {
    en: "Finishing the fetch of the class's cache of the reference build, begun when you saved…",
    fr: "Fin de la récupération du cache de la classe (la construction de référence), commencée à votre enregistrement…",
  },
  "build.sending": { en: "Sending the build context to your engine…", fr: "Envoi du contexte de construction à votre moteur…" },
  "build.step": { en: "Build step {current} of {total}", fr: "Étape de construction {current} sur {total}" },
  "build.contextNoWorkspace": { en: "Your workspace folder does not exist.", fr: "Votre dossier de travail n’existe pas." },
  "build.contextNoFolder": { en: "The build folder “{folder}” does not exist.", fr: "Le dossier de construction « {folder} » n’existe pas." },
  "build.contextOutside": { en: "The build context “{context}” lies outside your workspace.", fr: "Le contexte de construction « {context} » est en dehors de votre espace de travail." },
  "build.contextTooMany": { en: "The build folder has more than {count} files and folders.", fr: "Le dossier de construction contient plus de {count} fichiers et dossiers." },
  "build.contextTooLarge": { en: "The build folder is larger than {size}.", fr: "Le dossier de construction dépasse {size}." },
  "build.tooLong": { en: "the build took longer than {seconds} s and was stopped", fr: "la construction a duré plus de {seconds} s et a été arrêtée" },
  "build.noImage": { en: "the engine did not report a built image", fr: "le moteur n’a signalé aucune image construite" },
  "preview.noEngine": { en: "Your Docker engine is not running yet.", fr: "Votre moteur Docker ne tourne pas encore." },
  "preview.nothingAnswers": {
    en: "Nothing answers on port {port} yet: start your container with -p {port}:{port} (or your stack), then wait a moment.",
    fr: "Rien ne répond encore sur le port {port} : lancez votre conteneur avec `-p {port}:{port}` (ou votre pile), puis patientez un instant.",
  },
  "preview.answers": { en: "Your site answers on port {port}.", fr: "Votre site répond sur le port {port}." },
  "engines.stopping": {
    en: "The workbench is stopping: no new Docker engine starts now. Your files are safe; a submission waiting in the queue is graded when it is back.",
    fr: "L’atelier est en train de s’arrêter : aucun nouveau moteur Docker ne démarre pour l’instant. Vos fichiers ne risquent rien ; une soumission en file d’attente sera notée à son retour.",
  },
  "submit.stopping": {
    en: "The workbench is stopping: your submission is graded when it is back.",
    fr: "L’atelier est en train de s’arrêter : votre soumission sera notée à son retour.",
  },
  "submit.resumed": {
    en: "The server restarted while your submission was being graded: it is graded again now, from the files you submitted.",
    fr: "Le serveur a redémarré pendant la notation de votre soumission : elle est notée de nouveau maintenant, à partir des fichiers que vous aviez soumis.",
  },
  "submit.ourFault": {
    en: "Your submission could not be graded because of a problem on our side. Your files are safe: submit again.",
    fr: "Votre soumission n’a pas pu être notée à cause d’un problème de notre côté. Vos fichiers ne risquent rien : soumettez de nouveau.",
  },
  "submit.queue": {
    en: "Every Docker engine of this server is in use: your submission is number {position} in the queue. It is graded as soon as one is free.{eta}",
    fr: "Tous les moteurs Docker de ce serveur sont occupés : votre soumission est n° {position} dans la file d’attente. Elle sera notée dès qu’un moteur se libérera.{eta}",
  },
  "build.slotWaiting": {
    en: "Waiting for a build slot: you are number {position} of {waiting} waiting.",
    fr: "En attente d’une place pour construire : vous êtes numéro {position} sur {waiting} en attente.",
  },
  "build.slotWaitingEta": {
    en: "Waiting for a build slot: you are number {position} of {waiting} waiting; about {minutes} minutes.",
    fr: "En attente d’une place pour construire : vous êtes numéro {position} sur {waiting} en attente ; environ {minutes} minutes.",
  },
  "build.slotWaitingEtaOne": {
    en: "Waiting for a build slot: you are number {position} of {waiting} waiting; about 1 minute.",
    fr: "En attente d’une place pour construire : vous êtes numéro {position} sur {waiting} en attente ; environ une minute.",
  },
  "build.slotLeftClosed": {
    en: "You left the queue for a build slot (every page of the workbench was closed). Press Check again.",
    fr: "Vous avez quitté la file d’attente pour construire (toutes les pages de l’atelier ont été fermées). Relancez la vérification.",
  },
  "build.slotTimedOut": {
    en: "No build slot became free within {minutes} minutes: the other students' builds on this machine took them all. Your files are safe: try again later.",
    fr: "Aucune place pour construire ne s’est libérée en {minutes} minutes : les constructions des autres étudiants sur cette machine les occupaient toutes. Vos fichiers ne risquent rien : réessayez plus tard.",
  },
  "submit.eta": { en: " It should start in about {minutes} minutes.", fr: " Elle devrait commencer dans {minutes} minutes environ." },
  "submit.etaOne": { en: " It should start in about 1 minute.", fr: " Elle devrait commencer dans une minute environ." },
  "submit.waiting": { en: "Waiting for a free Docker engine to grade your submission…", fr: "En attente d’un moteur Docker libre pour noter votre soumission…" },
  "submit.noEngine": {
    en: "No Docker engine became free to grade your submission within {minutes} minutes: every engine of this server is in use. Your files are safe: submit again later.",
    fr: "Aucun moteur Docker ne s’est libéré en {minutes} minutes pour noter votre soumission : tous les moteurs de ce serveur sont occupés. Vos fichiers ne risquent rien : soumettez de nouveau plus tard.",
  },
  "submit.noEngineOne": {
    en: "No Docker engine became free to grade your submission within 1 minute: every engine of this server is in use. Your files are safe: submit again later.",
    fr: "Aucun moteur Docker ne s’est libéré en une minute pour noter votre soumission : tous les moteurs de ce serveur sont occupés. Vos fichiers ne risquent rien : soumettez de nouveau plus tard.",
  },
  "submit.starting": {
    en: "Starting a fresh grading sandbox (a Docker engine of the server's, not yours)…",
    fr: "Démarrage d’un bac à sable de notation neuf (un moteur Docker du serveur, pas le vôtre)…",
  },
  "submit.copying": { en: "Copying your files into a fresh grading sandbox…", fr: "Copie de vos fichiers dans un bac à sable de notation neuf…" },
  "submit.sandboxFailed": {
    en: "The grading sandbox could not be started. Your files are safe: submit again in a moment; if it persists, tell your teacher.",
    fr: "Le bac à sable de notation n’a pas pu démarrer. Vos fichiers ne risquent rien : soumettez de nouveau dans un instant ; si cela continue, prévenez votre enseignant.",
  },
  "submit.clusterStarting": {
    en: "Starting a fresh three-node cluster of the server's to grade your stack on (not yours: yours stays as it is)…",
    fr: "Démarrage d’une grappe de trois nœuds neuve, celle du serveur, pour y noter votre pile (pas la vôtre : elle reste telle quelle)…",
  },
  "submit.clusterFailed": {
    en: "The three-node cluster to grade your stack on could not be started. Your files are safe: submit again in a moment; if it persists, tell your teacher.",
    fr: "La grappe de trois nœuds où noter votre pile n’a pas pu démarrer. Vos fichiers ne risquent rien : soumettez de nouveau dans un instant ; si cela continue, prévenez votre enseignant.",
  },
  "error.ours": { en: "Something went wrong on our side; it has been logged.", fr: "Quelque chose s’est mal passé de notre côté ; l’incident est consigné dans le journal." },
  "error.oursRetry": {
    en: "Something went wrong on our side. Try again; if it persists, tell your teacher.",
    fr: "Quelque chose s’est mal passé de notre côté. Réessayez ; si cela continue, prévenez votre enseignant.",
  },
  "error.databaseUnavailable": {
    en: "The workbench's database is not available at the moment, so nothing was saved. Try again in a minute; if it persists, tell your teacher.",
    fr: "La base de données de l’atelier n’est pas disponible pour le moment : rien n’a été enregistré. Réessayez dans une minute ; si cela continue, prévenez votre enseignant.",
  },
  "error.notPreviewPort": { en: "Port {port} is not a preview port of this course.", fr: "Le port {port} n’est pas un port d’aperçu de ce cours." },
  // A websocket frame of the page the server refuses (the detail is in the server's log)
  "frame.tooLarge": {
    en: "The workbench refused a message from this page: it is larger than {size}. Reload the page; if it persists, tell your teacher.",
    fr: "L’atelier a refusé un message de cette page : il dépasse {size}. Rechargez la page ; si cela continue, prévenez votre enseignant.",
  },
  "frame.notJson": {
    en: "The workbench refused a message from this page: it could not read it. Reload the page; if it persists, tell your teacher.",
    fr: "L’atelier a refusé un message de cette page : il n’a pas pu le lire. Rechargez la page ; si cela continue, prévenez votre enseignant.",
  },
  "frame.unknownType": {
    en: "The workbench refused a message from this page: it is of a kind the workbench does not know. Reload the page; if it persists, tell your teacher.",
    fr: "L’atelier a refusé un message de cette page : il est d’un type que l’atelier ne connaît pas. Rechargez la page ; si cela continue, prévenez votre enseignant.",
  },
  "frame.invalid": {
    en: "The workbench refused a “{type}” message from this page: a field is missing or has a value it does not accept. Reload the page; if it persists, tell your teacher.",
    fr: "L’atelier a refusé un message « {type} » de cette page : il y manque un champ, ou l’un d’eux a une valeur qu’il n’accepte pas. Rechargez la page ; si cela continue, prévenez votre enseignant.",
  },
} satisfies TextTemplates;
