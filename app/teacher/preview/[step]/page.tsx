import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageLocale } from "@/app/_lib/page-locale";
import { accountText } from "@/app/teacher/_ui/account-text";
import { requireTeacherPage } from "@/app/teacher/_ui/guard";
import accountStyles from "@/app/teacher/_ui/account.module.css";
import { SubmissionFiles } from "@/app/teacher/classes/[id]/students/[studentId]/steps/[step]/submission-files";
import { getLesson } from "@/server/app-api";
import { getLessonByStep } from "@/server/lessons/load-lessons";
import { courseStatus } from "@/server/lessons/course-cache";
import { readReferenceSolution } from "@/server/reference-solution";
import { isStaticKind } from "@/server/grading/kinds/registry";
import { hintLevels } from "@/server/grading/check-spec";
import { PreviewLesson } from "../_ui/preview-lesson";
import { PreviewRunPanel } from "../_ui/preview-run-panel";
import { LessonsFollower } from "../_ui/lessons-follower";
import styles from "../_ui/preview.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Step preview" };

type Props = { params: Promise<{ step: string }> };

/**
 * A teacher's preview of one step: the lesson as a student reads it (in the teacher's language),
 * its checks, its reference solution read-only, a run of the checks on that solution; the page
 * follows the lesson files on disk and shows why they do not load when they do not.
 */
export default async function StepPreviewPage({ params }: Props) {
  await requireTeacherPage();
  const locale = await pageLocale();
  const t = accountText(locale);
  const raw = (await params).step;
  const step = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(step)) notFound();
  const status = courseStatus();
  const [lesson, loaded] = await Promise.all([getLesson(step, locale), getLessonByStep(step)]);
  if (!lesson || !loaded) notFound();
  const solution = await readReferenceSolution(loaded);
  const texts = loaded.checkTexts[locale];
  return (
    <main className="page" id="main">
      <LessonsFollower version={status.version} />
      <div className={accountStyles.header}>
        <h1>{t("account.previewStep", { step, title: lesson.title })}</h1>
        <a className="btn btn-small" href="/teacher/preview">
          {t("account.previewBack")}
        </a>
        <a className="btn btn-small" href={`/steps/${step}`}>
          {t("account.previewStudentView")}
        </a>
      </div>
      {status.error ? (
        <p className={styles.error} role="alert" data-testid="lessons-error">
          {t("account.previewLoadError", { message: status.error.message })}
        </p>
      ) : (
        <p className="muted">{t("account.previewLive")}</p>
      )}
      {loaded.warnings.length > 0 && (
        <details className={styles.section}>
          <summary>{t("account.previewWarnings")}</summary>
          <ul>
            {loaded.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      )}
      <div className={styles.layout}>
        <div className={styles.lesson}>
          <PreviewLesson lesson={lesson} />
        </div>
        <div>
          <section aria-labelledby="checks-title" className={styles.section}>
            <h2 id="checks-title">{t("account.previewChecks")}</h2>
            <div className={accountStyles["table-wrap"]} role="region" aria-labelledby="checks-title" tabIndex={0}>
              <table className={accountStyles.table} data-testid="preview-checks">
                <thead>
                  <tr>
                    <th scope="col">{t("account.previewCheckId")}</th>
                    <th scope="col">{t("account.previewCheckTitle")}</th>
                    <th scope="col">{t("account.previewCheckKind")}</th>
                    <th scope="col">{t("account.previewCheckPhase")}</th>
                    <th scope="col">{t("account.previewCheckHints")}</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.checks.checks.map((check) => {
                    const text = texts?.[check.id];
                    const hints = text?.hints.length ? text.hints : hintLevels(check);
                    return (
                      <tr key={check.id} data-check-id={check.id}>
                        <td>
                          <code>{check.id}</code>
                        </td>
                        <td>{text?.title ?? check.title}</td>
                        <td className={styles.kind}>{check.kind}</td>
                        <td>{t(isStaticKind(check.kind) ? "account.previewPhaseStatic" : "account.previewPhaseDynamic")}</td>
                        <td>
                          {hints.length > 0 && (
                            <ol className={styles.hints}>
                              {hints.map((hint, i) => (
                                <li key={i}>{hint}</li>
                              ))}
                            </ol>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="solution-title" className={styles.section}>
            <h2 id="solution-title">{t("account.previewSolution")}</h2>
            {solution && solution.files.length > 0 ? (
              <>
                <SubmissionFiles runId={`solution-${step}`} files={solution.files} label={t("account.previewSolution")} />
                <div className={styles.run}>
                  <PreviewRunPanel step={step} checkTexts={lesson.checkTexts} />
                </div>
              </>
            ) : (
              <p className="muted">{t("account.previewNoSolution")}</p>
            )}
          </section>
        </div>
      </div>
    </main>
  );
}
