import type { ClassStepFailures } from "@/server/identity/classes";
import type { AccountTranslate } from "../../_ui/account-text";
import styles from "../../_ui/account.module.css";

/**
 * Where the class gets stuck on one step: the share of students past each constraint (a bar drawn
 * beside the figure, which is the text a screen reader reads), the constraint each student who has
 * not passed is on, the failure messages seen most, and the students stuck. Tables throughout.
 */
export function StepFailuresSection({ figures, t }: { figures: ClassStepFailures; t: AccountTranslate }) {
  const { step, students } = figures;
  const id = `failures-step-${step}`;
  const minutes = (value: number | null) => (value === null ? "–" : Math.round(value).toString());
  return (
    <section aria-labelledby={id} className={styles.failures}>
      <h2 id={id}>{t("account.failuresTitle", { step })}</h2>
      {students === 0 ? (
        <p className="muted">{t("account.failuresNone")}</p>
      ) : (
        <>
          <p>
            {t("account.failuresSummary", {
              students,
              passed: figures.passedStudents,
              attempts: figures.medianAttemptsToPass ?? "–",
              minutes: minutes(figures.medianMinutesToPass),
            })}
          </p>
          <table className={styles.table}>
            <caption>{t("account.failuresConstraints", { step })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("account.failuresConstraint")}</th>
                <th scope="col">{t("account.failuresPast")}</th>
              </tr>
            </thead>
            <tbody>
              {figures.constraints.map((c) => {
                const share = c.judged ? c.passed / c.judged : 0;
                return (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th>
                    <td>
                      <span className={styles.bar} aria-hidden="true">
                        <span style={{ width: `${Math.round(share * 100)}%` }} />
                      </span>{" "}
                      {c.judged ? t("account.failuresPastValue", { passed: c.passed, judged: c.judged, share: Math.round(share * 100) }) : t("account.failuresNotJudged")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {figures.firstFailing.length > 0 && (
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
