import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageLocale } from "../../../_lib/page-locale";
import { isAppError } from "@/server/app-error";
import { getClassFailures, getClassGrid, joinPath, type ClassGridCell } from "@/server/identity/classes";
import { StepFailuresSection } from "./step-failures-section";
import { SolutionSwitches } from "./solution-switches";
import { DeadlineEditor } from "./deadline-editor";
import { accountText, type AccountTranslate } from "../../_ui/account-text";
import { requireTeacherPage } from "../../_ui/guard";
import { SignOutButton } from "../../_ui/sign-out-button";
import styles from "../../_ui/account.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Class progress" };

/**
 * The class's students × steps from their check runs. A plain table: a caption, column and row
 * headers (screen readers announce "Student, Step n" for each cell), text in every cell rather
 * than colour alone, and a focusable scroll area for keyboards when it is wider than the page.
 */
export default async function ClassPage({ params }: { params: Promise<{ id: string }> }) {
  const account = await requireTeacherPage();
  const locale = await pageLocale();
  const t = accountText(locale);
  const { id } = await params;
  const grid = await getClassGrid(account, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const failures = await getClassFailures(account, id);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const { class: klass, rows } = grid;
  const captionId = `grid-${klass.id}`;
  return (
    <main className="page" id="main">
      <div className={styles.header}>
        <h1>{klass.name}</h1>
        <a className="btn btn-small" href="/teacher">
          {t("account.backToClasses")}
        </a>
        <a className="btn btn-small" href={`/api/classes/${encodeURIComponent(klass.id)}/grades.csv`} download>
          {t("account.downloadCsv")}
        </a>
        <a className="btn btn-small" href="/account">{t("account.yourAccount")}</a>
        <SignOutButton />
      </div>
      {rows.length === 0 ? (
        <p>{t("account.gridNone", { link: joinPath(klass.joinCode) })}</p>
      ) : (
        <div className={styles["table-wrap"]} role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className={styles.table}>
            <caption id={captionId}>{t("account.gridCaption", { name: klass.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("account.gridStudent")}</th>
                {klass.steps.map((step) => {
                  const due = klass.deadlines.get(step);
                  return (
                    <th scope="col" key={step}>
                      {t("account.gridStep", { step })}
                      {due && (
                        <>
                          <br />
                          <time className="muted" dateTime={due.toISOString()}>
                            {t("account.gridDue", { date: when.format(due) })}
                          </time>
                        </>
                      )}
                    </th>
                  );
                })}
                <th scope="col">{t("account.gridLast")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.studentId}>
                  <th scope="row">
                    {row.name}
                    {row.email && (
                      <>
                        <br />
                        <span className="muted">{row.email}</span>
                      </>
                    )}
                  </th>
                  {row.cells.map((cell) => (
                    <td key={cell.step}>
                      <Cell cell={cell} t={t} when={when} />
                      <br />
                      <a href={`/teacher/classes/${encodeURIComponent(klass.id)}/students/${encodeURIComponent(row.studentId)}/steps/${cell.step}`}>
                        {t("account.runShow")}
                        <span className="visually-hidden"> {t("account.cellOpen", { name: row.name, step: cell.step })}</span>
                      </a>
                    </td>
                  ))}
                  <td>{row.lastActivityAt ? <time dateTime={row.lastActivityAt}>{when.format(new Date(row.lastActivityAt))} UTC</time> : t("account.never")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <DeadlineEditor classId={klass.id} steps={klass.steps} deadlines={Object.fromEntries([...klass.deadlines].map(([step, due]) => [step, due.toISOString()]))} />
      <SolutionSwitches classId={klass.id} steps={klass.steps} open={klass.solutionSteps} />
      {rows.length > 0 && failures.map((figures) => <StepFailuresSection key={figures.step} figures={figures} t={t} />)}
    </main>
  );
}

const STATE_TEXT = {
  "not-started": "account.cellNothing",
  working: "account.cellWorking",
  "checks-passing": "account.cellChecksPassing",
  submitted: "account.cellSubmitted",
  passed: "account.cellPassed",
} as const;

/** Scores are stored as percentages (0–100). */
const percent = (score: number) => `${Math.round(score)} %`;

/** A student's step: where they are, in words (never colour alone), then the figures behind it. */
function Cell({ cell, t, when }: { cell: ClassGridCell; t: AccountTranslate; when: Intl.DateTimeFormat }) {
  const parts: React.ReactNode[] = [];
  const state = t(STATE_TEXT[cell.state]);
  parts.push(cell.state === "passed" ? <span className={styles.passed}>✓ {state}</span> : cell.state === "not-started" ? <span className="muted">{state}</span> : state);
  if (cell.late) parts.push(<span className={styles.late}>{t("account.cellLate")}</span>);
  if (cell.bestScore !== null) parts.push(t("account.cellBest", { score: percent(cell.bestScore) }));
  if (cell.late && cell.onTimeScore !== null) parts.push(t("account.cellOnTime", { score: percent(cell.onTimeScore) }));
  if (cell.attempts > 0) parts.push(t("account.cellAttempts", { count: cell.attempts }));
  if (cell.extended && cell.dueAt) parts.push(t("account.cellExtended", { date: when.format(new Date(cell.dueAt)) }));
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 && <br />}
          {part}
        </span>
      ))}
    </>
  );
}
