/**
 * The error answers of the routes only a teacher or an admin calls (classes, due dates, re-grades,
 * students' work, lesson previews, API tokens, reset links, LMS passbacks), in each language; and
 * what a form's field that its schema refuses in zod's own words is said as. As in http-texts.ts,
 * the English is the answer's `error.message` and the page shows `error.text` in its language.
 */
import type { TextTemplates } from "./text-templates";

export const TEACHER_TEXTS = {
  // A class and its settings
  "class.none": { en: "There is no such class.", fr: "Cette classe n’existe pas." },
  "class.onlyTeachers": { en: "Only teachers have classes.", fr: "Seuls les enseignants ont des classes." },
  "class.stepNotInClass": { en: "Step {step} is not one of this class's steps.", fr: "L’étape {step} ne fait pas partie des étapes de cette classe." },
  "class.studentNotInClass": { en: "This student is not in this class.", fr: "Cet élève n’est pas dans cette classe." },
  "class.noSuchRun": { en: "There is no such run of this student on this step.", fr: "Ce passage n’existe pas pour cet élève sur cette étape." },
  "class.noPassback": { en: "This class has no given-up score passback with that id.", fr: "Cette classe n’a aucun envoi de note abandonné avec cet identifiant." },

  // The teacher's forms (their schemas' words, recognised by app/api/auth/_lib/auth-http.ts)
  "classForm.nameMissing": { en: "Give the class a name.", fr: "Donnez un nom à la classe." },
  "classForm.nameMax": { en: "A class name has at most {count} characters.", fr: "Un nom de classe compte au plus {count} caractères." },
  "classForm.chooseStep": { en: "Choose at least one step.", fr: "Choisissez au moins une étape." },
  "classForm.tokenNameMissing": { en: "Name the token (what script uses it).", fr: "Nommez le jeton (le script qui s’en sert)." },
  "classForm.tokenNameMax": { en: "A token name has at most {count} characters.", fr: "Un nom de jeton compte au plus {count} caractères." },
  "classForm.dueDateInvalid": { en: "The due date must be a date and time with its time zone.", fr: "La date limite doit être une date et une heure avec leur fuseau horaire." },

  // Any form: a field refused in zod's own words is said in ours
  "form.fieldMissing": { en: "The field “{field}” is missing.", fr: "Le champ « {field} » manque." },
  "form.fieldMustBe": { en: "The field “{field}” must be {expected}.", fr: "Le champ « {field} » doit être {expected}." },
  "form.fieldInvalid": { en: "The field “{field}” has a value that is not allowed.", fr: "Le champ « {field} » a une valeur qui n’est pas permise." },
  "form.aText": { en: "a text", fr: "un texte" },
  "form.aNumber": { en: "a number", fr: "un nombre" },
  "form.aYesNo": { en: "true or false", fr: "true ou false" },
  "form.aList": { en: "a list", fr: "une liste" },
  "form.anObject": { en: "an object", fr: "un objet" },

  // Accounts and reset links a teacher or an admin makes
  "account.noStudentWithEmail": { en: "None of your students has an account with that e-mail.", fr: "Aucun de vos élèves n’a de compte avec cette adresse e-mail." },
  "account.emailTaken": { en: "{email} already has an account.", fr: "{email} a déjà un compte." },

  // API tokens
  "token.tooMany": { en: "You have {count} API tokens: revoke one you no longer use first.", fr: "Vous avez {count} jetons d’API : révoquez d’abord un jeton dont vous ne vous servez plus." },
  "token.none": { en: "You have no API token with this id.", fr: "Vous n’avez aucun jeton d’API avec cet identifiant." },
  "token.invalid": {
    en: "This API token is not valid: it was revoked or mistyped. Make a new one on /teacher.",
    fr: "Ce jeton d’API n’est pas valide : il a été révoqué ou mal recopié. Créez-en un nouveau sur /teacher.",
  },
  "token.mustChangePassword": {
    en: "The token's account must choose a new password first (sign in on /sign-in).",
    fr: "Le compte de ce jeton doit d’abord choisir un nouveau mot de passe (connectez-vous sur /sign-in).",
  },
  "token.readersOnly": { en: "Only teachers' and admins' tokens read classes.", fr: "Seuls les jetons des enseignants et des administrateurs lisent les classes." },
  "token.onlyTeachers": { en: "Only teachers have API tokens.", fr: "Seuls les enseignants ont des jetons d’API." },

  // Re-grading a step
  "regrade.checksChanged": {
    en: "The step's checks changed since this preview: nothing was applied. Start a new preview to grade with the current checks.",
    fr: "Les vérifications de l’étape ont changé depuis cet aperçu : rien n’a été appliqué. Lancez un nouvel aperçu pour corriger avec les vérifications actuelles.",
  },
  "regrade.none": { en: "There is no such re-grade in this class.", fr: "Cette recorrection n’existe pas dans cette classe." },
  "regrade.applied": { en: "This re-grade was already applied.", fr: "Cette recorrection a déjà été appliquée." },
  "regrade.cancelled": { en: "This re-grade was cancelled: start a new preview.", fr: "Cette recorrection a été annulée : lancez un nouvel aperçu." },
  "regrade.stopped": { en: "This re-grade stopped: {error}", fr: "La recorrection s’est arrêtée : {error}" },
  "regrade.startNewPreview": { en: "start a new preview.", fr: "lancez un nouvel aperçu." },
  "regrade.stillGrading": {
    en: "This preview is still being graded: apply it once every submission has its new result.",
    fr: "Cet aperçu est encore en cours de correction : appliquez-le quand chaque rendu aura son nouveau résultat.",
  },

  // Previewing a lesson's checks
  "lessonPreview.noReference": { en: "Step {step} has no reference solution (lessons/{slug}/solution/).", fr: "L’étape {step} n’a pas de correction (lessons/{slug}/solution/)." },
  "lessonPreview.busy": {
    en: "Your preview run of step {step} is still going: wait for it to finish, then start another.",
    fr: "Votre passage de prévisualisation de l’étape {step} est encore en cours : attendez qu’il se termine avant d’en lancer un autre.",
  },
  "lessonPreview.badRunId": { en: "The run id is not valid.", fr: "L’identifiant du passage n’est pas valide." },
} satisfies TextTemplates;
