"use client";
/**
 * Where the student is in the course, in the top bar: the previous and next steps (with their
 * titles on hover and for screen readers), "Step N of M", and how many steps they have passed.
 */
import Link from "next/link";
import type { CourseStep } from "../api-types";

export function StepNav({ step, course }: { step: number; course: CourseStep[] | null }) {
  const index = course?.findIndex((s) => s.step === step) ?? -1;
  const previous = course && index > 0 ? course[index - 1] : undefined;
  const next = course && index >= 0 && index < course.length - 1 ? course[index + 1] : undefined;
  const passed = course?.filter((s) => s.passed).length ?? 0;
  return (
    <nav className="step-nav" aria-label="Steps of the course">
      <StepLink target={previous} direction="previous" />
      <span className="step-chip" data-testid="step-position">
        Step {step}
        {course && index >= 0 && <span className="step-chip-total"> of {course.length}</span>}
      </span>
      <StepLink target={next} direction="next" />
      {course && (
        <span className="step-progress" title="Steps whose submission passed in the server's sandbox" data-testid="course-progress">
          {passed}/{course.length} passed
        </span>
      )}
    </nav>
  );
}

function StepLink({ target, direction }: { target: CourseStep | undefined; direction: "previous" | "next" }) {
  const arrow = direction === "previous" ? "‹" : "›";
  const word = direction === "previous" ? "Previous step" : "Next step";
  if (!target) {
    return (
      <span className="step-nav-link step-nav-link-off" aria-hidden="true">
        {arrow}
      </span>
    );
  }
  const label = `${word}: ${target.step}. ${target.title}`;
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
  return (
    <div className="step-success" role="status" data-testid="step-success">
      <p className="step-success-title">
        <span aria-hidden="true">★</span>{" "}
        {mode === "verified" ? `Step ${step} is passed, and recorded.` : `Every check of step ${step} passes in your engine.`}
      </p>
      {mode === "practice" && <p>Submit for grading to make it count: the same checks run again in a fresh sandbox of the server&apos;s.</p>}
      {goals.length > 0 && (
        <>
          <p className="step-success-sub">What you can do now:</p>
          <ul>
            {goals.map((goal) => (
              <li key={goal}>{goal}</li>
            ))}
          </ul>
        </>
      )}
      {next ? (
        <Link className="btn btn-primary step-success-next" href={`/steps/${next.step}`}>
          Next: step {next.step}, {next.title} <span aria-hidden="true">→</span>
        </Link>
      ) : (
        <p className="step-success-sub">That was the last step of the course.</p>
      )}
    </div>
  );
}
