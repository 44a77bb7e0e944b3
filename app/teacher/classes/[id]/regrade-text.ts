/**
 * The re-grade section's words (./regrade-section.tsx) in each language, English the reference
 * (French has every key: the compiler checks). Kept beside the section while the interface's
 * catalog (lib/i18n) is being reorganised; `{name}` is replaced by the value given for it.
 */
import type { Locale } from "@/lib/i18n/locale";

const en = {
  title: "Step {step}: re-grade with the current checks",
  intro: "After you change this step's checks, grade each student's latest submission again with them. Nothing changes for the students until you apply the preview.",
  start: "Re-grade step {step}",
  restart: "Start a new preview",
  apply: "Apply the new grades",
  cancel: "Cancel the preview",
  queued: "Waiting for the server to start grading…",
  progress: "Graded {done} of {total}",
  current: "now: {name}",
  ready: "Preview ready: {changed} of {total} students would change.",
  none: "No student of the class has a graded submission of this step: there is nothing to re-grade.",
  stale: "The step's checks changed since this preview: it can no longer be applied. Start a new preview.",
  applied: "Applied on {date}: the new results are the students' grades (their previous runs are kept).",
  cancelled: "This preview was cancelled: nothing was applied.",
  error: "The re-grade stopped: {reason}",
  lost: "The page cannot reach the server; it keeps trying.",
  caption: "Step {step}: each student's latest submission, as graded → with the current checks",
  student: "Student",
  score: "Score",
  passed: "Passed",
  constraints: "Constraints that change",
  rowPending: "waiting",
  rowError: "Not graded: {reason}",
  yes: "yes",
  no: "no",
  noChange: "no change",
  added: "new",
  removed: "removed",
};

export type RegradeKey = keyof typeof en;

const fr: Record<RegradeKey, string> = {
  title: "Étape {step} : recorriger avec les vérifications actuelles",
  intro: "Après avoir modifié les vérifications de cette étape, corrigez à nouveau avec elles le dernier rendu de chaque élève. Rien ne change pour les élèves tant que vous n'appliquez pas l'aperçu.",
  start: "Recorriger l'étape {step}",
  restart: "Lancer un nouvel aperçu",
  apply: "Appliquer les nouvelles notes",
  cancel: "Annuler l'aperçu",
  queued: "En attente du début de la correction par le serveur…",
  progress: "{done} sur {total} corrigés",
  current: "en cours : {name}",
  ready: "Aperçu prêt : {changed} élèves sur {total} changeraient.",
  none: "Aucun élève de la classe n'a de rendu corrigé pour cette étape : rien à recorriger.",
  stale: "Les vérifications de l'étape ont changé depuis cet aperçu : il ne peut plus être appliqué. Lancez un nouvel aperçu.",
  applied: "Appliqué le {date} : les nouveaux résultats sont les notes des élèves (leurs passages précédents sont conservés).",
  cancelled: "Cet aperçu a été annulé : rien n'a été appliqué.",
  error: "La recorrection s'est arrêtée : {reason}",
  lost: "La page ne joint pas le serveur ; elle réessaie.",
  caption: "Étape {step} : dernier rendu de chaque élève, tel que corrigé → avec les vérifications actuelles",
  student: "Élève",
  score: "Score",
  passed: "Réussi",
  constraints: "Contraintes qui changent",
  rowPending: "en attente",
  rowError: "Non corrigé : {reason}",
  yes: "oui",
  no: "non",
  noChange: "aucun changement",
  added: "nouvelle",
  removed: "supprimée",
};

const TEXTS: Record<Locale, Record<RegradeKey, string>> = { en, fr };

export type RegradeTranslate = (key: RegradeKey, values?: Record<string, string | number>) => string;

export function regradeText(locale: Locale): RegradeTranslate {
  const texts = TEXTS[locale] ?? en;
  return (key, values = {}) => texts[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
