/**
 * The messages of the check kinds that look at what runs in the student's engine (script,
 * processes, containers, persistence, wordpress-journey), in each language. Values quote the
 * engine's output, container names and pages unchanged.
 */
import type { TextTemplates } from "./text-templates";

export const RUNTIME_KIND_TEXTS = {
  "script.printedNothing": { en: " It printed nothing.", fr: " Il n’a rien affiché." },
  "script.output": { en: "\nLast lines of its output:\n{output}", fr: "\nDernières lignes de sa sortie :\n{output}" },
  "script.timeout": { en: "{command} did not finish within {seconds} s.{output}", fr: "{command} n’était pas terminé au bout de {seconds} s.{output}" },
  "script.couldNotRun": { en: "{command} could not run: {error}.", fr: "{command} n’a pas pu être lancé : {error}." },
  "script.noExitCode": { en: "no exit code", fr: "aucun code de sortie" },
  "script.exitCode": {
    en: "Expected {command} to finish with exit code 0; it exited with {code}.{output}",
    fr: "{command} devait se terminer avec le code de sortie 0 ; il s’est terminé avec le code {code}.{output}",
  },
  "script.pass": { en: "{command} finished with exit code 0.", fr: "{command} s’est terminé avec le code de sortie 0." },

  "processes.owner": { en: "{name} (uid {uid})", fr: "{name} (UID {uid})" },
  "processes.ownerUid": { en: "uid {uid}", fr: "l’UID {uid}" },
  "processes.unreadable": { en: "a process named {name} runs a program the grader could not read", fr: "un processus nommé {name} exécute un programme que le correcteur n’a pas pu lire" },
  "processes.unpackaged": {
    en: "a process named {name} runs {path}, which no installed package provides",
    fr: "un processus nommé {name} exécute {path}, qu’aucun paquet installé ne fournit",
  },
  "processes.replaced": {
    en: "a process named {name} runs {path}, which is not the file the package {package} installed (it was replaced or changed)",
    fr: "un processus nommé {name} exécute {path}, qui n’est pas le fichier installé par le paquet {package} (il a été remplacé ou modifié)",
  },
  "processes.listFailed": { en: "Could not list the processes of {container}: {error}.", fr: "Impossible de lister les processus de {container} : {error}." },
  "processes.noPid1": {
    en: "The grader found no PID 1 in the process list of {container} (a fault of ours, not yours).",
    fr: "Le correcteur n’a trouvé aucun PID 1 dans la liste des processus de {container} (une erreur de notre part, pas de la vôtre).",
  },
  "processes.pid1": { en: "PID 1 ({command})", fr: "le PID 1 ({command})" },
  "processes.wrongUser": {
    en: "Expected the container's command, {what}, to run as {user}; it runs as {owner}.",
    fr: "La commande du conteneur, {what}, devait tourner sous l’utilisateur {user} ; elle tourne sous {owner}.",
  },
  "processes.mainRuns": { en: "{what} runs as {owner}", fr: "{what} tourne sous {owner}" },
  "processes.passMain": { en: "In {container}, {main}.", fr: "Dans {container}, {main}." },
  "processes.impostor": { en: "{describe}: {why}", fr: "{describe} : {why}" },
  "processes.impostors": {
    en: "Expected {wanted} running in {container} from the programs the packages installed; {what}.",
    fr: "{container} devait faire tourner {wanted} avec les programmes installés par les paquets ; {what}.",
  },
  "processes.wanted": { en: "{describe} ({names})", fr: "{describe} ({names})" },
  "processes.none": { en: "none", fr: "aucun" },
  "processes.missing": {
    en: "Expected {wanted} running in {container}; its processes are {names}.",
    fr: "{container} devait faire tourner {wanted} ; ses processus sont : {names}.",
  },
  "processes.runs": { en: "{container} runs {running}", fr: "{container} fait tourner {running}" },
  "processes.pass": { en: "{running}.", fr: "{running}." },
  "processes.passAndMain": { en: "{running}; {main}.", fr: "{running} ; {main}." },

  "containers.runs": { en: "runs {programs}", fr: "fait tourner {programs}" },
  "containers.runsNothing": { en: "runs nothing we could see", fr: "ne fait rien tourner de visible" },
  "containers.portrait": { en: "{name} (image {image}, {runs})", fr: "{name} (de l’image {image}, {runs})" },
  "containers.named": { en: "named {name}", fr: "nommé {name}" },
  "containers.image": { en: "running an image matching /{pattern}/", fr: "lancé depuis une image correspondant à /{pattern}/" },
  "containers.running": { en: "running {programs}", fr: "faisant tourner {programs}" },
  "containers.identity": { en: "a container {parts}", fr: "un conteneur {parts}" },
  "containers.anyContainer": { en: "a container", fr: "un conteneur" },
  "containers.listFailed": { en: "Could not list the containers of your engine: {error}.", fr: "Impossible de lister les conteneurs de votre moteur : {error}." },
  "containers.inventory": { en: "Your engine holds {containers}.", fr: "Votre moteur contient {containers}." },
  "containers.inventoryNone": { en: "Your engine holds no container.", fr: "Votre moteur ne contient aucun conteneur." },
  "containers.count": {
    en: "Expected exactly {count, plural, one {# container} other {# containers}}; found {found}. {inventory}",
    fr: "Il fallait exactement {count, plural, one {# conteneur} other {# conteneurs}} ; on en trouve {found}. {inventory}",
  },
  "containers.missing": { en: "Expected {describe}: {identity}. {inventory}", fr: "Il fallait {describe} : {identity}. {inventory}" },
  "containers.stopped": {
    en: "Expected {describe} ({name}) to be running; it is {state}. Look at docker logs {name}.",
    fr: "Il fallait que {describe} ({name}) soit en marche ; il est à l’état {state}. Regardez docker logs {name}.",
  },
  "containers.stoppedExit": {
    en: "Expected {describe} ({name}) to be running; it is {state} with exit code {code}. Look at docker logs {name}.",
    fr: "Il fallait que {describe} ({name}) soit en marche ; il est à l’état {state}, avec le code de sortie {code}. Regardez docker logs {name}.",
  },
  "containers.linksTo": { en: "its links go to {targets}", fr: "ses liens mènent à {targets}" },
  "containers.noLink": { en: "it has no link", fr: "il n’a aucun lien" },
  "containers.onNetwork": {
    en: " (it is on the network {network}: a network also connects containers, but this step asks for --link)",
    fr: " (il est sur le réseau {network} : un réseau relie aussi des conteneurs, mais cette étape demande --link)",
  },
  "containers.needsLink": { en: "{name} must be started with --link {target}:<alias>; {has}{network}", fr: "{name} doit être lancé avec --link {target}:<alias> ; {has}{network}" },
  "containers.needsPort": {
    en: "{name} must publish its port {port} on the host (docker run -p {number}:{number})",
    fr: "{name} doit publier son port {port} sur l’hôte (docker run -p {number}:{number})",
  },
  "containers.mustNotPublish": {
    en: "{name} publishes its port {port} on the host ({host}); remove that -p (or -P): the other container reaches it through the link",
    fr: "{name} publie son port {port} sur l’hôte ({host}) ; retirez ce -p (ou -P) : l’autre conteneur le joint par le lien",
  },
  "containers.mountsAre": { en: "its mounts are {mounts}", fr: "ses montages sont {mounts}" },
  "containers.noVolume": { en: "it has no volume", fr: "il n’a aucun volume" },
  "containers.needsVolume": {
    en: "{name} must keep {path} in a volume (VOLUME in its Dockerfile, or -v name:{path}); {has}",
    fr: "{name} doit garder {path} dans un volume (VOLUME dans son Dockerfile, ou -v nom:{path}) ; {has}",
  },
  "containers.expectedOne": { en: "Expected: {problem}.", fr: "Attendu : {problem}." },
  "containers.bullet": { en: "• {problem}", fr: "• {problem}" },
  "containers.expectedMany": { en: "Expected:\n{problems}", fr: "Attendu :\n{problems}" },
  "containers.foundRole": { en: "{describe}: {name}", fr: "{describe} : {name}" },
  "containers.pass": { en: "Found {found}.", fr: "Trouvé : {found}." },
  "containers.passCount": { en: "Found {count, plural, one {# container} other {# containers}}.", fr: "{count, plural, one {# conteneur trouvé} other {# conteneurs trouvés}}." },

  "persistence.printedNothing": { en: " It printed nothing.", fr: " Rien n’a été affiché." },
  "persistence.output": { en: "\nOutput:\n{output}", fr: "\nSortie :\n{output}" },
  "persistence.logs": { en: "\nIts last output:\n{logs}", fr: "\nSes dernières lignes de sortie :\n{logs}" },
  "persistence.notStartedFirst": { en: "The first container (image {image}) did not start: {error}.{logs}", fr: "Le premier conteneur (image {image}) n’a pas démarré : {error}.{logs}" },
  "persistence.notStartedRecreated": {
    en: "The recreated container (image {image}) did not start: {error}.{logs}",
    fr: "Le conteneur recréé (image {image}) n’a pas démarré : {error}.{logs}",
  },
  "persistence.noReason": { en: "no reason given", fr: "sans raison donnée" },
  "persistence.stoppedFirst": { en: "The first container stopped before the check was done.{logs}", fr: "Le premier conteneur s’est arrêté avant la fin de la vérification.{logs}" },
  "persistence.stoppedFirstCode": {
    en: "The first container stopped with exit code {code} before the check was done.{logs}",
    fr: "Le premier conteneur s’est arrêté avec le code de sortie {code} avant la fin de la vérification.{logs}",
  },
  "persistence.stoppedRecreated": { en: "The recreated container stopped before the check was done.{logs}", fr: "Le conteneur recréé s’est arrêté avant la fin de la vérification.{logs}" },
  "persistence.stoppedRecreatedCode": {
    en: "The recreated container stopped with exit code {code} before the check was done.{logs}",
    fr: "Le conteneur recréé s’est arrêté avec le code de sortie {code} avant la fin de la vérification.{logs}",
  },
  "persistence.tries": { en: " (tried {tries} times over {seconds} s)", fr: " ({tries} essais en {seconds} s)" },
  "persistence.writing": { en: "Writing the test data in the first container", fr: "L’écriture des données de test dans le premier conteneur" },
  "persistence.reading": { en: "Reading the test data back in the recreated container", fr: "La relecture des données de test dans le conteneur recréé" },
  "persistence.scriptTimeout": { en: "{what} did not finish{tries}.{output}", fr: "{what} n’a pas abouti{tries}.{output}" },
  "persistence.scriptCouldNotRun": { en: "{what} could not run{tries}.{output}", fr: "{what} n’a pas pu être lancée{tries}.{output}" },
  "persistence.scriptFailed": { en: "{what} failed with exit code {code}{tries}.{output}", fr: "{what} a échoué avec le code de sortie {code}{tries}.{output}" },
  "persistence.couldNotRun": { en: "The grader could not run this check: {error}.", fr: "Le correcteur n’a pas pu lancer cette vérification : {error}." },
  "persistence.mount": { en: "{source} on {target}", fr: "{source} sur {target}" },
  "persistence.firstFailed": {
    en: "Expected a container of {image} with the named volumes {volumes} to run. {problem}",
    fr: "Un conteneur de {image} avec les volumes nommés {volumes} devait tourner. {problem}",
  },
  "persistence.stoppedBeforeWrite": {
    en: "The grader stopped before writing the test data (a fault of ours, not yours).",
    fr: "Le correcteur s’est arrêté avant d’écrire les données de test (une erreur de notre part, pas de la vôtre).",
  },
  "persistence.writeFailed": {
    en: "Expected to write test data in a container of {image} with the named volumes {volumes}. {problem}",
    fr: "Le correcteur devait écrire des données de test dans un conteneur de {image} avec les volumes nommés {volumes}. {problem}",
  },
  "persistence.stoppedBeforeRecreate": {
    en: "The grader stopped before recreating the container (a fault of ours, not yours).",
    fr: "Le correcteur s’est arrêté avant de recréer le conteneur (une erreur de notre part, pas de la vôtre).",
  },
  "persistence.secondFailed": {
    en: "Expected the container to start again on the same volumes after it was removed. {problem}",
    fr: "Le conteneur devait redémarrer sur les mêmes volumes après sa suppression. {problem}",
  },
  "persistence.stoppedBeforeRead": {
    en: "The grader stopped before reading the test data back (a fault of ours, not yours).",
    fr: "Le correcteur s’est arrêté avant de relire les données de test (une erreur de notre part, pas de la vôtre).",
  },
  "persistence.readFailed": {
    en: "Expected the data written before the container was removed to be there in the new one, on the same volumes {volumes}. {problem}",
    fr: "Les données écrites avant la suppression du conteneur devaient se retrouver dans le nouveau, sur les mêmes volumes {volumes}. {problem}",
  },
  "persistence.gone": {
    en: "Expected the data written before the container was removed to be there in the new one (output matching /{pattern}/); it is gone, although the new container uses the same volumes {volumes}.{output}",
    fr: "Les données écrites avant la suppression du conteneur devaient se retrouver dans le nouveau (une sortie correspondant à /{pattern}/) ; elles ont disparu, alors que le nouveau conteneur utilise les mêmes volumes {volumes}.{output}",
  },
  "persistence.pass": {
    en: "The data written in the first container was still there after removing it and starting a new one on {volumes}.",
    fr: "Les données écrites dans le premier conteneur étaient toujours là après sa suppression et le lancement d’un nouveau sur {volumes}.",
  },

  "journey.transcript": { en: " What the grader did: {steps}.", fr: " Ce qu’a fait le correcteur : {steps}." },
  "journey.hangUp": { en: "the connection was closed without an answer", fr: "la connexion a été fermée sans réponse" },
  "journey.nothingAnswered": {
    en: 'nothing answered on port {port}: the wordpress service must run its web server and publish it with ports "{port}:80"',
    fr: "rien n’a répondu sur le port {port} : le service wordpress doit faire tourner son serveur web et le publier avec l’entrée ports « {port}:80 »",
  },
  "journey.nothingAnsweredWhy": {
    en: 'nothing answered on port {port} ({error}): the wordpress service must run its web server and publish it with ports "{port}:80"',
    fr: "rien n’a répondu sur le port {port} ({error}) : le service wordpress doit faire tourner son serveur web et le publier avec l’entrée ports « {port}:80 »",
  },
  "journey.databaseError": {
    en: 'WordPress answers but says "Error establishing a database connection": the database name, user or password WordPress uses do not match the ones the db service created, WORDPRESS_DB_HOST does not name the db service, or the db service is not running (read docker-compose logs db)',
    fr: "WordPress répond mais affiche « Error establishing a database connection » : le nom de la base, l’utilisateur ou le mot de passe qu’utilise WordPress ne sont pas ceux que le service db a créés, WORDPRESS_DB_HOST ne nomme pas le service db, ou le service db ne tourne pas (lisez docker-compose logs db)",
  },
  "journey.installer": { en: "the site shows WordPress's installer: it is not installed", fr: "le site affiche l’installateur de WordPress : il n’est pas installé" },
  "journey.status": { en: "the home page answered with status {status}", fr: "la page d’accueil a répondu avec le statut {status}" },
  "journey.statusExcerpt": { en: 'the home page answered with status {status} ("{excerpt}")', fr: "la page d’accueil a répondu avec le statut {status} (« {excerpt} »)" },
  "journey.installerNever": { en: "the installer never answered", fr: "l’installateur n’a jamais répondu" },
  "journey.unreachable": {
    en: "Expected WordPress's installer at {site}wp-admin/install.php within {seconds} s; {trouble}.{transcript}",
    fr: "L’installateur de WordPress devait répondre à {site}wp-admin/install.php en moins de {seconds} s ; {trouble}.{transcript}",
  },
  "journey.noMessage": { en: "(no message)", fr: "(aucun message)" },
  "journey.refused": {
    en: 'Expected the WordPress installer to accept the site title, user and password; it answered: "{answer}".{transcript}',
    fr: "L’installateur de WordPress devait accepter le titre du site, l’utilisateur et le mot de passe ; il a répondu : « {answer} ».{transcript}",
  },
  "journey.homeTrouble": {
    en: "Expected the home page {site} to show the installed site; {trouble}.{transcript}",
    fr: "La page d’accueil {site} devait montrer le site installé ; {trouble}.{transcript}",
  },
  "journey.wrongTitle": {
    en: 'Expected the home page {site} to show the title "{title}" the grader installed; its <title> is "{found}".{transcript}',
    fr: "La page d’accueil {site} devait afficher le titre « {title} » installé par le correcteur ; son <title> est « {found} ».{transcript}",
  },
  "journey.noTitle": {
    en: "Expected the home page {site} to be a WordPress site with a title; it has no <title>.{transcript}",
    fr: "La page d’accueil {site} devait être un site WordPress avec un titre ; elle n’a pas de <title>.{transcript}",
  },
  "journey.installed": {
    en: 'The grader installed WordPress with the title "{title}" and the home page shows it',
    fr: "Le correcteur a installé WordPress avec le titre « {title} » et la page d’accueil l’affiche",
  },
  "journey.alreadyInstalled": {
    en: 'WordPress was already installed (the grader kept it): the home page shows "{title}"',
    fr: "WordPress était déjà installé (le correcteur l’a gardé) : la page d’accueil affiche « {title} »",
  },
  "journey.version": { en: " (WordPress {version})", fr: " (WordPress en version {version})" },
  "journey.pass": { en: "{how}{version}.", fr: "{how}{version}." },
  "journey.noRecreate": { en: "The grader did not get to remove and recreate the stack.{transcript}", fr: "Le correcteur n’est pas allé jusqu’à supprimer puis recréer la pile.{transcript}" },
  "journey.recreateTimeout": { en: "did not finish within {seconds} s", fr: "ne se sont pas terminées au bout de {seconds} s" },
  "journey.recreateFailed": { en: "failed (exit code {code})", fr: "ont échoué (code de sortie {code})" },
  "journey.recreateNone": { en: "none", fr: "aucun" },
  "journey.recreateEnded": {
    en: "Expected the stack to be removed and recreated; the commands {ended}: {output}",
    fr: "La pile devait être supprimée puis recréée ; les commandes {ended} : {output}",
  },
  "journey.installerAgain": {
    en: "Expected the site to survive removing and recreating the stack; afterwards {site} shows WordPress's installer again: the database was not kept. Mount a folder of your home (~/data_wordpress) on /var/lib/mysql in the db service.{transcript}",
    fr: "Le site devait survivre à la suppression puis à la recréation de la pile ; ensuite, {site} affiche de nouveau l’installateur de WordPress : la base de données n’a pas été gardée. Montez un dossier de votre répertoire personnel (~/data_wordpress) sur /var/lib/mysql dans le service db.{transcript}",
  },
  "journey.troubleAfter": {
    en: "Expected the site to answer again after removing and recreating the stack; {trouble}.{transcript}",
    fr: "Le site devait répondre de nouveau après la suppression puis la recréation de la pile ; {trouble}.{transcript}",
  },
  "journey.titleAfter": {
    en: 'Expected the home page to show "{title}" again after removing and recreating the stack; its <title> is now "{found}".{transcript}',
    fr: "La page d’accueil devait afficher de nouveau « {title} » après la suppression puis la recréation de la pile ; son <title> est maintenant « {found} ».{transcript}",
  },
  "journey.folderEmpty": { en: "{path} is empty", fr: "{path} est vide" },
  "journey.folderMissing": { en: "{path} is missing", fr: "{path} manque" },
  "journey.folderUnreadable": { en: "{path} cannot be read", fr: "{path} ne peut pas être lu" },
  "journey.stepStill": { en: "{request} → {status}{db}, still after {seconds} s", fr: "{request} → {status}{db}, toujours au bout de {seconds} s" },
  "journey.stepAnswered": { en: "{request} → {status}{installer}{after}", fr: "{request} → {status}{installer}{after}" },
  "journey.stepTitle": { en: '{request} → {status}, title "{title}"', fr: "{request} → {status}, titre « {title} »" },
  "journey.stepNoAnswer": { en: "no answer", fr: "pas de réponse" },
  "journey.stepDatabase": { en: " (database connection error)", fr: " (erreur de connexion à la base de données)" },
  "journey.stepInstaller": { en: " (the installer)", fr: " (l’installateur)" },
  "journey.stepAfter": { en: " after {seconds} s", fr: " au bout de {seconds} s" },
  "journey.stepRecreating": { en: "Removing and recreating the stack…", fr: "Suppression puis recréation de la pile…" },
  "journey.installerNoAnswer": { en: "the installer did not answer: {error}", fr: "l’installateur n’a pas répondu : {error}" },
  "journey.folderNote": { en: "{path} {note}", fr: "{path} {note}" },
  "journey.dataElsewhere": {
    en: "Expected the data to live in your home folder; after recreating the stack {described}. Bind-mount these folders in the stack file.",
    fr: "Les données devaient se trouver dans votre répertoire personnel ; après la recréation de la pile, {described}. Montez ces dossiers (bind mount) dans le fichier de la pile.",
  },
  "journey.folderHolds": { en: "{path} holds {count, plural, one {# entry} other {# entries}}", fr: "{path} contient {count, plural, one {# élément} other {# éléments}}" },
  "journey.folders": { en: ", and {folders}", fr: ", et {folders}" },
  "journey.passRecreated": {
    en: '{how}{version}. After removing and recreating the stack, it still shows "{title}"{versionAfter}{folders}.',
    fr: "{how}{version}. Après la suppression puis la recréation de la pile, elle affiche toujours « {title} »{versionAfter}{folders}.",
  },
} satisfies TextTemplates;
