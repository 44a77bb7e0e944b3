/**
 * The Dockerfile best-practice rules' findings (server/grading/lint/rules), in each language: the
 * editor marks them live and the dockerfile-lint check lists them. Values quote the student's
 * Dockerfile as written.
 */
import type { TextTemplates } from "./text-templates";

export const LINT_TEXTS = {
  "lint.aptAssumeYes": {
    en: '{tool} install without -y asks "Do you want to continue? [Y/n]", and nobody can answer during docker build: apt takes it as no and the build stops. Add -y: {tool} install -y …',
    fr: "{tool} install sans -y demande « Do you want to continue? [Y/n] », et personne ne peut répondre pendant docker build : apt le prend pour un non et la construction s’arrête. Ajoutez -y : {tool} install -y …",
  },
  "lint.aptListsCleaned": {
    en: "This RUN installs packages but leaves the package lists apt downloaded in {lists} (tens of megabytes) inside the layer. End the same RUN with && rm -rf {lists}/* — a later RUN cannot make this layer smaller.",
    fr: "Ce RUN installe des paquets mais laisse dans la couche les listes de paquets qu’apt a téléchargées dans {lists} (des dizaines de mégaoctets). Terminez ce même RUN par && rm -rf {lists}/* : un RUN suivant ne peut plus alléger cette couche.",
  },
  "lint.aptNoInstallRecommends": {
    en: '{tool} install without {flag} also installs the packages that the ones you named only "recommend", often many megabytes you never use. Add {flag} and name the few extra packages you really need (ca-certificates for https downloads, for instance).',
    fr: "{tool} install sans {flag} installe aussi les paquets que ceux que vous avez nommés « recommandent » seulement : souvent bien des mégaoctets dont vous ne vous servirez jamais. Ajoutez {flag} et nommez les quelques paquets supplémentaires dont vous avez vraiment besoin (ca-certificates pour les téléchargements en https, par exemple).",
  },
  "lint.aptNoUpgrade": {
    en: "{tool} {subcommand} upgrades every package of the base image inside your layer: the image grows and its content depends on the day you build. Remove it; get updates from the base image instead (a newer tag, docker build --pull) and install only the packages you need.",
    fr: "{tool} {subcommand} met à jour tous les paquets de l’image de base dans votre couche : l’image grossit et son contenu dépend du jour de la construction. Retirez-le ; prenez plutôt les mises à jour dans l’image de base (une étiquette plus récente, docker build --pull) et n’installez que les paquets dont vous avez besoin.",
  },
  "lint.aptUpdateAlone": {
    en: "{tool} update runs in a RUN without an install. Docker caches that layer, so when you later change the install line the old package lists are reused and downloads fail or bring outdated packages. Update and install in the same RUN: {tool} update && {tool} install -y …",
    fr: "{tool} update est lancé dans un RUN sans installation. Docker garde cette couche en cache : quand vous modifierez plus tard la ligne d’installation, les anciennes listes de paquets resserviront, et les téléchargements échoueront ou apporteront des paquets périmés. Mettez à jour et installez dans le même RUN : {tool} update && {tool} install -y …",
  },
  "lint.aptInstallWithoutUpdate": {
    en: "{tool} install runs without {tool} update before it in the same RUN, so it depends on package lists from another, cached layer (or on none: Debian images ship without them). Start this RUN with {tool} update && …",
    fr: "{tool} install est lancé sans {tool} update avant lui dans le même RUN : il dépend donc des listes de paquets d’une autre couche, en cache (ou d’aucune : les images Debian sont livrées sans). Commencez ce RUN par {tool} update && …",
  },
  "lint.archiveDeletedLater": {
    en: "{name} is downloaded here but deleted only by the RUN on line {line}: this layer keeps it, so the image is no smaller. Delete it in this RUN, right after extracting it (&& rm {name}).",
    fr: "{name} est téléchargé ici mais n’est supprimé que par le RUN de la ligne {line} : cette couche le garde, l’image n’en est donc pas plus légère. Supprimez-le dans ce RUN, juste après l’avoir extrait (&& rm {name}).",
  },
  "lint.archiveKept": {
    en: "{name} is downloaded here and never deleted: it stays in the image once extracted. End this RUN with && rm {name} (in the same RUN: a later one cannot make this layer smaller).",
    fr: "{name} est téléchargé ici et jamais supprimé : il reste dans l’image une fois extrait. Terminez ce RUN par && rm {name} (dans le même RUN : un RUN suivant ne peut plus alléger cette couche).",
  },
  "lint.consecutiveRun": {
    en: "This RUN follows the RUN on line {line} directly, and each RUN adds a layer. Join them with && in one RUN, unless you keep them apart on purpose for the build cache (a slow step that rarely changes first).",
    fr: "Ce RUN suit directement celui de la ligne {line}, et chaque RUN ajoute une couche. Réunissez-les avec && en un seul RUN, sauf si vous les séparez exprès pour le cache de construction (d’abord une étape lente qui change rarement).",
  },
  "lint.copyNotAdd": {
    en: "ADD {source} copies a plain file or folder from the build context, which is COPY's job. ADD also downloads URLs and unpacks tar archives, so a reader must guess which one you meant. Write COPY {source} {destination}; keep ADD for a local .tar archive to extract.",
    fr: "ADD {source} copie un simple fichier ou dossier du contexte de construction : c’est le rôle de COPY. ADD télécharge aussi des URL et décompresse des archives tar, si bien qu’un lecteur doit deviner ce que vous vouliez. Écrivez COPY {source} {destination} ; gardez ADD pour une archive .tar locale à extraire.",
  },
  "lint.debianFrontendEnv": {
    en: "ENV DEBIAN_FRONTEND={value} stays in the image: every docker exec or docker run -it shell inherits it, and apt or dpkg-reconfigure then stop asking the questions a person would want to answer. Set it only for the command that needs it: RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install … (an ARG also works: it does not reach the image).",
    fr: "ENV DEBIAN_FRONTEND={value} reste dans l’image : chaque shell ouvert par docker exec ou docker run -it en hérite, et apt ou dpkg-reconfigure cessent alors de poser les questions auxquelles une personne voudrait répondre. Ne le définissez que pour la commande qui en a besoin : RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install … (un ARG convient aussi : il n’atteint pas l’image).",
  },
  "lint.execFormCmd": {
    en: '{keyword} is written in shell form, so Docker runs it as /bin/sh -c "…": {consequence}. Write the JSON form: {keyword} ["program", "arg1", "arg2"] (with double quotes), or {keyword} ["bash", "-c", "…"] when you need shell syntax such as && or &.',
    fr: '{keyword} est écrit sous forme shell, Docker le lance donc comme /bin/sh -c "…" : {consequence}. Écrivez la forme JSON : {keyword} ["programme", "arg1", "arg2"] (avec des guillemets droits doubles), ou {keyword} ["bash", "-c", "…"] quand il vous faut une syntaxe du shell comme && ou &.',
  },
  "lint.execFormEntrypoint": {
    en: "it ignores the arguments given to docker run and the CMD, and /bin/sh becomes PID 1, which does not pass docker stop's signal on to your program",
    fr: "il ignore les arguments donnés à docker run ainsi que le CMD, et /bin/sh devient le PID 1, qui ne transmet pas le signal de docker stop à votre programme",
  },
  "lint.execFormCmdWhy": {
    en: "/bin/sh becomes PID 1 and does not pass docker stop's signal on to your program, which is killed after 10 seconds instead of shutting down cleanly",
    fr: "/bin/sh devient le PID 1 et ne transmet pas le signal de docker stop à votre programme, qui est tué au bout de 10 secondes au lieu de s’arrêter proprement",
  },
  "lint.fromNoTag": {
    en: "{from} has no tag, so Docker quietly takes {name}:latest, whatever that is on the day you build. Write the tag you tested with: a version such as {name}:<version> stays on one release, and a digest ({name}@sha256:…) names exactly one image.",
    fr: "{from} n’a pas d’étiquette : Docker prend donc en silence {name}:latest, quelle qu’elle soit le jour de la construction. Écrivez l’étiquette avec laquelle vous avez testé : une version comme {name}:<version> reste sur une même version, et un condensé ({name}@sha256:…) désigne une seule image, exactement.",
  },
  "lint.fromLatest": {
    en: "{from} follows a moving target: latest is re-pointed at each new release, so this Dockerfile will build on a different system next year. A version tag ({name}:<version>) stays on one release and still gets its security fixes; a digest ({name}@sha256:…) names one exact image that never changes. Pick one and write it.",
    fr: "{from} suit une cible mouvante : latest est redirigée à chaque nouvelle version, si bien que ce Dockerfile se construira sur un autre système l’an prochain. Une étiquette de version ({name}:<version>) reste sur une même version et reçoit quand même ses correctifs de sécurité ; un condensé ({name}@sha256:…) désigne une image exacte qui ne change jamais. Choisissez-en un et écrivez-le.",
  },
  "lint.maintainer": {
    en: 'MAINTAINER is deprecated: Docker only keeps it for old files. Write the author as a label instead: LABEL maintainer="{author}".',
    fr: 'MAINTAINER est obsolète : Docker ne le garde que pour les vieux fichiers. Indiquez plutôt l’auteur dans une étiquette : LABEL maintainer="{author}".',
  },
  "lint.noAddUrl": {
    en: "ADD {source} keeps the downloaded file in a layer of its own: deleting it later does not make the image smaller, and ADD does not unpack a remote archive. Download it in a RUN that also extracts and deletes it, e.g. RUN wget -q URL && unzip -q file.zip -d /dest && rm file.zip.",
    fr: "ADD {source} garde le fichier téléchargé dans une couche à part : le supprimer ensuite n’allège pas l’image, et ADD ne décompresse pas une archive distante. Téléchargez-le dans un RUN qui l’extrait et le supprime aussi, par exemple RUN wget -q URL && unzip -q fichier.zip -d /dest && rm fichier.zip.",
  },
  "lint.noSudo": {
    en: "This RUN calls sudo. RUN already runs as root (unless a USER instruction changed that), and sudo is not even installed in Debian images, so the build fails. Remove sudo; if an earlier USER switched to another user, put USER root before this step and switch back after it.",
    fr: "Ce RUN appelle sudo. RUN s’exécute déjà en root (sauf si une instruction USER l’a changé), et sudo n’est même pas installé dans les images Debian : la construction échoue. Retirez sudo ; si un USER plus haut est passé à un autre utilisateur, mettez USER root avant cette étape et revenez à l’utilisateur ensuite.",
  },
  "lint.toolImpostor": {
    en: "{how} writes {path}, in place of the program of that name. The grader checks which program really runs and whether the packages' files are the ones apt-get installed, so this cannot pass a check; install the real program with apt-get and leave its files as they are.",
    fr: "{how} écrit {path}, à la place du programme de ce nom. Le correcteur vérifie quel programme tourne vraiment et si les fichiers des paquets sont bien ceux qu’apt-get a installés : cela ne peut donc réussir aucune vérification. Installez le vrai programme avec apt-get et laissez ses fichiers tels quels.",
  },
  "lint.toolImpostorRedirect": { en: "The redirection {operator} {path}", fr: "La redirection {operator} {path}" },
  "lint.packagesSorted": {
    en: "The packages of this {tool} install are not in alphabetical order ({name} comes after {previous}). A sorted list is easier to review and shows duplicates at once: {sorted}",
    fr: "Les paquets de ce {tool} install ne sont pas dans l’ordre alphabétique ({name} vient après {previous}). Une liste triée se relit plus facilement et montre tout de suite les doublons : {sorted}",
  },
  "lint.runCdAlone": {
    en: "RUN cd {dir} has no effect: each RUN is a new shell that ends with the instruction, so the next instructions start again in the WORKDIR (/ unless you set one). Put the cd in the RUN that needs it (RUN cd {dir} && …), or use WORKDIR {dir} if several instructions work there.",
    fr: "RUN cd {dir} n’a aucun effet : chaque RUN est un nouveau shell qui se termine avec l’instruction, les instructions suivantes repartent donc du WORKDIR (/ si vous n’en avez pas défini). Mettez le cd dans le RUN qui en a besoin (RUN cd {dir} && …), ou utilisez WORKDIR {dir} si plusieurs instructions y travaillent.",
  },
  "lint.workdirServes": {
    en: "WORKDIR {dir} only serves the RUN on line {run} before line {next} changes directory again.",
    fr: "WORKDIR {dir} ne sert qu’au RUN de la ligne {run} avant que la ligne {next} ne change de nouveau de dossier.",
  },
  "lint.workdirDrop": {
    en: "{serves} Drop this WORKDIR and change directory inside that RUN: RUN cd {dir} && …",
    fr: "{serves} Supprimez ce WORKDIR et changez de dossier dans ce RUN : RUN cd {dir} && …",
  },
  "lint.workdirNeededBy": {
    en: "But WORKDIR also creates {dir} when the image has no such folder, and line {line} ({keyword}) needs it: dropping this WORKDIR alone would break that line, and RUN cd {dir} would fail.",
    fr: "Mais WORKDIR crée aussi {dir} quand l’image n’a pas ce dossier, et la ligne {line} ({keyword}) en a besoin : supprimer ce seul WORKDIR casserait cette ligne, et RUN cd {dir} échouerait.",
  },
  "lint.workdirCreates": {
    en: "But WORKDIR also creates {dir} when the image has no such folder, where RUN cd {dir} would fail.",
    fr: "Mais WORKDIR crée aussi {dir} quand l’image n’a pas ce dossier, là où RUN cd {dir} échouerait.",
  },
  "lint.workdirCreate": {
    en: "{serves} {needed} Create the folder in that RUN and work there: RUN mkdir -p {dir} && cd {dir} && …",
    fr: "{serves} {needed} Créez le dossier dans ce RUN et travaillez-y : RUN mkdir -p {dir} && cd {dir} && …",
  },
  "lint.noFrom": {
    en: "{file} has no FROM instruction yet, so there is nothing to check for best practices.",
    fr: "{file} n’a pas encore d’instruction FROM : il n’y a donc rien à vérifier côté bonnes pratiques.",
  },
  "lint.summary": { en: "Best-practice score {score}/100{below}{end}", fr: "Score de bonnes pratiques : {score}/100{below}{end}" },
  "lint.below": { en: ", below the {min} this step asks for", fr: ", sous les {min} que demande cette étape" },
  "lint.endClean": { en: ": the Dockerfile follows every rule checked.", fr: " : le Dockerfile respecte toutes les règles vérifiées." },
  "lint.endPass": { en: ": every required rule passes.", fr: " : toutes les règles obligatoires sont respectées." },
  "lint.end": { en: ".", fr: "." },
  "lint.toFix": { en: "To fix ({count, plural, one {# problem} other {# problems}}):", fr: "À corriger ({count, plural, one {# problème} other {# problèmes}}) :" },
  "lint.raiseIt": { en: "Follow this advice to raise it:", fr: "Suivez ces conseils pour l’améliorer :" },
  "lint.advice": { en: "Advice:", fr: "Conseils :" },
  "lint.finding": { en: "line {line}: {message}", fr: "ligne {line} : {message}" },
  "lint.more": { en: "…and {count} more, marked in the editor.", fr: "…et {count} de plus, marqués dans l’éditeur." },
} satisfies TextTemplates;
