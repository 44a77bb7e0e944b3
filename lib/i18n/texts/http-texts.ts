/**
 * The error answers of the HTTP routes a student meets (the file editor, uploads, the workspace
 * zip, signing in and up, joining a class, request bodies too large), in each language. The
 * English is the answer's `error.message`, unchanged for API users; the page shows `error.text`
 * in its reader's language. A path is given as `{path}` and quoted by the template.
 */
import type { TextTemplates } from "./text-templates";

export const HTTP_TEXTS = {
  // The browser's own failures, when no route answered as it should (app/_components/api-client.ts, app/teacher/_ui/post-json.ts)
  "client.unreachable": {
    en: "Cannot reach the workbench server. Check your connection and try again.",
    fr: "Le serveur de l’atelier ne répond pas. Vérifiez votre connexion, puis réessayez.",
  },
  "client.unreadable": { en: "The server sent an unreadable answer (HTTP {status}).", fr: "Le serveur a envoyé une réponse illisible (HTTP {status})." },
  "client.failed": { en: "The server could not answer this request (HTTP {status}). Try again.", fr: "Le serveur n’a pas pu répondre à cette requête (HTTP {status}). Réessayez." },

  // Requests in general
  "request.notFromPage": { en: "This request must come from the workbench page.", fr: "Cette requête doit venir de la page de l’atelier." },
  "request.badStep": { en: "The step must be a number between 1 and 99.", fr: "L’étape doit être un nombre entre 1 et 99." },
  "request.thePath": { en: "The path", fr: "Le chemin" },
  "request.theFolder": { en: "The folder", fr: "Le dossier" },
  "request.pathMissing": { en: "{what} is missing.", fr: "{what} manque." },
  "request.pathTooLong": { en: "{what} is too long.", fr: "{what} est trop long." },
  "request.pathOutside": { en: "{what} must stay inside your workspace.", fr: "{what} doit rester dans votre espace de travail." },
  "request.tooLarge": { en: "The request is too large.", fr: "La requête est trop volumineuse." },
  "request.noStep": { en: "There is no step {step} in this course.", fr: "Ce cours n’a pas d’étape {step}." },
  "request.sessionExpired": { en: "Your session is missing or has expired: reload the page.", fr: "Votre session manque ou a expiré : rechargez la page." },
  "request.startFromWhere": { en: 'Say where to start from: "mine" or "reference".', fr: "Indiquez d’où partir : « mine » (votre travail) ou « reference » (la référence)." },

  // The file editor and the workspace
  "files.theWorkspace": { en: "the workspace", fr: "l’espace de travail" },
  "files.quoted": { en: "“{path}”", fr: "« {path} »" },
  "files.noFile": { en: "There is no file {path}.", fr: "Le fichier {path} n’existe pas." },
  "files.noFileOrFolder": { en: "There is no file or folder {path}.", fr: "Aucun fichier ni dossier {path} n’existe." },
  "files.noFolder": { en: "There is no folder {path}.", fr: "Le dossier {path} n’existe pas." },
  "files.binary": { en: "{path} is a binary file; the editor only opens text.", fr: "{path} est un fichier binaire ; l’éditeur n’ouvre que du texte." },
  "files.tooManyAdded": { en: "At most {count} files can be added at once.", fr: "Vous pouvez ajouter au plus {count} fichiers à la fois." },
  "files.largerThanAccepted": {
    en: "{path} is larger than {size}, the largest file the workbench accepts.",
    fr: "{path} dépasse {size}, la taille maximale d’un fichier dans l’atelier.",
  },
  "files.workspaceFull": { en: "Your workspace would grow past {size}. Delete something first.", fr: "Votre espace de travail dépasserait {size}. Supprimez d’abord quelque chose." },
  "files.pathNeeded": { en: "A file path is needed.", fr: "Il faut un chemin de fichier." },
  "files.copyInside": { en: "{to} is inside {from}; copy it somewhere else.", fr: "{to} est à l’intérieur de {from} ; copiez-le ailleurs." },
  "files.copyTooLarge": { en: "Copying {from} would grow your workspace past {size}.", fr: "Copier {from} ferait dépasser {size} à votre espace de travail." },
  "files.notPlainWorkspace": { en: "The workspace folder is not a plain folder.", fr: "Le dossier de l’espace de travail n’est pas un dossier ordinaire." },
  "files.invalidName": { en: "Invalid name “{name}”.", fr: "Nom invalide : « {name} »." },
  "files.isLink": { en: "{path} is a link; the workbench does not follow links.", fr: "{path} est un lien ; l’atelier ne suit pas les liens." },
  "files.changedWhileOpening": { en: "{path} changed while the workbench was opening it; try again.", fr: "{path} a changé pendant que l’atelier l’ouvrait ; réessayez." },
  "files.notAFolder": { en: "{path} is not a folder.", fr: "{path} n’est pas un dossier." },
  "files.writesOnlyFiles": {
    en: "{path} is {what}; the workbench only writes regular files.",
    fr: "{path} est {what} ; l’atelier n’écrit que des fichiers ordinaires.",
  },
  "files.aFolder": { en: "a folder", fr: "un dossier" },
  "files.aLink": { en: "a link", fr: "un lien" },
  "files.notRegularKind": { en: "not a regular file", fr: "autre chose qu’un fichier ordinaire" },
  "files.tooDeepToDelete": { en: "{path} is nested too deeply to delete here; use the terminal.", fr: "{path} est trop profondément imbriqué pour être supprimé ici ; passez par le terminal." },
  "files.pathTooDeep": { en: "That path is nested too deeply.", fr: "Ce chemin est trop profondément imbriqué." },
  "files.isFolderNotFile": { en: "{path} is a folder, not a file.", fr: "{path} est un dossier, pas un fichier." },
  "files.notRegular": { en: "{path} is not a regular file.", fr: "{path} n’est pas un fichier ordinaire." },
  "files.tooLargeToOpen": { en: "{path} is larger than {size}; open it in the terminal instead.", fr: "{path} dépasse {size} ; ouvrez-le plutôt dans le terminal." },
  "files.pathNotAllowed": { en: "The path “{path}” is not allowed: {why}.", fr: "Le chemin « {path} » n’est pas autorisé : {why}." },
  "files.why.notText": { en: "it is not text", fr: "ce n’est pas du texte" },
  "files.why.empty": { en: "it is empty", fr: "il est vide" },
  "files.why.longerThan": { en: "it is longer than {count} characters", fr: "il dépasse {count} caractères" },
  "files.why.control": { en: "it contains control characters", fr: "il contient des caractères de contrôle" },
  "files.why.backslash": { en: "use / to separate folders", fr: "séparez les dossiers par /" },
  "files.why.absolute": { en: "it must be relative to your workspace", fr: "il doit être relatif à votre espace de travail" },
  "files.why.emptyName": { en: "it has an empty folder name", fr: "un nom de dossier y est vide" },
  "files.why.dots": { en: "“.” and “..” are not allowed", fr: "« . » et « .. » sont interdits" },
  "files.why.nameTooLong": { en: "a name in it is too long", fr: "un de ses noms est trop long" },
  "files.textTooLarge": { en: "A file may hold at most {size} of text.", fr: "Un fichier peut contenir au plus {size} de texte." },
  "files.zipFailed": { en: "The workspace could not be zipped.", fr: "L’espace de travail n’a pas pu être compressé en zip." },

  "files.nestedTooDeep": { en: "{path} is nested too deeply.", fr: "{path} est trop profondément imbriqué." },
  "tree.tooLarge": { en: "{what} is larger than {size}.", fr: "{what} dépasse {size}." },
  "tree.tooMany": { en: "{what} has more than {count} files and folders.", fr: "{what} contient plus de {count} fichiers et dossiers." },
  "tree.thatFolder": { en: "That folder", fr: "Ce dossier" },
  "tree.yourWorkspace": { en: "Your workspace", fr: "Votre espace de travail" },
  "tree.starterFolder": { en: "The starter folder", fr: "Le dossier de départ" },
  "tree.referenceSolution": { en: "The reference solution", fr: "La correction" },
  "tree.folder": { en: "{folder}/", fr: "{folder}/" },

  // Starting a step's folder from the previous step or the reference
  "start.overlap": { en: "{folder}/ and {from}/ overlap; a folder cannot be copied into itself.", fr: "{folder}/ et {from}/ se chevauchent ; un dossier ne peut pas être copié dans lui-même." },
  "start.holdsFiles": { en: "{folder}/ already holds files; confirm that they may be replaced.", fr: "{folder}/ contient déjà des fichiers ; confirmez qu’ils peuvent être remplacés." },
  "start.tooLarge": {
    en: "The copy would grow your workspace past {size}. Delete something first.",
    fr: "La copie ferait dépasser {size} à votre espace de travail. Supprimez d’abord quelque chose.",
  },
  "start.noFolder": { en: "There is no folder {folder}/ in your workspace.", fr: "Votre espace de travail n’a pas de dossier {folder}/." },
  "start.noPrevious": { en: "Step {step} does not start from a previous step's folder.", fr: "L’étape {step} ne part pas du dossier d’une étape précédente." },
  "start.whatMine": { en: "your step {step}", fr: "votre étape {step}" },
  "start.whatReference": { en: "the reference solution of step {step}", fr: "la correction de l’étape {step}" },
  "start.mineEmpty": {
    en: "Your folder {folder}/ is empty, so there is nothing to copy. Start from the reference solution of step {step} instead, or add your files first.",
    fr: "Votre dossier {folder}/ est vide : il n’y a rien à copier. Partez plutôt de la correction de l’étape {step}, ou ajoutez d’abord vos fichiers.",
  },
  "start.mineMissing": {
    en: "There is no folder {folder}/ in your workspace, so your step {step} cannot be copied. Start from the reference solution of step {step} instead, or go back to step {step}.",
    fr: "Il n’y a pas de dossier {folder}/ dans votre espace de travail : votre étape {step} ne peut donc pas être copiée. Partez plutôt de la correction de l’étape {step}, ou revenez à l’étape {step}.",
  },
  "start.noReferenceFor": {
    en: "This course has no reference solution for step {step} ({folder}/). Start from your own step {step} instead.",
    fr: "Ce cours n’a pas de correction pour l’étape {step} ({folder}/). Partez plutôt de votre propre étape {step}.",
  },
  "start.replaceFiles": {
    en: "Replace {count, plural, one {the file} other {the # files}} in {folder}/ ({shown}{more}) with a copy of {what}? Your current files in {folder}/ will be deleted.",
    fr: "Remplacer {count, plural, one {le fichier} other {les # fichiers}} de {folder}/ ({shown}{more}) par une copie de {what} ? Vos fichiers actuels de {folder}/ seront supprimés.",
  },
  "start.andMoreFiles": { en: " and {count} more", fr: " et {count} autres" },
  "start.noReference": { en: "This course has no reference files for that step.", fr: "Ce cours n’a pas de fichiers de référence pour cette étape." },

  // Uploads
  "upload.notMultipart": { en: "The upload must be sent as a multipart form.", fr: "L’import doit se faire par un formulaire multipart." },
  "upload.chooseFile": { en: "Choose at least one file to upload.", fr: "Choisissez au moins un fichier à importer." },
  "upload.tooManyFiles": { en: "Upload at most {count} files at a time.", fr: "Importez au plus {count} fichiers à la fois." },
  "upload.badName": { en: '"{name}" is not a valid file name.', fr: "« {name} » n’est pas un nom de fichier valide." },
  "upload.tooLarge": { en: "An upload may hold at most {size}.", fr: "Un import peut contenir au plus {size}." },

  // Signing in and up, passwords, joining a class
  "auth.formTooLarge": { en: "This form is too large.", fr: "Ce formulaire est trop volumineux." },
  "auth.formInvalid": { en: "This form is not valid.", fr: "Ce formulaire n’est pas valide." },
  "auth.emailTooLong": { en: "That e-mail is too long.", fr: "Cette adresse e-mail est trop longue." },
  "auth.emailInvalid": { en: "Enter a valid e-mail address.", fr: "Saisissez une adresse e-mail valide." },
  "auth.enterEmail": { en: "Enter your e-mail.", fr: "Saisissez votre adresse e-mail." },
  "auth.enterPassword": { en: "Enter your password.", fr: "Saisissez votre mot de passe." },
  "auth.enterCurrentPassword": { en: "Enter your current password.", fr: "Saisissez votre mot de passe actuel." },
  "auth.passwordTooLong": { en: "That password is too long.", fr: "Ce mot de passe est trop long." },
  "auth.passwordMin": { en: "A password has at least {count} characters.", fr: "Un mot de passe compte au moins {count} caractères." },
  "auth.passwordMax": { en: "A password has at most {count} characters.", fr: "Un mot de passe compte au plus {count} caractères." },
  "auth.resetLinkInvalid": { en: "This reset link is not valid.", fr: "Ce lien de réinitialisation n’est pas valide." },
  "auth.tooManySignIns": {
    en: "Too many failed sign-ins. Try again in {minutes, plural, one {# minute} other {# minutes}}.",
    fr: "Trop de connexions échouées. Réessayez dans {minutes, plural, one {# minute} other {# minutes}}.",
  },
  "auth.noMatch": { en: "That e-mail and password do not match an account.", fr: "Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte." },
  "auth.signInFirst": { en: "Sign in first.", fr: "Connectez-vous d’abord." },
  "auth.choosePasswordFirst": { en: "Choose a new password first.", fr: "Choisissez d’abord un nouveau mot de passe." },
  "auth.notAllowed": { en: "Your account cannot do this.", fr: "Votre compte ne permet pas de faire cela." },
  "auth.tooManyWrongPasswords": {
    en: "Too many wrong passwords. Try again in {minutes, plural, one {# minute} other {# minutes}}.",
    fr: "Trop de mots de passe erronés. Réessayez dans {minutes, plural, one {# minute} other {# minutes}}.",
  },
  "auth.currentPasswordWrong": { en: "Your current password is not right.", fr: "Votre mot de passe actuel n’est pas le bon." },
  "auth.samePassword": { en: "Choose a new password that is not your current one.", fr: "Choisissez un nouveau mot de passe différent de l’actuel." },
  "auth.resetLinkExpired": {
    en: "This reset link has expired or was already used. Ask your teacher for a new one.",
    fr: "Ce lien de réinitialisation a expiré ou a déjà servi. Demandez-en un nouveau à votre enseignant.",
  },
  "auth.joinBeforeSignUp": { en: "Join the class with its link before you sign up.", fr: "Rejoignez la classe par son lien avant de créer votre compte." },
  "auth.workHasAccount": { en: "Your work is already attached to an account: sign in.", fr: "Votre travail est déjà rattaché à un compte : connectez-vous." },
  "auth.emailHasAccount": { en: "That e-mail already has an account: sign in instead.", fr: "Cette adresse e-mail a déjà un compte : connectez-vous plutôt." },
  "auth.accountRequired": {
    en: "This workbench keeps every student's work under an account: sign in first.",
    fr: "Cet atelier garde le travail de chaque élève sous un compte : connectez-vous d’abord.",
  },
  "solution.notOpen": {
    en: "The reference solution of step {step} is not open to you: your teacher opens it for your class.",
    fr: "La correction de l’étape {step} ne vous est pas ouverte : c’est votre enseignant qui l’ouvre pour votre classe.",
  },
  "solution.none": { en: "Step {step} has no reference solution.", fr: "L’étape {step} n’a pas de correction." },
  "join.noClass": { en: "No class has this join code. Check the link with your teacher.", fr: "Aucune classe n’a ce code. Vérifiez le lien avec votre enseignant." },
} satisfies TextTemplates;
