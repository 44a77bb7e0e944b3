"use client";
/** The course's steps with this student's progress, fetched from /api/course. */
import Link from "next/link";
import { useEffect, useState } from "react";
import { api, errorMessage } from "../api-client";
import type { CourseStep } from "../api-types";
import { formatScore, formatWhen } from "../format";
import { useI18n } from "../i18n";

type State = { status: "loading" } | { status: "ready"; steps: CourseStep[] } | { status: "error"; message: string };

export function CourseList() {
  const { t, locale } = useI18n();
  const [state, setState] = useState<State>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.getCourse().then(
      ({ steps }) => !cancelled && setState({ status: "ready", steps: [...steps].sort((a, b) => a.step - b.step) }),
      (error: unknown) => !cancelled && setState({ status: "error", message: errorMessage(error, locale) }),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt, locale]);

  if (state.status === "loading") {
    return (
      <p className="muted" role="status">
        {t("course.loading")}
      </p>
    );
  }
  if (state.status === "error") {
    return (
      <div className="banner banner-error" role="alert">
        <p>{t("course.failed", { error: state.message })}</p>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setState({ status: "loading" });
            setAttempt((n) => n + 1);
          }}
        >
          {t("common.retry")}
        </button>
      </div>
    );
  }
  if (state.steps.length === 0) return <p className="muted">{t("course.empty")}</p>;

  const passedCount = state.steps.filter((step) => step.passed).length;
  return (
    <section aria-labelledby="steps-heading">
      <div className="course-heading">
        <h2 id="steps-heading">{t("course.steps")}</h2>
        <p className="muted">{t("course.passed", { passed: passedCount, total: state.steps.length })}</p>
      </div>
      <ol className="course-list">
        {state.steps.map((step) => (
          <li key={step.step} className={`course-card${step.passed ? " is-passed" : ""}`} data-step={step.step}>
            <Link href={`/steps/${step.step}`} className="course-card-link">
              <span className="course-number" aria-hidden="true">
                {step.step}
              </span>
              <span className="course-body">
                <span className="course-title">
                  <span className="visually-hidden">{t("course.stepPrefix", { step: step.step })}</span>
                  {step.title}
                </span>
                {step.summary && <span className="course-summary">{step.summary}</span>}
                <span className="course-meta">
                  <span>{t("course.minutes", { minutes: step.estimatedMinutes })}</span>
                  <span>
                    {t("course.folder")} <code>{step.folder}/</code>
                  </span>
                  {step.lastCheckAt && <span>{t("course.checked", { when: formatWhen(step.lastCheckAt, locale) })}</span>}
                </span>
              </span>
              <span className="course-progress">
                {step.passed ? (
                  <span className="badge badge-passed">{t("course.badge.passed")}</span>
                ) : step.bestScore !== null || step.lastCheckAt ? (
                  <span className="badge badge-progress">{t("course.badge.progress")}</span>
                ) : (
                  <span className="badge badge-new">{t("course.badge.new")}</span>
                )}
                {step.bestScore !== null && (
                  <span className="course-score">
                    <span className="meter" aria-hidden="true">
                      <span className="meter-fill" style={{ width: `${Math.min(100, Math.max(0, step.bestScore))}%` }} />
                    </span>
                    {t("course.bestGraded", { score: formatScore(step.bestScore) })}
                  </span>
                )}
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
