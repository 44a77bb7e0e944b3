"use client";
/**
 * Where the student is in the course, in the top bar: the previous and next steps (with their
 * titles on hover and for screen readers), "Step N of M", and how many steps they have passed.
 */
import Link from "next/link";
import type { CourseStep } from "../api-types";
import { useI18n } from "../i18n";

export function StepNav({ step, course }: { step: number; course: CourseStep[] | null }) {
  const { t } = useI18n();
  const index = course?.findIndex((s) => s.step === step) ?? -1;
  const previous = course && index > 0 ? course[index - 1] : undefined;
  const next = course && index >= 0 && index < course.length - 1 ? course[index + 1] : undefined;
  const passed = course?.filter((s) => s.passed).length ?? 0;
  return (
    <nav className="step-nav" aria-label={t("nav.steps")}>
      <StepLink target={previous} direction="previous" />
      <span className="step-chip" data-testid="step-position">
        {t("nav.step", { step })}
        {course && index >= 0 && <span className="step-chip-total">{t("nav.of", { total: course.length })}</span>}
      </span>
      <StepLink target={next} direction="next" />
      {course && (
        <span className="step-progress" title={t("nav.passedTitle")} data-testid="course-progress">
          {t("nav.passed", { passed, total: course.length })}
        </span>
      )}
    </nav>
  );
}

function StepLink({ target, direction }: { target: CourseStep | undefined; direction: "previous" | "next" }) {
  const { t } = useI18n();
  const arrow = direction === "previous" ? "‹" : "›";
  if (!target) {
    return (
      <span className="step-nav-link step-nav-link-off" aria-hidden="true">
        {arrow}
      </span>
    );
  }
  const label = t(direction === "previous" ? "nav.previous" : "nav.next", { step: target.step, title: target.title });
  return (
    <Link href={`/steps/${target.step}`} className="step-nav-link" aria-label={label} title={label} rel={direction === "previous" ? "prev" : "next"}>
      <span aria-hidden="true">{arrow}</span>
    </Link>
  );
}

/**
 * The moment a Check or a submission passes, in the results: what the step was about and where
 * to go next. A practice Check says to submit for it to count.
 */
export function StepSuccess({ step, mode, goals, next }: { step: number; mode: "practice" | "verified"; goals: string[]; next: CourseStep | undefined }) {
  const { t } = useI18n();
  return (
    <div className="step-success" role="status" data-testid="step-success">
      <p className="step-success-title">
        <span aria-hidden="true">★</span> {t(mode === "verified" ? "success.verified" : "success.practice", { step })}
      </p>
      {mode === "practice" && <p>{t("success.submit")}</p>}
      {goals.length > 0 && (
        <>
          <p className="step-success-sub">{t("success.learnt")}</p>
          <ul>
            {goals.map((goal) => (
              <li key={goal}>{goal}</li>
            ))}
          </ul>
        </>
      )}
      {next ? (
        <Link className="btn btn-primary step-success-next" href={`/steps/${next.step}`}>
          {t("success.next", { step: next.step, title: next.title })} <span aria-hidden="true">→</span>
        </Link>
      ) : (
        <p className="step-success-sub">{t("success.last")}</p>
      )}
    </div>
  );
}
