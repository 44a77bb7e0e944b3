"use client";
/**
 * The step's reference solution, for a student whose teacher has opened it to their class: folded
 * at the end of the lesson, fetched when unfolded, each file read-only.
 */
import { useState } from "react";
import type { ReferenceSolutionResponse } from "../api-types";
import { useI18n } from "../i18n";
import { errorTextOf } from "../api-client";
import { localizedMessage } from "@/lib/i18n/render-text";

export function ReferenceSolution({ step }: { step: number }) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<{ kind: "idle" | "loading" } | { kind: "error"; message: string } | { kind: "ready"; solution: ReferenceSolutionResponse }>({ kind: "idle" });
  const load = async () => {
    if (state.kind === "loading" || state.kind === "ready") return;
    setState({ kind: "loading" });
    try {
      const response = await fetch(`/api/steps/${step}/solution`, { cache: "no-store", credentials: "same-origin" });
      const body = (await response.json().catch(() => null)) as (ReferenceSolutionResponse & { error?: { message?: string; text?: unknown } }) | null;
      const refusal = body?.error?.message;
      if (!response.ok || !body) setState({ kind: "error", message: refusal ? localizedMessage(refusal, errorTextOf(body.error), locale) : `The server answered ${response.status}.` });
      else setState({ kind: "ready", solution: body });
    } catch {
      setState({ kind: "error", message: t("lesson.solutionLoading") });
    }
  };
  return (
    <details className="reference-solution" onToggle={(event) => (event.currentTarget.open ? void load() : undefined)}>
      <summary>{t("lesson.solutionShow")}</summary>
      <p className="muted">{t("lesson.solutionHelp")}</p>
      <div aria-live="polite">
        {state.kind === "loading" && <p>{t("lesson.solutionLoading")}</p>}
        {state.kind === "error" && <p className="notice-error">{state.message}</p>}
        {state.kind === "ready" &&
          state.solution.files.map((file) => (
            <figure key={file.path} className="reference-file">
              <figcaption>
                <code>{file.path}</code>
              </figcaption>
              <pre tabIndex={0}>
                <code>{file.content}</code>
              </pre>
            </figure>
          ))}
      </div>
    </details>
  );
}
