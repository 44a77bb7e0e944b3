/**
 * The messages of the check kinds that read the Dockerfile (instruction, env-in-one-instruction,
 * trailing-comments, archive-download, persistence-declared, packages), in each language. Values
 * quote the student's file unchanged.
 */
import type { TextTemplates } from "./text-templates";

export const DOCKERFILE_KIND_TEXTS = {
  "common.lineOne": { en: "line {line}", fr: "ligne {line}" },
  "common.linesMany": { en: "lines {lines}", fr: "lignes {lines}" },
  "common.lineSpan": { en: "lines {first}–{last}", fr: "lignes {first} à {last}" },

  "instruction.inFinal": { en: "in the final stage", fr: "dans la dernière étape" },
  "instruction.inFile": { en: "in the Dockerfile", fr: "dans le Dockerfile" },
  "instruction.none": { en: "none", fr: "aucune" },
  "instruction.count": { en: "{count} ({lines})", fr: "{count} ({lines})" },
  "instruction.tooFew": { en: "Expected at least {min} {keyword} {scope}; found {found}.", fr: "Il fallait au moins {min} {keyword} {scope} ; on en trouve {found}." },
  "instruction.tooMany": {
    en: "Expected at most {max} {keyword} {scope}; found {count}, on lines {lines}.",
    fr: "Il fallait au plus {max} {keyword} {scope} ; on en trouve {count}, aux lignes {lines}.",
  },
  "instruction.seen": { en: "line {line}: {keyword} {args}", fr: "ligne {line} : {keyword} {args}" },
  "instruction.noMatch": {
    en: "Expected a {keyword} {scope} whose arguments match /{pattern}/; found {seen}.",
    fr: "Il fallait un {keyword} {scope} dont les arguments correspondent à /{pattern}/ ; on trouve {seen}.",
  },
  "instruction.pass": { en: "Line {line} has {keyword} {args}.", fr: "La ligne {line} contient {keyword} {args}." },
  "instruction.passNone": { en: "No {keyword} {scope}, as required.", fr: "Aucun {keyword} {scope}, comme demandé." },
  "instruction.passFound": { en: "Found {keyword} {scope} on {lines}.", fr: "{keyword} trouvé {scope}, {lines}." },

  "variable.detailed": { en: "{describe} ({details})", fr: "{describe} ({details})" },
  "variable.value": { en: "value {value}", fr: "valeur {value}" },
  "variable.namePattern": { en: "name matching /{pattern}/", fr: "nom correspondant à /{pattern}/" },

  "env.expected": { en: "Expected one ENV instruction defining {wanted}", fr: "Il fallait une seule instruction ENV définissant {wanted}" },
  "env.pass": { en: "The ENV instruction on {span} defines {variables}.", fr: "L’instruction ENV, {span}, définit {variables}." },
  "env.noEnv": { en: "the Dockerfile has no ENV instruction", fr: "le Dockerfile n’a aucune instruction ENV" },
  "env.noneSets": { en: "no ENV instruction sets {missing}", fr: "aucune instruction ENV ne définit {missing}" },
  "env.legacy": {
    en: ' Line {line} uses the old form "ENV NAME value", which defines one variable: {name}="{value}". Use NAME=value pairs.',
    fr: " La ligne {line} utilise l’ancienne forme « ENV NOM valeur », qui ne définit qu’une variable : {name}=« {value} ». Écrivez des paires NOM=valeur.",
  },
  "env.missing": { en: "{expected}; {none}.{note}", fr: "{expected} ; {none}.{note}" },
  "env.placed": { en: "{names} on line {line}", fr: "{names} à la ligne {line}" },
  "env.split": {
    en: "{expected}; they are split over {count} ENV instructions: {placed}. Write them in one: ENV {merged}",
    fr: "{expected} ; elles sont réparties sur {count} instructions ENV : {placed}. Réunissez-les en une seule : ENV {merged}",
  },

  "comments.expected": { en: "Expected the Dockerfile to end with comments giving {wanted}", fr: "Le Dockerfile devait se terminer par des commentaires donnant {wanted}" },
  "comments.tagSeen": { en: "line {line} has {written}", fr: "la ligne {line} contient {written}" },
  "comments.tagSeenNoTag": { en: "line {line} has {written} (no -t tag)", fr: "la ligne {line} contient {written} (sans étiquette -t)" },
  "comments.tagMissing": { en: "the image must be tagged -t {tag}, but {seen}", fr: "l’image doit être étiquetée -t {tag}, mais {seen}" },
  "comments.noName": { en: "it gives no --name {name}", fr: "elle ne donne pas --name {name}" },
  "comments.otherName": { en: "it names the container {name} instead of {expected}", fr: "elle nomme le conteneur {name} au lieu de {expected}" },
  "comments.noImage": { en: "it starts no image (expected {image})", fr: "elle ne lance aucune image ({image} attendue)" },
  "comments.otherImage": { en: "it starts the image {image} instead of {expected}", fr: "elle lance l’image {image} au lieu de {expected}" },
  "comments.portLate": {
    en: "{options} comes after the image name, so docker hands it to the container's command instead of publishing the port: put -p {port} before {image}",
    fr: "{options} vient après le nom de l’image : docker le passe alors à la commande du conteneur au lieu de publier le port. Placez -p {port} avant {image}",
  },
  "comments.portMissing": { en: "it does not publish -p {port}", fr: "elle ne publie pas -p {port}" },
  "comments.portOthers": { en: "it does not publish -p {port} (it has -p {ports})", fr: "elle ne publie pas -p {port} (elle a -p {ports})" },
  "comments.runWrong": { en: "the run command on line {line} ({written}) is not right: {issues}", fr: "la commande run de la ligne {line} ({written}) ne convient pas : {issues}" },
  "comments.commandEarlier": {
    en: "the docker {kind} command is in the comment on line {line}, but instructions follow it: move it after the last instruction",
    fr: "la commande docker {kind} est dans le commentaire de la ligne {line}, mais des instructions la suivent : déplacez-la après la dernière instruction",
  },
  "comments.commandMissing": { en: "there is no docker {kind} command in the closing comments", fr: "les commentaires de fin ne donnent aucune commande docker {kind}" },
  "comments.endsWith": { en: " The file ends with the instruction {keyword} on line {line}.", fr: " Le fichier se termine par l’instruction {keyword} de la ligne {line}." },
  "comments.failed": { en: "{expected}: {problems}.{ending}", fr: "{expected} : {problems}.{ending}" },
  "comments.shown": { en: "line {line}: {written}", fr: "ligne {line} : {written}" },
  "comments.pass": { en: "The closing comments give {wanted} ({shown}).", fr: "Les commentaires de fin donnent {wanted} ({shown})." },

  "archive.what": { en: "a .{format} archive", fr: "une archive .{format}" },
  "archive.whatMatching": { en: "a .{format} archive (URL matching /{pattern}/)", fr: "une archive .{format} (URL correspondant à /{pattern}/)" },
  "archive.expected": { en: "Expected the Dockerfile to download {what} and extract it", fr: "Le Dockerfile devait télécharger {what} et la décompresser" },
  "archive.otherFormat": {
    en: "{expected}; line {line} downloads {url}, a .{other} archive. The step asks for the .{format} one.",
    fr: "{expected} ; la ligne {line} télécharge {url}, une archive .{other}. L’étape demande l’archive .{format}.",
  },
  "archive.otherFormatSuggest": {
    en: "{expected}; line {line} downloads {url}, a .{other} archive. The step asks for the .{format} one: {suggestion}.",
    fr: "{expected} ; la ligne {line} télécharge {url}, une archive .{other}. L’étape demande l’archive .{format} : {suggestion}.",
  },
  "archive.notArchive": { en: "{expected}; line {line} downloads {url}, which is not a .{format} archive.", fr: "{expected} ; la ligne {line} télécharge {url}, qui n’est pas une archive .{format}." },
  "archive.local": {
    en: "{expected}; line {line} copies the local file {source} instead: download it while building (wget, curl or ADD <url>).",
    fr: "{expected} ; la ligne {line} copie plutôt le fichier local {source} : téléchargez-le pendant la construction (wget, curl ou ADD <url>).",
  },
  "archive.nothing": { en: "{expected}; it downloads nothing (no wget, curl or ADD <url>).", fr: "{expected} ; il ne télécharge rien (ni wget, ni curl, ni ADD <url>)." },
  "archive.nothingMatching": {
    en: "{expected}; it downloads nothing that matches (no wget, curl or ADD <url>).",
    fr: "{expected} ; il ne télécharge rien qui corresponde (ni wget, ni curl, ni ADD <url>).",
  },
  "archive.pass": {
    en: "Line {line} downloads {url} ({how}) and line {extractLine} extracts it with {tool}.",
    fr: "La ligne {line} télécharge {url} ({how}) et la ligne {extractLine} la décompresse avec {tool}.",
  },
  "archive.otherExtraction": { en: "line {line} runs {tool} on {archive}, which is not the downloaded file", fr: "la ligne {line} lance {tool} sur {archive}, qui n’est pas le fichier téléchargé" },
  "archive.noExtraction": { en: "nothing extracts it (e.g. {example})", fr: "rien ne la décompresse (par exemple {example})" },
  "archive.notExtracted": { en: "{expected}; line {line} downloads {url}, but {found}.", fr: "{expected} ; la ligne {line} télécharge {url}, mais {found}." },
  "archive.notExtractedAs": { en: "{expected}; line {line} downloads {url} as {saved}, but {found}.", fr: "{expected} ; la ligne {line} télécharge {url} sous le nom {saved}, mais {found}." },

  "declared.anonymous": {
    en: "an anonymous volume, which docker volume prune deletes once the container is gone: give it a name (-v NAME:PATH)",
    fr: "un volume anonyme, que docker volume prune supprime une fois le conteneur disparu : donnez-lui un nom (-v NOM:CHEMIN)",
  },
  "declared.bind": {
    en: "a bind mount of a host folder, not a Docker volume: this step asks for VOLUME or a named volume",
    fr: "un montage d’un dossier de l’hôte (bind mount), pas un volume Docker : cette étape demande VOLUME ou un volume nommé",
  },
  "declared.tmpfs": { en: "a tmpfs, kept in memory and lost when the container stops", fr: "un tmpfs, gardé en mémoire et perdu à l’arrêt du conteneur" },
  "declared.lookAlike": { en: "{path}: the run command on line {line} gives it {written}, {why}", fr: "{path} : la commande run de la ligne {line} lui donne {written}, {why}" },
  "declared.noVolume": {
    en: "{path}: no VOLUME instruction names it, and the documented run command mounts no named volume on it",
    fr: "{path} : aucune instruction VOLUME ne le nomme, et la commande run indiquée n’y monte aucun volume nommé",
  },
  "declared.noRun": {
    en: "{path}: no VOLUME instruction names it, and the closing comments give no docker run command",
    fr: "{path} : aucune instruction VOLUME ne le nomme, et les commentaires de fin ne donnent aucune commande docker run",
  },
  "declared.failed": {
    en: "Expected {paths} to persist, each declared with VOLUME in the Dockerfile or mounted from a named volume in the documented docker run command; {problems}.",
    fr: "Chacun de ces dossiers devait persister : {paths}, déclaré par VOLUME dans le Dockerfile ou monté depuis un volume nommé dans la commande docker run indiquée ; {problems}.",
  },
  "declared.byVolume": { en: "{path} (VOLUME on line {line})", fr: "{path} (VOLUME à la ligne {line})" },
  "declared.byBoth": {
    en: "{path} (VOLUME on line {line}, and the named volume {volume} in the run command)",
    fr: "{path} (VOLUME à la ligne {line}, et le volume nommé {volume} dans la commande run)",
  },
  "declared.byNamed": { en: "{path} (the named volume {volume} in the run command on line {line})", fr: "{path} (le volume nommé {volume} dans la commande run de la ligne {line})" },
  "declared.advice": {
    en: " Run the container with -v NAME:{path} (a name of your choice): otherwise Docker creates an anonymous volume for {paths}, which docker volume prune deletes once the container is gone.",
    fr: " Lancez le conteneur avec -v NOM:{path}, où NOM est un nom de votre choix ; sinon Docker crée un volume anonyme pour {paths}, que docker volume prune supprime une fois le conteneur disparu.",
  },
  "declared.pass": { en: "Declared persistent: {kept}.{advice}", fr: "Déclaré persistant : {kept}.{advice}" },

  "packages.wanted": { en: "{describe} ({names})", fr: "{describe} ({names})" },
  "packages.installsAt": { en: "line {line} installs {written}", fr: "la ligne {line} installe {written}" },
  "packages.forbiddenOne": { en: "Expected the package {names} not to be installed; {what}.", fr: "Le paquet {names} ne devait pas être installé ; {what}." },
  "packages.forbiddenMany": { en: "Expected the packages {names} not to be installed; {what}.", fr: "Les paquets {names} ne devaient pas être installés ; {what}." },
  "packages.unknownOne": {
    en: "Could not tell from the Dockerfile whether {wanted} is installed: line {line} installs {text}, known only once the image is built.",
    fr: "Impossible de savoir d’après le Dockerfile si {wanted} est installé : la ligne {line} installe {text}, qu’on ne connaît qu’une fois l’image construite.",
  },
  "packages.unknownMany": {
    en: "Could not tell from the Dockerfile whether {wanted} are installed: line {line} installs {text}, known only once the image is built.",
    fr: "Impossible de savoir d’après le Dockerfile si {wanted} sont installés : la ligne {line} installe {text}, qu’on ne connaît qu’une fois l’image construite.",
  },
  "packages.noApt": { en: "the Dockerfile installs nothing with apt-get", fr: "le Dockerfile n’installe rien avec apt-get" },
  "packages.aptInstalls": { en: "the apt lines ({lines}) install {names}", fr: "les lignes apt ({lines}) installent {names}" },
  "packages.nothing": { en: "nothing", fr: "rien" },
  "packages.missing": { en: "Expected {wanted} to be installed; {summary}.", fr: "Il fallait installer {wanted} ; {summary}." },
  "packages.passNone": { en: "The Dockerfile does not install {absent}.", fr: "Le Dockerfile n’installe pas {absent}." },
  "packages.anyForbidden": { en: "any forbidden package", fr: "de paquet interdit" },
  "packages.byLine": { en: "{names} (line {line})", fr: "{names} (ligne {line})" },
  "packages.pass": { en: "The Dockerfile installs {installs}.", fr: "Le Dockerfile installe {installs}." },
  "packages.passAndNot": { en: "The Dockerfile installs {installs}, and not {absent}.", fr: "Le Dockerfile installe {installs}, et pas {absent}." },
  "packages.unreadable": {
    en: "The image's package list could not be read ({error}); from the Dockerfile: {preliminary}",
    fr: "La liste des paquets de l’image n’a pas pu être lue ({error}) ; d’après le Dockerfile : {preliminary}",
  },
  "packages.becauseItself": { en: "; line {line} installs it", fr: " ; la ligne {line} l’installe" },
  "packages.becauseDepends": { en: "; line {line} installs {cause}, which depends on it", fr: " ; la ligne {line} installe {cause}, qui en dépend" },
  "packages.inImageOne": {
    en: "Expected {names} not to be installed in the image; dpkg lists it as installed{because}.",
    fr: "{names} ne devait pas être installé dans l’image ; dpkg l’indique comme installé{because}.",
  },
  "packages.inImageMany": {
    en: "Expected {names} not to be installed in the image; dpkg lists them as installed{because}.",
    fr: "{names} ne devaient pas être installés dans l’image ; dpkg les indique comme installés{because}.",
  },
  "packages.missingInImageOne": {
    en: "Expected {wanted} to be installed in the image; dpkg lists none of them.",
    fr: "Il fallait installer {wanted} dans l’image ; dpkg n’en indique aucun.",
  },
  "packages.missingInImageMany": {
    en: "Expected {wanted} to be installed in the image; dpkg lists none of those names.",
    fr: "Il fallait installer {wanted} dans l’image ; dpkg n’indique aucun de ces noms.",
  },
  "packages.verifyError": {
    en: "The grader could not compare the packages' files with Debian's archive: {error}. Press Check again later; tell your teacher if it lasts.",
    fr: "Le correcteur n’a pas pu comparer les fichiers des paquets avec l’archive de Debian : {error}. Relancez la vérification plus tard ; prévenez votre enseignant si cela dure.",
  },
  "packages.unpublished": { en: "{name}{version} is not a package version Debian published", fr: "{name}{version} n’est pas une version de paquet publiée par Debian" },
  "packages.changedFile": { en: "{path} of {name} is not the file Debian's package holds", fr: "{path} de {name} n’est pas le fichier que contient le paquet de Debian" },
  "packages.missingFile": { en: "{path} of {name} is missing", fr: "{path} de {name} manque" },
  "packages.notRegular": { en: "{path} of {name} is not a regular file", fr: "{path} de {name} n’est pas un fichier ordinaire" },
  "packages.more": { en: " (and {count} more)", fr: " (et {count} de plus)" },
  "packages.changed": {
    en: "Expected the installed packages' own programs; in the image, {shown}{more}. Install packages with apt-get and leave their files as they are.",
    fr: "Il fallait les programmes d’origine des paquets installés ; dans l’image, {shown}{more}. Installez les paquets avec apt-get et laissez leurs fichiers tels quels.",
  },
  "packages.passImageNone": { en: "The built image does not have {absent} installed (dpkg's list).", fr: "L’image construite n’a pas {absent} d’installé (liste de dpkg)." },
  "packages.passImage": { en: "The built image has {has} installed (dpkg's list).", fr: "L’image construite a {has} d’installé (liste de dpkg)." },
  "packages.passImageAndNot": { en: "The built image has {has} installed, and not {absent} (dpkg's list).", fr: "L’image construite a {has} d’installé, et pas {absent} (liste de dpkg)." },
} satisfies TextTemplates;
