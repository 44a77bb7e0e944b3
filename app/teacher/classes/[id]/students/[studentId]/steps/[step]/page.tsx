import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageLocale } from "@/app/_lib/page-locale";
import { isAppError } from "@/server/app-error";
import { getStudentStepWork, type TimelineRun } from "@/server/identity/student-work";
import type { CheckResult } from "@/lib/protocol/messages";
import { localizedMessage } from "@/lib/i18n/render-text";
import { checkTextContext } from "@/lib/i18n/check-text-context";
import { getLessonByStep } from "@/server/lessons/load-lessons";
import { accountText, type AccountTranslate } from "@/app/teacher/_ui/account-text";
import { requireTeacherPage } from "@/app/teacher/_ui/guard";
import styles from "@/app/teacher/_ui/account.module.css";
import { ExtensionEditor } from "./extension-editor";
import { SubmissionFiles } from "./submission-files";
import { PreviewRunPanel } from "@/app/teacher/preview/_ui/preview-run-panel";
import previewStyles from "@/app/teacher/preview/_ui/preview.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Student's work" };

type Props = { params: Promise<{ id: string; studentId: string; step: string }>; searchParams: Promise<{ run?: string | string[] }> };

/**
 * One student's work on one step, for their teacher: the due date (and the student's own, which
 * the teacher can give), every Check and submission with the constraints failing each time, and
 * one run opened: its results, the files it graded in a read-only editor, its build log.
 */
