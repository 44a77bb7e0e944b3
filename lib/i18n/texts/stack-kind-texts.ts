/**
 * The messages of the checks that read a compose or stack file (stack-file, and the service and
 * deploy requirements it shares), in each language. Values quote the student's file unchanged.
 */
import type { TextTemplates } from "./text-templates";

export const STACK_KIND_TEXTS = {
  "stack.notYaml": { en: "The file is not valid YAML: line {line}: {error}", fr: "Le fichier n’est pas du YAML valide : ligne {line} : {error}" },
  "stack.notMapping": {
    en: "The file should be a YAML mapping with keys such as version and services.",
    fr: "Le fichier doit être un dictionnaire YAML, avec des clés comme version et services.",
  },
  "stack.schemaOne": { en: "In {file}, line {line}: {problem}.", fr: "Dans {file}, ligne {line} : {problem}." },
  "stack.schemaItem": { en: "• line {line}: {problem}", fr: "• ligne {line} : {problem}" },
  "stack.schemaMore": { en: "• and {count} more", fr: "• et {count} de plus" },
  "stack.schemaMany": { en: "In {file}:\n{problems}", fr: "Dans {file} :\n{problems}" },

  "stack.badImageSpec": { en: 'checks.yaml names an invalid image "{image}" (a fault of the lesson).', fr: "checks.yaml donne un nom d’image invalide, « {image} » (une erreur de la leçon)." },
  "stack.imageExpected": { en: "service {service} to use the image {image}", fr: "le service {service} utilise l’image {image}" },
  "stack.imageExpectedOfficial": { en: "service {service} to use the image {image} (the official one)", fr: "le service {service} utilise l’image {image} (l’image officielle)" },
  "stack.imageBuildInstead": {
    en: "Expected {expected}; it has a build: section instead: this step uses the published image, no Dockerfile.",
    fr: "Attendu : {expected} ; il a une section build à la place. Cette étape utilise l’image publiée, sans Dockerfile.",
  },
  "stack.imageNone": { en: "Expected {expected}; it has no image: line.", fr: "Attendu : {expected} ; il n’a pas de ligne image." },
  "stack.imageInvalid": {
    en: "Expected {expected}; line {line} has image: {written}, which is not an image name.",
    fr: "Attendu : {expected} ; la ligne {line} contient image {written}, qui n’est pas un nom d’image.",
  },
  "stack.imageOther": { en: "Expected {expected}; line {line} has image: {written}.", fr: "Attendu : {expected} ; la ligne {line} contient image {written}." },
  "stack.imageImpostor": {
    en: "Expected {expected}; line {line} has image: {written}: {written} is published by someone else, not the official image.",
    fr: "Attendu : {expected} ; la ligne {line} contient image {written}. {written} est publiée par quelqu’un d’autre, ce n’est pas l’image officielle.",
  },
  "stack.imageDigest": {
    en: "Expected {expected}; line {line} has image: {written}: a digest pins a version the check cannot compare, write {image}.",
    fr: "Attendu : {expected} ; la ligne {line} contient image {written}. Un condensé (digest) fige une version que la vérification ne peut pas comparer : écrivez {image}.",
  },
  "stack.imageTag": {
    en: "Expected {expected}, tag {tag}; line {line} has image: {written} (tag {found}).",
    fr: "Attendu : {expected}, étiquette {tag} ; la ligne {line} contient image {written} (étiquette {found}).",
  },
  "stack.restartNone": {
    en: "Expected restart: {wanted} in service {service}; it has no restart: line, so a stopped container stays stopped.",
    fr: "Il fallait restart {wanted} dans le service {service} ; il n’a pas de ligne restart, donc un conteneur arrêté le reste.",
  },
  "stack.restartBoolean": {
    en: "Expected restart: {wanted} in service {service}; line {line} has restart: {written}, which YAML reads as a boolean.",
    fr: "Il fallait restart {wanted} dans le service {service} ; la ligne {line} contient restart {written}, que YAML lit comme un booléen.",
  },
  "stack.restartOther": {
    en: "Expected restart: {wanted} in service {service}; line {line} has restart: {written}.",
    fr: "Il fallait restart {wanted} dans le service {service} ; la ligne {line} contient restart {written}.",
  },
  "stack.portExpected": {
    en: "service {service} to publish port {wanted} (host port {published} to the container's port {target})",
    fr: "le service {service} publie le port {wanted} (le port {published} de l’hôte vers le port {target} du conteneur)",
  },
  "stack.portNone": { en: "Expected {expected}; it has no ports: entry.", fr: "Attendu : {expected} ; il n’a aucune entrée ports." },
  "stack.portOther": { en: "Expected {expected}; line {line} publishes {listed}.", fr: "Attendu : {expected} ; la ligne {line} publie {listed}." },
  "stack.portReversed": {
    en: "Expected {expected}; line {line} publishes {listed}. The order is host:container.",
    fr: "Attendu : {expected} ; la ligne {line} publie {listed}. L’ordre est hôte:conteneur.",
  },
  "stack.envBoolean": {
    en: "{key} (line {line}) is written {written}, which YAML reads as a boolean that docker-compose refuses: quote it, e.g. '{written}'.",
    fr: "{key} (ligne {line}) vaut {written}, que YAML lit comme un booléen refusé par docker-compose : mettez-le entre guillemets, par exemple `'{written}'`.",
  },
  "stack.envEmpty": { en: "{key} (line {line}) has no value.", fr: "{key} (ligne {line}) n’a pas de valeur." },
  "stack.envHas": { en: "its environment has {keys}", fr: "son environment contient {keys}" },
  "stack.envNone": { en: "it has no environment: section", fr: "il n’a pas de section environment" },
  "stack.envMissing": { en: "Expected service {service} to set {keys}; {where}.", fr: "Le service {service} devait définir {keys} ; {where}." },
  "stack.valueUnset": { en: "Expected {key}={wanted} in service {service}; it does not set {key}.", fr: "Il fallait {key}={wanted} dans le service {service} ; il ne définit pas {key}." },
  "stack.valueOther": {
    en: 'Expected {key}={wanted} in service {service}; line {line} gives "{value}".',
    fr: "Il fallait {key}={wanted} dans le service {service} ; la ligne {line} donne « {value} ».",
  },
  "stack.valueNone": {
    en: "Expected {key}={wanted} in service {service}; line {line} gives no value.",
    fr: "Il fallait {key}={wanted} dans le service {service} ; la ligne {line} ne donne aucune valeur.",
  },
  "stack.bindExpected": {
    en: "a bind mount of ~/{folder} (/home/$USER/{folder}) onto {target} in service {service}",
    fr: "un montage (bind mount) de ~/{folder} (/home/$USER/{folder}) sur {target} dans le service {service}",
  },
  "stack.bindNothing": { en: "Expected {expected}; nothing is mounted on {target}.", fr: "Il fallait {expected} ; rien n’est monté sur {target}." },
  "stack.bindNamedVolume": {
    en: "Expected {expected}; line {line} mounts the named volume {volume} there, which Docker keeps in its own storage, not in your home folder.",
    fr: "Il fallait {expected} ; la ligne {line} y monte le volume nommé {volume}, que Docker garde dans son propre stockage, pas dans votre répertoire personnel.",
  },
  "stack.bindAnonymous": {
    en: "Expected {expected}; line {line} mounts an anonymous volume there, which Docker keeps in its own storage, not in your home folder.",
    fr: "Il fallait {expected} ; la ligne {line} y monte un volume anonyme, que Docker garde dans son propre stockage, pas dans votre répertoire personnel.",
  },
  "stack.bindOtherUser": {
    en: "that is the home folder of a user named {user}, not yours: in the workbench you are {account}, so write ~/{folder} or /home/$USER/{folder}",
    fr: "c’est le répertoire personnel d’un utilisateur nommé {user}, pas le vôtre : dans l’atelier, vous êtes {account}, écrivez donc ~/{folder} ou /home/$USER/{folder}",
  },
  "stack.bindNotDirect": { en: "{source} is not directly in your home folder", fr: "{source} n’est pas directement dans votre répertoire personnel" },
  "stack.bindName": { en: "the folder must be named {folder}", fr: "le dossier doit s’appeler {folder}" },
  "stack.bindWrong": { en: "Expected {expected}; line {line} mounts {source}: {why}.", fr: "Il fallait {expected} ; la ligne {line} monte {source} : {why}." },

  "deploy.badMode": {
    en: "Expected deploy.mode of {service} to be replicated or global; line {line} has mode: {written}, which docker stack deploy refuses.",
    fr: "Le deploy.mode de {service} devait valoir replicated ou global ; la ligne {line} contient mode {written}, que docker stack deploy refuse.",
  },
  "deploy.badModeCase": {
    en: "Expected deploy.mode of {service} to be replicated or global; line {line} has mode: {written}, which docker stack deploy refuses (write it in lower case: {lower}).",
    fr: "Le deploy.mode de {service} devait valoir replicated ou global ; la ligne {line} contient mode {written}, que docker stack deploy refuse (écrivez-le en minuscules : {lower}).",
  },
  "deploy.replicated": { en: "replicated (a set number of copies, which you scale)", fr: "replicated (un nombre fixé de copies, que vous faites varier)" },
  "deploy.global": { en: "global (one copy on every node)", fr: "global (une copie sur chaque nœud)" },
  "deploy.otherMode": { en: "Expected {service} to be {what}; line {line} makes it {mode}.", fr: "{service} devait être en mode {what} ; la ligne {line} le met en mode {mode}." },
  "deploy.noReplicas": {
    en: "Expected {service} to ask for {count} replicas: deploy: replicas: {count}; it sets no deploy.replicas (one replica).",
    fr: "{service} devait demander {count} répliques (deploy, replicas {count}) ; il ne définit pas deploy.replicas (une seule réplique).",
  },
  "deploy.replicasNotNumber": {
    en: "Expected deploy.replicas of {service} to be a whole number ({count}); line {line} has replicas: {written}.",
    fr: "Le deploy.replicas de {service} devait être un nombre entier ({count}) ; la ligne {line} contient replicas {written}.",
  },
  "deploy.replicasGlobal": {
    en: "Expected {service} to be replicated to use deploy.replicas; it is global, where docker stack deploy refuses replicas (line {line}).",
    fr: "{service} devait être en mode replicated pour utiliser deploy.replicas ; il est en mode global, où docker stack deploy refuse replicas (ligne {line}).",
  },
  "deploy.replicasOther": {
    en: "Expected {service} to run {count} replicas; line {line} asks for {found}, and the next docker stack deploy would scale it back to that.",
    fr: "{service} devait faire tourner {count} répliques ; la ligne {line} en demande {found}, et le prochain docker stack deploy le ramènerait à ce nombre.",
  },

  "stackFile.versionExpected": {
    en: "Expected version: '{version}' or a later {major}.x at the top of the file",
    fr: "Il fallait `version: '{version}'` ou une {major}.x plus récente en haut du fichier",
  },
  "stackFile.versionNone": { en: "{expected}; the file has no version: line.", fr: "{expected} ; le fichier n’a pas de ligne version." },
  "stackFile.versionNumber": {
    en: "{expected}; line {line} has version: {text}, a number for YAML: docker-compose wants a string, so quote it ('{text}').",
    fr: "{expected} ; la ligne {line} contient version {text}, un nombre pour YAML. docker-compose veut une chaîne : mettez-la entre guillemets (`'{text}'`).",
  },
  "stackFile.versionOther": { en: "{expected}; line {line} has version: '{value}'.", fr: "{expected} ; la ligne {line} contient `version: '{value}'`." },
  "stackFile.sameUnset": {
    en: "Expected {keyA} in {serviceA} to equal {keyB} in {serviceB}; service {absent} does not set {key}.",
    fr: "{keyA} dans {serviceA} devait être égal à {keyB} dans {serviceB} ; le service {absent} ne définit pas {key}.",
  },
  "stackFile.noValue": { en: "no value", fr: "aucune valeur" },
  "stackFile.quoted": { en: '"{value}"', fr: "« {value} »" },
  "stackFile.sameDiffers": {
    en: "Expected {keyA} in {serviceA} to equal {keyB} in {serviceB}; line {lineA} gives {valueA} but line {lineB} gives {valueB}.",
    fr: "{keyA} dans {serviceA} devait être égal à {keyB} dans {serviceB} ; la ligne {lineA} donne {valueA}, mais la ligne {lineB} donne {valueB}.",
  },
  "stackFile.hostExpected": {
    en: "Expected {key} in {service} to name the service {target}: containers of a stack reach each other by service name",
    fr: "{key} dans {service} devait nommer le service {target} : les conteneurs d’une pile se joignent par le nom de leur service",
  },
  "stackFile.hostExpectedPort": {
    en: "Expected {key} in {service} to name the service {target} (or {target}:{port}): containers of a stack reach each other by service name",
    fr: "{key} dans {service} devait nommer le service {target} (ou {target}:{port}) : les conteneurs d’une pile se joignent par le nom de leur service",
  },
  "stackFile.hostUnset": { en: "{expected}; {service} does not set {key}.", fr: "{expected} ; {service} ne définit pas {key}." },
  "stackFile.hostOther": { en: '{expected}; line {line} gives "{value}".{local}', fr: "{expected} ; la ligne {line} donne « {value} ».{local}" },
  "stackFile.hostLocal": {
    en: " Inside the wordpress container, localhost is that container itself, not the database.",
    fr: " Dans le conteneur wordpress, localhost désigne ce conteneur lui-même, pas la base de données.",
  },
  "stackFile.servicesHas": { en: "the file has {services}", fr: "le fichier contient {services}" },
  "stackFile.servicesEmpty": { en: "services: is empty", fr: "la section services est vide" },
  "stackFile.servicesNone": { en: "the file has no services: section", fr: "le fichier n’a pas de section services" },
  "stackFile.serviceMissing": { en: "Expected a service named {names} under services:; {has}.", fr: "Il fallait un service nommé {names} dans la section services ; {has}." },
  "stackFile.servicesMissing": { en: "Expected services named {names} under services:; {has}.", fr: "Il fallait des services nommés {names} dans la section services ; {has}." },
  "stackFile.also": { en: "{first} Also: {rest}", fr: "{first} Et aussi : {rest}" },
  "stackFile.pass": { en: "{file} declares {verified}.", fr: "{file} déclare {verified}." },
  "stackFile.passReadable": { en: "a readable stack", fr: "une stack lisible" },
  "stackFile.passVersion": { en: "format version {version} or later", fr: "la version de format {version} ou une plus récente" },
  "stackFile.passService": { en: "the service {name}", fr: "le service {name}" },
  "stackFile.passServiceWith": { en: "{name} ({details})", fr: "le service {name} ({details})" },
  "stackFile.passImage": { en: "image {image}", fr: "l’image {image}" },
  "stackFile.passPort": { en: "port {port}", fr: "le port {port}" },
  "stackFile.passVariables": { en: "{count} variables", fr: "{count} variables d’environnement" },
  "stackFile.passBind": { en: "~/{folder} on {target}", fr: "~/{folder} monté sur {target}" },
  "stackFile.passMode": { en: "mode {mode}", fr: "le mode {mode}" },
  "stackFile.passReplicas": { en: "{count} replicas", fr: "{count} répliques" },
  "stackFile.passReplicasAtMost": { en: "no replica count other than {count}", fr: "aucun autre nombre de répliques que {count}" },
  "stackFile.passHost": { en: "{variable} naming {service}", fr: "{variable} désignant {service}" },
  "composeFile.versionNone": {
    en: 'the file gives no format version: add version: "{version}.8" as its first line (expected {version} or {version}.x, e.g. version: "{version}.8")',
    fr: 'le fichier ne donne pas de version de format : ajoutez `version: "{version}.8"` en première ligne (attendu : {version} ou {version}.x, par exemple `version: "{version}.8"`)',
  },
  "composeFile.versionOther": {
    en: 'the format version is "{found}"; expected {version} or {version}.x, e.g. version: "{version}.8"',
    fr: 'la version de format est « {found} » ; attendu : {version} ou {version}.x, par exemple `version: "{version}.8"`',
  },
  "composeFile.lookalike": { en: "the service {found} must be named exactly {name}", fr: "le service {found} doit s’appeler exactement {name}" },
  "composeFile.noService": { en: "there is no service named {name}", fr: "il n’y a aucun service nommé {name}" },
  "composeFile.extraService": { en: "the service {name} is not asked for (expected only {services})", fr: "le service {name} n’est pas demandé (seuls {services} sont attendus)" },
  "composeFile.portsNotList": { en: '{name}: ports must be a list, e.g. - "80:80"', fr: '{name} : ports doit être une liste, par exemple `- "80:80"`' },
  "composeFile.portProblem": { en: "{name}: {problem}", fr: "{name} : {problem}" },
  "composeFile.containerPort": { en: "container port {port}", fr: "le port {port} du conteneur" },
  "composeFile.containerOnHost": { en: "container port {port} on host port {host}", fr: "le port {port} du conteneur sur le port {host} de l’hôte" },
  "composeFile.mustPublish": { en: '{name} must publish {how}, e.g. ports: ["{host}:{port}"]', fr: '{name} doit publier {how}, par exemple `ports: ["{host}:{port}"]`' },
  "composeFile.mustNotPublish": {
    en: "{name} publishes port {port} on the host; the other services reach it without that (remove this ports entry, or use expose)",
    fr: "{name} publie le port {port} sur l’hôte ; les autres services le joignent sans cela (retirez cette entrée de ports, ou utilisez expose)",
  },
  "composeFile.noBuild": {
    en: "{name} has no build: add build: ./{folder} so compose builds its image from that folder",
    fr: "{name} n’a pas de build : ajoutez `build: ./{folder}` pour que compose construise son image depuis ce dossier",
  },
  "composeFile.buildNoFolder": { en: "{name}: build must give the folder to build, e.g. build: ./{folder}", fr: "{name} : build doit donner le dossier à construire, par exemple `build: ./{folder}`" },
  "composeFile.buildOther": { en: "{name} builds from {context}; expected the folder {folder}", fr: "{name} se construit depuis {context} ; le dossier attendu est {folder}" },
  "composeFile.noImage": { en: "{name} has no image", fr: "{name} n’a pas d’image" },
  "composeFile.imageOther": { en: "{name} runs the image {image}; expected one matching /{pattern}/", fr: "{name} lance l’image {image} ; il en fallait une qui corresponde à /{pattern}/" },
  "composeFile.envUnset": { en: "{name} does not set the variable {key} in environment", fr: "{name} ne définit pas la variable {key} dans environment" },
  "composeFile.envOther": { en: '{name} sets {key} to "{value}"; expected "{wanted}"', fr: "{name} donne à {key} la valeur « {value} » ; attendu : « {wanted} »" },
  "composeFile.noRestart": { en: "no restart policy", fr: "aucune politique de redémarrage" },
  "composeFile.restartIs": { en: "restart: {value}", fr: "`restart: {value}`" },
  "composeFile.restartOther": { en: "{name} has {found}; expected restart: {wanted}", fr: "{name} a {found} ; attendu : `restart: {wanted}`" },
  "composeFile.noMount": { en: "{name} does not mount anything on {path} (volumes: - name:{path})", fr: "{name} ne monte rien sur {path} (`volumes: - nom:{path}`)" },
  "composeFile.notYaml": { en: "{problem} (line {line}).", fr: "{problem} (ligne {line})." },
  "composeFile.notMapping": {
    en: "Expected {file} to be a mapping (version:, services: …); it is something else.",
    fr: "{file} devait être un dictionnaire YAML (version, services…) ; c’est autre chose.",
  },
  "composeFile.empty": { en: "Expected {file} to be a mapping (version:, services: …); it is empty.", fr: "{file} devait être un dictionnaire YAML (version, services…) ; il est vide." },
  "composeFile.noServices": { en: "the file has no services: section (a mapping of service names)", fr: "le fichier n’a pas de section services (un dictionnaire de noms de services)" },
  "composeFile.serviceEmpty": { en: "the service {name} is empty", fr: "le service {name} est vide" },
  "composeFile.problemOne": { en: "In {file}, {problem} (line {line}).", fr: "Dans {file}, {problem} (ligne {line})." },
  "composeFile.problemItem": { en: "• line {line}: {problem}", fr: "• ligne {line} : {problem}" },
  "composeFile.pass": { en: "{file} is valid{version}{named}.", fr: "{file} est valide{version}{named}." },
  "composeFile.passVersion": { en: ", format version {version}", fr: ", version de format {version}" },
  "composeFile.passServices": { en: " with the services {services}", fr: " avec les services {services}" },
  "composeFile.problemsMany": { en: "In {file}:\n{problems}", fr: "Dans {file} :\n{problems}" },
} satisfies TextTemplates;
