"use client";
/**
 * A preview run of a step's checks (on the reference solution, or on a stored submission): the
 * button, how long it has been going, then the results as the student's results pane shows them.
 */
import { useEffect, useState } from "react";
import { CheckPanel } from "@/app/_components/workbench/check-panel";
import { useI18n } from "@/app/_components/i18n";
import { usePreviewRun, type SubmissionRef } from "./use-preview-run";

type Props = {
  step: number;
  submission?: SubmissionRef;
  checkTexts?: Record<string, { title: string; hints: string[]; phrases?: Record<string, string> }>;
};

export function PreviewRunPanel({ step, submission, checkTexts }: Props) {
  const { t } = useI18n();
  const { state, run, start, startError } = usePreviewRun(step, submission);
  const running = run?.state === "running";
  const seconds = useSecondsSince(run?.startedAt ?? null, run?.finishedAt ?? null);
  return (
    <div className="preview-run" data-testid="preview-run" data-state={run?.state ?? "none"}>
      <p className="muted">{t("account.previewRunHelp")}</p>
      <p>
        <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={running} aria-describedby={running ? "preview-elapsed" : undefined}>
          {t(submission ? "account.previewRunSubmission" : "account.previewRun")}
        </button>{" "}
        {run && seconds !== null && (
          <span id="preview-elapsed" className="muted" role="status">
            {t(running ? "account.previewElapsed" : "account.previewTook", { seconds })}
          </span>
        )}
      </p>
      {startError && (
        <p className="banner banner-error" role="alert">
          {t("account.previewStartFailed", { message: startError })}
        </p>
      )}
      {run && <CheckPanel state={state} historyError={null} onOpenLocation={() => undefined} step={step} hintOwner="teacher-preview" checkTexts={checkTexts} />}
    </div>
  );
}

/** Whole seconds from `since` to `until` (or now, ticking every second); null without a start. */
function useSecondsSince(since: string | null, until: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!since || until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since, until]);
  if (!since) return null;
  return Math.max(0, Math.round(((until ? new Date(until).getTime() : now) - new Date(since).getTime()) / 1000));
}
