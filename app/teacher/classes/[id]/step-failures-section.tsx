import type { ClassStepFailures } from "@/server/identity/classes";
import type { AccountTranslate } from "../../_ui/account-text";
import styles from "../../_ui/account.module.css";
import { FailureBarChart } from "./failure-charts";

/**
 * Where the class gets stuck on one step: the share of students past each constraint and the
 * constraint each student who has not passed is on (each a bar chart beside its table, which is
 * what a screen reader reads), the failure messages seen most, and the students stuck.
 */
export function StepFailuresSection({ classId, figures, t }: { classId: string; figures: ClassStepFailures; t: AccountTranslate }) {
  const { step, students } = figures;
  const id = `failures-step-${step}`;
  const share = (passed: number, judged: number) => Math.round((passed / judged) * 100);
  const stuckStudents = figures.firstFailing.reduce((sum, f) => sum + f.students, 0);
  return (
    <section aria-labelledby={id} className={styles.failures}>
      <h2 id={id}>{t("account.failuresTitle", { step })}</h2>
      {students > 0 && (
        <p>
          <a href={`/api/classes/${encodeURIComponent(classId)}/constraints.csv?step=${step}`} download>
            {t("account.constraintsCsv", { step })}
          </a>
        </p>
      )}
      {students === 0 ? (
        <p className="muted">{t("account.failuresNone")}</p>
      ) : (
        <>
          <p>
            {t("account.failuresSummary", { students, passed: figures.passedStudents })}
            {figures.medianAttemptsToPass !== null && figures.medianMinutesToPass !== null && (
              <> {t("account.failuresMedian", { attempts: figures.medianAttemptsToPass, minutes: Math.round(figures.medianMinutesToPass) })}</>
            )}
          </p>
          <div className={styles["chart-pair"]}>
            <FailureBarChart
              label={t("account.chartOfTable")}
              series={t("account.failuresPast")}
              unit="%"
              bars={figures.constraints.map((c) => ({ label: c.title, value: c.judged ? share(c.passed, c.judged) : null }))}
            />
            <table className={styles.table}>
              <caption>{t("account.failuresConstraints", { step })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("account.failuresConstraint")}</th>
                  <th scope="col">{t("account.failuresPast")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.constraints.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th>
                    <td>{c.judged ? t("account.failuresPastValue", { passed: c.passed, judged: c.judged, share: share(c.passed, c.judged) }) : t("account.failuresNotJudged")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {figures.firstFailing.length > 0 && (
            <div className={styles["chart-pair"]}>
              <FailureBarChart
                label={t("account.chartOfTable")}
                series={t("account.failuresStudents")}
                tone="danger"
                max={stuckStudents}
                bars={figures.firstFailing.map((f) => ({ label: f.title, value: f.students }))}
              />
              <table className={styles.table}>
                <caption>{t("account.failuresFirst")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("account.failuresConstraint")}</th>
                    <th scope="col">{t("account.failuresStudents")}</th>
                  </tr>
                </thead>
                <tbody>
                  {figures.firstFailing.map((f) => (
                    <tr key={f.checkId}>
                      <th scope="row">{f.title}</th>
                      <td>{f.students}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {figures.frequentFailures.length > 0 && (
            <table className={styles.table}>
              <caption>{t("account.failuresMessages")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("account.failuresMessage")}</th>
                  <th scope="col">{t("account.failuresConstraint")}</th>
                  <th scope="col">{t("account.failuresStudents")}</th>
                  <th scope="col">{t("account.failuresRuns")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.frequentFailures.map((f) => (
                  <tr key={`${f.checkId}:${f.example}`}>
                    <th scope="row" className={styles.message}>
                      {f.example}
                    </th>
                    <td>{f.title}</td>
                    <td>{f.students}</td>
                    <td>{f.runs}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {figures.stuck.length > 0 && (
            <table className={styles.table}>
              <caption>{t("account.failuresStuck")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("account.gridStudent")}</th>
                  <th scope="col">{t("account.failuresWhy")}</th>
                  <th scope="col">{t("account.failuresRuns")}</th>
                  <th scope="col">{t("account.failuresMinutes")}</th>
                </tr>
              </thead>
              <tbody>
                {figures.stuck.map((s) => {
                  const on = figures.constraints.find((c) => c.id === s.checkId)?.title ?? s.checkId ?? "";
                  return (
                    <tr key={s.studentId} className={styles.stuck}>
                      <th scope="row">{figures.names[s.studentId] ?? s.studentId}</th>
                      <td>{s.reason === "same-failure" ? t("account.failuresStuckSame", { constraint: on }) : t("account.failuresStuckLong", { constraint: on })}</td>
                      <td>{s.runs}</td>
                      <td>{s.minutes}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