export default async function StudentStepPage({ params, searchParams }: Props) {
  const account = await requireTeacherPage();
  const locale = await pageLocale();
  const t = accountText(locale);
  const { id, studentId, step: rawStep } = await params;
  const run = (await searchParams).run;
  const step = /^\d{1,2}$/.test(rawStep) ? Number(rawStep) : NaN;
  if (!Number.isInteger(step) || (run !== undefined && typeof run !== "string")) notFound();
  const work = await getStudentStepWork(account, id, studentId, step, run).catch((error: unknown) => {
    if (isAppError(error) && (error.code === "not_found" || error.code === "bad_request")) notFound();
    throw error;
  });
  // The lesson's titles and checks.yaml phrases in the teacher's language, for the run's messages.
  const textContext = checkTextContext((await getLessonByStep(step))?.checkTexts[locale]);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const base = `/teacher/classes/${encodeURIComponent(work.class.id)}/students/${encodeURIComponent(studentId)}/steps/${step}`;
  const shown = work.shown;
  const shownLate = shown ? (work.runs.find((r) => r.id === shown.id)?.late ?? false) : false;
  const files = shown
    ? Object.entries(shown.filesSnapshot)
        .map(([path, content]) => ({ path, content }))
        .sort((a, b) => a.path.localeCompare(b.path))
    : [];
  return (
    <main className="page" id="main">
      <div className={styles.header}>
        <h1>{t("account.workTitle", { name: work.student.name, step })}</h1>
        <a className="btn btn-small" href={`/teacher/classes/${encodeURIComponent(work.class.id)}`}>
          {t("account.workBack")}
        </a>
      </div>
      {work.student.email && <p className="muted">{work.student.email}</p>}
      <p>{work.dueAt ? t(work.extended ? "account.workDueOwn" : "account.workDue", { date: when.format(work.dueAt) }) : t("account.workNoDue")}</p>

      <section aria-labelledby="extension-title" className={styles.failures}>
        <h2 id="extension-title">{t("account.extensionTitle")}</h2>
        <p className={styles.hint}>{t("account.extensionHelp")}</p>
        <ExtensionEditor classId={work.class.id} studentId={studentId} step={step} own={work.extended && work.dueAt ? work.dueAt.toISOString() : null} />
      </section>

      {/* Not a region itself: the scrolling table below is the region of this name. */}
      <section className={styles.failures}>
        <h2 id="timeline-title">{t("account.timelineTitle")}</h2>
        {work.runs.length === 0 ? (
          <p className="muted">{t("account.noRuns")}</p>
        ) : (
          <div className={styles["table-wrap"]} role="region" aria-labelledby="timeline-title" tabIndex={0}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">{t("account.timelineWhen")}</th>
                  <th scope="col">{t("account.timelineKind")}</th>
                  <th scope="col">{t("account.timelineResult")}</th>
                  <th scope="col">{t("account.timelineFailed")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("account.runShow")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {work.runs.map((r) => (
                  <tr key={r.id} aria-current={shown?.id === r.id ? "true" : undefined}>
                    <td>
                      <time dateTime={r.startedAt.toISOString()}>{when.format(r.startedAt)}</time>
                    </td>
                    <td>
                      {t(r.mode === "verified" ? "account.runVerified" : "account.runPractice")}
                      {r.late && (
                        <>
                          {" "}
                          <span className={styles.late}>{t("account.runLate")}</span>
                        </>
                      )}
                    </td>
                    <td>{runOutcome(r, t)}</td>
                    <td>
                      {failing(r.results).map((result) => (
                        <span key={result.id}>
                          {result.title}
                          <br />
                        </span>
                      ))}
                    </td>
                    <td>{shown?.id === r.id ? <span className="muted">{t("account.runShown")}</span> : <a href={`${base}?run=${encodeURIComponent(r.id)}`}>{t("account.runShow")}</a>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {shown && (
        <section aria-labelledby="run-title" className={styles.failures}>
          <h2 id="run-title">
            {t("account.runTitle", { kind: t(shown.mode === "verified" ? "account.runVerified" : "account.runPractice"), date: when.format(shown.startedAt) })}
            {shownLate && (
              <>
                {" "}
                <span className={styles.late}>{t("account.runLate")}</span>
              </>
            )}
          </h2>
          <p>{runOutcome(shown, t)}</p>
          <h3>{t("account.runResults")}</h3>
          <ul className={styles["result-list"]}>
            {[...failing(shown.results), ...shown.results.filter((r) => r.status === "pass" || r.status === "skip")].map((result) => (
              <li key={result.id}>
                <strong className={result.status === "pass" ? styles.passed : result.status === "skip" ? "muted" : styles.late}>{t(RESULT_TEXT[result.status])}</strong> {result.title}
                {result.status !== "pass" && result.message && <span className={styles.message}> — {localizedMessage(result.message, result.text, locale, textContext)}</span>}
              </li>
            ))}
          </ul>
          <h3>{t("account.runFiles")}</h3>
          {files.length === 0 ? <p className="muted">{t("account.runNoFiles")}</p> : <SubmissionFiles runId={shown.id} files={files} label={t("account.runFiles")} />}
          <h3>{t("account.runBuildLog")}</h3>
          {shown.buildLog ? (
            <pre className={styles.log} tabIndex={0} aria-label={t("account.runBuildLog")}>
              {shown.buildLog}
            </pre>
          ) : (
            <p className="muted">{t("account.runNoLog")}</p>
          )}
          {files.length > 0 && (
            <div className={previewStyles.run}>
              <PreviewRunPanel step={step} submission={{ classId: work.class.id, studentId, runId: shown.id }} />
            </div>
          )}
        </section>
      )}
    </main>
  );
}

const RESULT_TEXT = { pass: "account.resultPass", fail: "account.resultFail", skip: "account.resultSkip", error: "account.resultError" } as const;

function failing(results: CheckResult[]): CheckResult[] {
  return results.filter((r) => r.status === "fail" || r.status === "error");
}

function runOutcome(run: Pick<TimelineRun, "status" | "score" | "passed" | "errorMessage">, t: AccountTranslate): string {
  if (run.status === "running") return t("account.runRunning");
  if (run.status === "interrupted") return t("account.runInterrupted");
  if (run.status === "error") return t("account.runError", { message: run.errorMessage ?? "" });
  const score = Math.round((run.score ?? 0) * 10) / 10;
  return t(run.passed ? "account.runPassed" : "account.runFailed", { score });
}
