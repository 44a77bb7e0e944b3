/**
 * The grader's messages to a student, in each language: what was expected and what was found,
 * with the file and line. Values quote the student's file or the engine's output unchanged.
 */
import type { TextTemplates } from "./text-templates";

export const GRADER_TEXTS = {
  /** A sentence added after another one (" {text}"), or nothing. */
  "common.then": { en: " {text}", fr: " {text}" },
  /** Messages one a line (`lines` is a list said with linesOf). */
  "common.lines": { en: "{lines}", fr: "{lines}" },
  "common.lastOutput": { en: "Last output:\n{output}", fr: "Dernières lignes de sortie :\n{output}" },

  "run.skippedFor": { en: 'Not checked: it needs "{title}" to pass first.', fr: "Non vérifiée : il faut d’abord que « {title} » réussisse." },
  "run.reading": { en: "Reading your files…", fr: "Lecture de vos fichiers…" },
  "run.checking": { en: "Checking: {title}", fr: "Vérification : {title}" },
  "run.allPass": { en: "Every check passes.", fr: "Toutes les vérifications réussissent." },
  "run.someFail": { en: "Some checks fail: see below.", fr: "Certaines vérifications échouent : voyez ci-dessous." },
  "run.couldNotRun": { en: "The grader could not run this check: {error}", fr: "Le correcteur n’a pas pu lancer cette vérification : {error}" },
  "run.noEvidence": { en: "Not checked: the grader gathered no evidence for it.", fr: "Non vérifiée : le correcteur n’a rien pu recueillir pour en juger." },
  "run.wrongEvidence": {
    en: "The grader gathered {evidence} evidence for a {kind} check (a fault of ours, not yours).",
    fr: "Le correcteur a recueilli des éléments de type {evidence} pour une vérification de type {kind} (une erreur de notre part, pas de la vôtre).",
  },

  "disk.size": { en: " ({size})", fr: " ({size})" },
  "disk.engineFull": {
    en: "Your engine's disk{size} is full: remove images, containers and volumes you no longer need (docker system prune -a, docker volume prune) and try again.",
    fr: "Le disque de votre moteur{size} est plein : supprimez les images, conteneurs et volumes dont vous n’avez plus besoin (docker system prune -a, docker volume prune), puis réessayez.",
  },
  "disk.workspaceFull": {
    en: "Your workspace{size} is full: delete files you no longer need in ~/workspace and try again.",
    fr: "Votre espace de travail{size} est plein : supprimez dans ~/workspace les fichiers dont vous n’avez plus besoin, puis réessayez.",
  },
  "disk.eitherFull": {
    en: "A disk of yours is full (your workspace{workspaceSize} or your engine's disk{engineSize}): delete files you no longer need in ~/workspace, or remove images, containers and volumes you no longer need (docker system prune -a, docker volume prune), and try again.",
    fr: "L’un de vos disques est plein (votre espace de travail{workspaceSize} ou le disque de votre moteur{engineSize}) : supprimez dans ~/workspace les fichiers dont vous n’avez plus besoin, ou les images, conteneurs et volumes inutiles (docker system prune -a, docker volume prune), puis réessayez.",
  },

  "folder.missing": {
    en: "Expected a folder named {names} at the top of your workspace; {none}.{similar}",
    fr: "Il fallait un dossier nommé {names} à la racine de votre espace de travail ; {none}.{similar}",
  },
  "folder.noneOne": { en: "there is none", fr: "il n’y en a pas" },
  "folder.noneTwo": { en: "neither is there", fr: "aucun des deux n’y est" },
  "folder.noneMany": { en: "none of them is there", fr: "aucun d’eux n’y est" },
  "folder.similarNestedHolds": {
    en: "{folder}/ holds a {file}: move that folder to the top of your workspace.",
    fr: "{folder}/ contient un {file} : déplacez ce dossier à la racine de votre espace de travail.",
  },
  "folder.similarNestedExists": { en: "{folder}/ exists: move that folder to the top of your workspace.", fr: "{folder}/ existe : déplacez ce dossier à la racine de votre espace de travail." },
  "folder.similarHolds": {
    en: "A similarly named folder, {folder}/, holds a {file}: rename it to {expected} (the name must match exactly).",
    fr: "Un dossier au nom voisin, {folder}/, contient un {file} : renommez-le en {expected} (le nom doit être exactement celui-là).",
  },
  "folder.similarExists": {
    en: "A similarly named folder, {folder}/, exists: rename it to {expected} (the name must match exactly).",
    fr: "Un dossier au nom voisin, {folder}/, existe : renommez-le en {expected} (le nom doit être exactement celui-là).",
  },
  "folder.stillThereOne": { en: "In {folder}/, {items}: delete it.", fr: "Dans {folder}/, {items} : supprimez-le." },
  "folder.stillThereMany": { en: "In {folder}/, {items}: delete them.", fr: "Dans {folder}/, {items} : supprimez-les." },
  "folder.stillThereItem": { en: "{file} is still there ({because})", fr: "{file} est toujours là ({because})" },
  "folder.found": { en: "Found {files}.", fr: "Trouvé : {files}." },
  "folder.holdsNone": { en: "The folder {folder}/ holds none of {files}.", fr: "Le dossier {folder}/ ne contient aucun de ces fichiers : {files}." },
  "folder.incomplete": { en: "The folder {folder}/ is there, but {notes}.", fr: "Le dossier {folder}/ est bien là, mais {notes}." },
  "folder.lookalike": {
    en: "found {lookalike} instead of {file} (the name must be exactly {file})",
    fr: "on y trouve {lookalike} au lieu de {file} (le nom doit être exactement {file})",
  },
  "folder.fileMissing": { en: "{file} is missing", fr: "{file} manque" },

  "file.noFolder": {
    en: "No {file} at {path}: there is no folder {folder}/ in your workspace.{similar}",
    fr: "Pas de {file} à {path} : votre espace de travail n’a pas de dossier {folder}/.{similar}",
  },
  "file.lookalike": {
    en: "No {file} at {path}; found {found} instead: the file must be named exactly {file}.",
    fr: "Pas de {file} à {path} ; on trouve {found} à la place : le fichier doit s’appeler exactement {file}.",
  },
  "file.missing": { en: "No {file} at {path}: the folder {folder}/ has no file named {file}.", fr: "Pas de {file} à {path} : le dossier {folder}/ n’a aucun fichier nommé {file}." },

  "base.badSpec": { en: 'checks.yaml names an invalid image "{image}"', fr: "checks.yaml donne un nom d’image invalide : « {image} »" },
  "base.noFrom": { en: "Expected FROM {wanted}; {file} has no FROM instruction.", fr: "Il fallait FROM {wanted} ; {file} n’a aucune instruction FROM." },
  "base.expected": { en: "Expected the final stage to start FROM {wanted}", fr: "Il fallait que la dernière étape commence par FROM {wanted}" },
  "base.expectedOfficial": {
    en: "Expected the final stage to start FROM {wanted} (the official {image} image)",
    fr: "Il fallait que la dernière étape commence par FROM {wanted} (l’image officielle {image})",
  },
  "base.line": { en: "line {line} has {from}", fr: "la ligne {line} contient {from}" },
  "base.lineage": {
    en: 'the final stage (line {stageLine}) builds on stage "{stage}", whose line {line} has {from}',
    fr: "la dernière étape (ligne {stageLine}) part de l’étape « {stage} », dont la ligne {line} contient {from}",
  },
  "base.fromGives": { en: "{written} (which gives {base})", fr: "{written} (ce qui donne {base})" },
  "base.nothing": { en: "nothing", fr: "rien" },
  "base.noImage": { en: "{expected}; {where}: that names no image.", fr: "{expected} ; {where} : aucune image n’y est nommée." },
  "base.invalid": { en: "{expected}; {where}, which is not a valid image name.", fr: "{expected} ; {where}, qui n’est pas un nom d’image valide." },
  "base.other": { en: "{expected}; {where}.", fr: "{expected} ; {where}." },
  "base.impostor": {
    en: "{expected}; {where}: {base} is not the official image, it belongs to another publisher.",
    fr: "{expected} ; {where} : {base} n’est pas l’image officielle, elle appartient à un autre éditeur.",
  },
  "base.digest": {
    en: "{expected}; {where}: a digest pins some version, so the tag {tag} cannot be checked. Write {wanted}.",
    fr: "{expected} ; {where} : un condensé (digest) fige une version, si bien que l’étiquette {tag} ne peut pas être vérifiée. Écrivez {wanted}.",
  },
  "base.pass": { en: "The final stage builds on {wanted}: {where}.", fr: "La dernière étape part bien de {wanted} : {where}." },
  "base.passImplied": { en: "The final stage builds on {wanted}: {where} (no tag means {tag}).", fr: "La dernière étape part bien de {wanted} : {where} (sans étiquette, c’est {tag})." },

  "build.pass": { en: "Built the image {tag} in {seconds} s.", fr: "Image {tag} construite en {seconds} s." },
  "build.timeout": {
    en: "The build of {tag} did not finish within {seconds} s and was stopped. Last output:\n{output}",
    fr: "La construction de {tag} n’était pas terminée au bout de {seconds} s : elle a été arrêtée. Dernières lignes de sortie :\n{output}",
  },
  "build.failed": { en: "Expected the image {tag} to build; the build failed: {error}.", fr: "L’image {tag} devait se construire ; la construction a échoué : {error}." },
  "build.failedAt": {
    en: "Expected the image {tag} to build; the build failed at line {line} ({keyword}): {error}.",
    fr: "L’image {tag} devait se construire ; la construction a échoué à la ligne {line} ({keyword}) : {error}.",
  },
  "build.forkBomb": {
    en: "Expected every RUN of {file} to end; line {line} has a fork bomb: {replication} ({text}). Every copy starts more copies until the machine runs out of processes, so the grader did not start the build of {tag}. Remove it from the RUN on line {runLine} (and do not run it on your own machine either: it freezes it).",
    fr: "Chaque RUN de {file} devait se terminer ; la ligne {line} contient une bombe fork : {replication} ({text}). Chaque copie en lance d’autres jusqu’à ce que la machine n’ait plus de processus disponibles : le correcteur n’a donc pas lancé la construction de {tag}. Retirez-la du RUN de la ligne {runLine} (et ne la lancez pas non plus sur votre propre machine : elle la bloquerait).",
  },
  "build.bombSelf": { en: "the function {name} starts itself again {how}", fr: "la fonction {name} se relance elle-même {how}" },
  "build.bombCycle": {
    en: "the functions {names} call each other without end, and {name} starts {next} {how}",
    fr: "les fonctions {names} s’appellent l’une l’autre sans fin, et {name} lance {next} {how}",
  },
  "build.bombPipe": { en: "in a pipe", fr: "dans un tube (pipe)" },
  "build.bombBackground": { en: "in the background", fr: "en arrière-plan" },
  "build.bombPipeBackground": { en: "in a pipe and in the background", fr: "dans un tube (pipe) et en arrière-plan" },
  "build.noReason": { en: "the builder gave no reason", fr: "le constructeur n’a donné aucune raison" },
  "build.aptMissing": {
    en: "apt cannot find a package named {name}: check the name exists in Debian, and run apt-get update in the same RUN before apt-get install.",
    fr: "apt ne trouve aucun paquet nommé {name} : vérifiez que ce nom existe dans Debian, et lancez apt-get update dans le même RUN, avant apt-get install.",
  },
  "build.aptVirtual": {
    en: "The package {name} exists only as a name other packages provide: install one of the packages apt lists instead.",
    fr: "Le paquet {name} n’existe que comme nom fourni par d’autres paquets : installez plutôt l’un des paquets qu’apt propose.",
  },
  "build.noBaseImage": { en: "The base image in FROM does not exist: check its name and tag.", fr: "L’image de base indiquée dans FROM n’existe pas : vérifiez son nom et son étiquette." },
  "build.copySourceMissing": {
    en: "A COPY or ADD source is missing from the step folder (paths are relative to the folder).",
    fr: "Une source de COPY ou d’ADD manque dans le dossier de l’étape (les chemins sont relatifs à ce dossier).",
  },
  "build.downloadFailed": { en: "A download failed during the build: check the URL.", fr: "Un téléchargement a échoué pendant la construction : vérifiez l’URL." },
  /** The teacher's failMessage, said before the grader's own sentence. */
  "exec.lead": { en: "{message} ", fr: "{message} " },
  "exec.printedNothing": { en: " It printed nothing.", fr: " Il n’a rien affiché." },
  "exec.output": { en: "\nOutput:\n{output}", fr: "\nSortie :\n{output}" },
  "exec.in": { en: " in {container}", fr: " dans {container}" },
  "exec.timeout": { en: "{lead}The check{where} did not finish within {seconds} s.{output}", fr: "{lead}La vérification{where} n’était pas terminée au bout de {seconds} s.{output}" },
  "exec.couldNotRun": { en: "{lead}The check could not run{where}: {error}.{output}", fr: "{lead}La vérification n’a pas pu être lancée{where} : {error}.{output}" },
  "exec.noExitCode": { en: "no exit code", fr: "aucun code de sortie" },
  "exec.exitCode": { en: "{lead}Expected exit code {expected}{where}; got {got}.{output}", fr: "{lead}Le code de sortie attendu{where} était {expected} ; il vaut {got}.{output}" },
  "exec.noMatch": { en: "{lead}Expected the output{where} to match /{pattern}/; it does not.{output}", fr: "{lead}La sortie{where} devait correspondre à /{pattern}/ ; ce n’est pas le cas.{output}" },
  "exec.rejected": {
    en: "{lead}Expected the output{where} not to match /{pattern}/; it does.{output}",
    fr: "{lead}La sortie{where} ne devait pas correspondre à /{pattern}/ ; c’est pourtant le cas.{output}",
  },
  "exec.pass": { en: "Passed{where}.", fr: "Réussie{where}." },
  "exec.passSaying": { en: "Passed{where}: {summary}", fr: "Réussie{where} : {summary}" },

  "http.redirected": { en: " (redirected to {url})", fr: " (redirigée vers {url})" },
  "http.noAnswer": { en: "Expected {url} to answer; {error}{route}.", fr: "{url} devait répondre ; {error}{route}." },
  "http.nothing": { en: "no answer", fr: "aucune réponse" },
  "http.status": {
    en: "Expected {url} to answer with status {expected}; it answered {status}{note}{route}.",
    fr: "{url} devait répondre avec le statut {expected} ; elle a répondu {status}{note}{route}.",
  },
  "http.notFollowed": { en: " (a redirect the grader did not follow)", fr: " (une redirection que le correcteur n’a pas suivie)" },
  "http.rejected": { en: 'Expected the page at {url} not to contain /{pattern}/; it does: "{excerpt}".', fr: "La page {url} ne devait pas contenir /{pattern}/ ; elle le contient : « {excerpt} »." },
  "http.noMatch": { en: "Expected the page at {url} to match /{pattern}/; {seen}.", fr: "La page {url} devait correspondre à /{pattern}/ ; {seen}." },
  "http.seenTitle": { en: 'its title is "{title}"', fr: "son titre est « {title} »" },
  "http.seenStart": { en: 'it starts "{start}"', fr: "elle commence par « {start} »" },
  "http.seenEmpty": { en: "it is empty", fr: "elle est vide" },
  "http.pass": { en: "{url} answered {status}{route}.", fr: "{url} a répondu {status}{route}." },
  "http.passPage": { en: "{url} answered {status}{route} with the expected page.", fr: "{url} a répondu {status}{route} avec la page attendue." },

  "container.published": { en: " with -p {ports}", fr: " avec -p {ports}" },
  "container.logs": { en: "\nIts last output:\n{logs}", fr: "\nSes dernières lignes de sortie :\n{logs}" },
  "container.notStarted": {
    en: "Expected the container {name} (image {image}{published}) to start; it did not: {error}.{logs}",
    fr: "Le conteneur {name} (image {image}{published}) devait démarrer ; il n’a pas démarré : {error}.{logs}",
  },
  "container.noReason": { en: "no reason given", fr: "sans raison donnée" },
  "container.stopped": {
    en: "Expected the container {name} to keep running for {seconds} s; it stopped with {exit}.{logs}",
    fr: "Le conteneur {name} devait tourner encore au bout de {seconds} s ; il s’est arrêté avec {exit}.{logs}",
  },
  "container.exit0": {
    en: "exit code 0: its main process finished normally, so nothing kept running in the foreground",
    fr: "le code de sortie 0 : son processus principal s’est terminé normalement, plus rien ne tournait donc au premier plan",
  },
  "container.exit127": { en: "exit code 127: the command in CMD or ENTRYPOINT was not found", fr: "le code de sortie 127 : la commande de CMD ou d’ENTRYPOINT est introuvable" },
  "container.exit126": { en: "exit code 126: the command in CMD or ENTRYPOINT is not executable", fr: "le code de sortie 126 : la commande de CMD ou d’ENTRYPOINT n’est pas exécutable" },
  "container.exit137": { en: "exit code 137: it was killed (out of memory?)", fr: "le code de sortie 137 : il a été tué (mémoire épuisée ?)" },
  "container.exit139": { en: "exit code 139: it crashed (segmentation fault)", fr: "le code de sortie 139 : il a planté (erreur de segmentation)" },
  "container.exitNone": { en: "no exit code", fr: "aucun code de sortie" },
  "container.exitCode": { en: "exit code {code}", fr: "le code de sortie {code}" },
  "container.pass": {
    en: "The container {name} (image {image}{published}) is still running after {seconds} s.",
    fr: "Le conteneur {name} (image {image}{published}) tourne toujours au bout de {seconds} s.",
  },

  "probe.composeCannotRead": { en: "docker-compose cannot read {file}", fr: "docker-compose ne parvient pas à lire {file}" },
  "probe.noDpkg": {
    en: "the image has no dpkg status file (/var/lib/dpkg/status): it is not a Debian-based image",
    fr: "l’image n’a pas de fichier d’état dpkg (/var/lib/dpkg/status) : ce n’est pas une image basée sur Debian",
  },
  "probe.psTooLong": { en: "the grader's process listing took longer than {seconds} s", fr: "la liste des processus faite par le correcteur a pris plus de {seconds} s" },
  "probe.noArchive": {
    en: "the grader could not compare the programs with Debian's archive ({detail})",
    fr: "le correcteur n’a pas pu comparer les programmes avec l’archive de Debian ({detail})",
  },
  "probe.volumesNotReady": { en: "could not prepare the volumes: {error}", fr: "impossible de préparer les volumes : {error}" },
  "probe.swarmUnreachable": { en: "The grader could not reach the Docker engine ({error}).", fr: "Le correcteur n’a pas pu joindre le moteur Docker ({error})." },
  "probe.swarmUnreachableNode1": { en: "The grader could not reach node1's Docker engine ({error}).", fr: "Le correcteur n’a pas pu joindre le moteur Docker de node1 ({error})." },
  "probe.swarmNoList": { en: "The grader could not list the swarm's nodes and services ({error}).", fr: "Le correcteur n’a pas pu lister les nœuds et les services du swarm ({error})." },
  "probe.swarmNoListNode1": {
    en: "The grader could not list the swarm's nodes and services on node1 ({error}).",
    fr: "Le correcteur n’a pas pu lister les nœuds et les services du swarm sur node1 ({error}).",
  },
  "probe.noAddress": { en: "the node has no address in the swarm", fr: "le nœud n’a pas d’adresse dans le swarm" },
  "config.pass": { en: "The image {image}: {parts}.", fr: "L’image {image} : {parts}." },
  "config.passAsAsked": { en: "configured as asked", fr: "configurée comme demandé" },
  "config.passEnv": { en: "Env has {variables}", fr: "ses variables d’environnement comprennent {variables}" },
  "config.passUser": { en: "User is {user}", fr: "son utilisateur est {user}" },
  "config.passPorts": { en: "it exposes {ports}", fr: "elle expose {ports}" },
  "config.passVolumes": { en: "it declares the volumes {volumes}", fr: "elle déclare les volumes {volumes}" },
  "config.failed": { en: "Expected the image {image} to be configured as asked; {problems}.", fr: "L’image {image} devait être configurée comme demandé ; {problems}." },
  "config.problems": { en: "{first}; {rest}", fr: "{first} ; {rest}" },
  "config.noVariable": { en: "no variable holds {variable}", fr: "aucune variable ne contient {variable}" },
  "config.envHas": { en: "its Env has {variables}", fr: "son Env contient {variables}" },
  "config.onlyPath": { en: "only PATH", fr: "seulement PATH" },
  "config.user": { en: "its User is {user}, not {expected}", fr: "son User est {user}, et non {expected}" },
  "config.userEmpty": { en: "empty (root)", fr: "vide (root)" },
  "config.ports": { en: "it does not expose {missing} (it exposes {ports})", fr: "elle n’expose pas {missing} (elle expose {ports})" },
  "config.noPort": { en: "no port", fr: "aucun port" },
  "config.volumes": { en: "it declares no volume {missing} (it has {volumes})", fr: "elle ne déclare pas de volume {missing} (elle a {volumes})" },
  "config.none": { en: "none", fr: "aucun" },
  "syntax.fromWords": { en: 'FROM takes an image and optionally "AS name"; line {line} has FROM {args}', fr: "FROM prend une image et, si besoin, « AS nom » ; la ligne {line} contient FROM {args}" },
  "syntax.unknown": { en: "Unknown instruction {keyword} on line {line}", fr: "Instruction inconnue {keyword} à la ligne {line}" },
  "syntax.unknownContinuation": {
    en: "Unknown instruction {keyword} on line {line}: did you forget a {escape} at the end of line {previous} to continue the previous instruction?",
    fr: "Instruction inconnue {keyword} à la ligne {line} : auriez-vous oublié un {escape} à la fin de la ligne {previous} pour continuer l’instruction précédente ?",
  },
  "syntax.noArguments": { en: "{keyword} on line {line} has no arguments", fr: "{keyword} à la ligne {line} n’a aucun argument" },
  "syntax.beforeFrom": {
    en: "{keyword} on line {line} comes before the first FROM: a Dockerfile must start with FROM (only ARG may come before it)",
    fr: "{keyword} à la ligne {line} vient avant le premier FROM : un Dockerfile doit commencer par FROM (seul ARG peut le précéder)",
  },
  "syntax.noFrom": {
    en: "The Dockerfile has no FROM instruction: every image starts FROM a base image",
    fr: "Le Dockerfile n’a aucune instruction FROM : toute image part (FROM) d’une image de base",
  },
  "compose.output": { en: "\nOutput:\n{output}", fr: "\nSortie :\n{output}" },
  "compose.logs": { en: "\nIts last log lines:\n{output}", fr: "\nSes dernières lignes de journal :\n{output}" },
  "compose.couldNotRun": { en: "{command} could not run: {error}.{output}", fr: "{command} n’a pas pu être lancé : {error}.{output}" },
  "compose.timeout": { en: "{command} did not finish within {seconds} s.{output}", fr: "{command} n’était pas terminé au bout de {seconds} s.{output}" },
  "compose.exitCode": { en: "Expected {command} to succeed (exit code 0); it exited with {code}.{output}", fr: "{command} devait réussir (code de sortie 0) ; il s’est terminé avec {code}.{output}" },
  "compose.noExitCode": { en: "no exit code", fr: "aucun code de sortie" },
  "compose.noService": { en: "{command} succeeded, but the file declares no service.{output}", fr: "{command} a réussi, mais le fichier ne déclare aucun service.{output}" },
  "compose.declares": { en: " The file declares {services}.", fr: " Le fichier déclare {services}." },
  "compose.missingOne": {
    en: "Expected a container for the service {services}; compose started none.{declared}",
    fr: "Il fallait un conteneur pour le service {services} ; compose n’en a démarré aucun.{declared}",
  },
  "compose.missingMany": {
    en: "Expected a container for the services {services}; compose started none.{declared}",
    fr: "Il fallait un conteneur pour les services {services} ; compose n’en a démarré aucun.{declared}",
  },
  "compose.passOne": { en: "{command} succeeded; {names} is running.", fr: "{command} a réussi ; {names} tourne." },
  "compose.passMany": { en: "{command} succeeded; {names} are running.", fr: "{command} a réussi ; {names} tournent." },
  "compose.stopped": { en: "Expected every service to keep running {seconds} s after up; {details}", fr: "Chaque service devait tourner encore {seconds} s après up ; {details}" },
  "compose.stoppedOne": { en: "{name} (service {service}) is {state}.{logs}", fr: "{name} (service {service}) est à l’état {state}.{logs}" },
  "compose.stoppedExit": { en: "{name} (service {service}) is {state}, exit code {code}.{logs}", fr: "{name} (service {service}) est à l’état {state}, code de sortie {code}.{logs}" },
} satisfies TextTemplates;
