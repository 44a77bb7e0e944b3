import { Fragment } from "react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageLocale } from "../../../_lib/page-locale";
import { isAppError } from "@/server/app-error";
import { getClassPage, joinPath } from "@/server/identity/classes";
import { StepFailuresSection } from "./step-failures-section";
import { RegradeSection } from "./regrade-section";
import { getClassRegrade } from "@/server/identity/class-regrades";
import { SolutionSwitches } from "./solution-switches";
import { DeadlineEditor } from "./deadline-editor";
import { accountText } from "../../_ui/account-text";
import { ClassGrid } from "./class-grid";
import { LmsPassbacks } from "./lms-passbacks";
import { getClassLms } from "@/server/lti/class-lms";
import { requireTeacherPage } from "../../_ui/guard";
import { SignOutButton } from "../../_ui/sign-out-button";
import styles from "../../_ui/account.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Class progress" };

/**
 * A class: its students × steps grid (./class-grid.tsx), due dates, reference solutions, where
 * its students get stuck on each step, and each step's re-grade with its current checks.
 */
export default async function ClassPage({ params }: { params: Promise<{ id: string }> }) {
  const account = await requireTeacherPage();
  const locale = await pageLocale();
  const t = accountText(locale);
  const { id } = await params;
  const {
    class: klass,
    rows,
    failures,
  } = await getClassPage(account, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const lms = await getClassLms(account, klass.id);
  // Each step's latest re-grade: a reload shows a running one where it is, and follows it on.
  const regrades = new Map(await Promise.all(klass.steps.map(async (step) => [step, await getClassRegrade(account, klass.id, step)] as const)));
  const dueDates = Object.fromEntries([...klass.deadlines].map(([step, due]) => [step, due.toISOString()]));
  return (
    // Wider than the site's column: the grid's steps side by side on a laptop screen (account.module.css, wide-page).
    <main className={`page ${styles["wide-page"]}`} id="main">
      <div className={styles.header}>
        <h1>{klass.name}</h1>
        <a className="btn btn-small" href="/teacher">
          {t("account.backToClasses")}
        </a>
        <a className="btn btn-small" href={`/api/classes/${encodeURIComponent(klass.id)}/grades.csv`} download>
          {t("account.downloadCsv")}
        </a>
        <a className="btn btn-small" href="/account">
          {t("account.yourAccount")}
        </a>
        <SignOutButton />
      </div>
      {rows.length === 0 ? (
        <p>{t("account.gridNone", { link: joinPath(klass.joinCode) })}</p>
      ) : (
        <ClassGrid classId={klass.id} className={klass.name} steps={klass.steps} deadlines={dueDates} rows={rows} />
      )}
      <DeadlineEditor classId={klass.id} steps={klass.steps} deadlines={dueDates} />
      <SolutionSwitches classId={klass.id} steps={klass.steps} open={klass.solutionSteps} />
      {(lms.bound || lms.passbacks.length > 0) && <LmsPassbacks classId={klass.id} lms={lms} />}
      {rows.length > 0 &&
        failures.map((figures) => (
          <Fragment key={figures.step}>
            <StepFailuresSection classId={klass.id} figures={figures} t={t} />
            <RegradeSection classId={klass.id} step={figures.step} initial={regrades.get(figures.step) ?? null} />
          </Fragment>
        ))}
    </main>
  );
}
