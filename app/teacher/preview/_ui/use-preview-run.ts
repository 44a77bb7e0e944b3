"use client";
/**
 * Follows a teacher's preview run (server/authoring/preview-runs.ts) by polling its check.*
 * messages and feeding them to the results pane's own reducer, so the page shows them as a
 * student's results pane would. Polls once on mount (a run started before a reload is found
 * again), then every POLL_MS while the run goes on.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ServerMessage } from "@/lib/protocol/messages";
import { checkReducer, initialCheckState } from "@/app/_components/workbench/check-state";
import { postJson } from "@/app/teacher/_ui/post-json";
import { useFailureText } from "@/app/teacher/_ui/use-failure-text";

const POLL_MS = 1500;

export type SubmissionRef = { classId: string; studentId: string; runId: string };
type RunInfo = { id: string; state: "running" | "finished" | "failed"; startedAt: string; finishedAt: string | null };
type RunBody = { run: (RunInfo & { messages: ServerMessage[]; next: number }) | null };

export function usePreviewRun(step: number, submission?: SubmissionRef) {
  const failureText = useFailureText();
  const [state, dispatch] = useReducer(checkReducer, initialCheckState);
  const [run, setRun] = useState<RunInfo | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const cursor = useRef<{ id: string | null; next: number }>({ id: null, next: 0 });
  const query = submission ? `&run=${encodeURIComponent(submission.runId)}` : "";

  const poll = useCallback(async (): Promise<RunInfo | null> => {
    const since = cursor.current.next;
    const response = await fetch(`/api/teacher/preview/${step}/run?since=${since}${query}`, { cache: "no-store", credentials: "same-origin" }).catch(() => null);
    if (!response?.ok) return null;
    const body = (await response.json()) as RunBody;
    if (!body.run) return null;
    if (body.run.id !== cursor.current.id && since > 0) {
      // Another run started meanwhile (another tab): read it from its start.
      cursor.current = { id: body.run.id, next: 0 };
      return poll();
    }
    for (const message of body.run.messages) dispatch({ type: "message", message, step });
    cursor.current = { id: body.run.id, next: body.run.next };
    const { id, state: runState, startedAt, finishedAt } = body.run;
    const info = { id, state: runState, startedAt, finishedAt };
    setRun(info);
    return info;
  }, [step, query]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      const info = await poll();
      if (!stopped && info?.state === "running") timer = setTimeout(() => void loop(), POLL_MS);
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [poll, run?.id]);

  const start = useCallback(async () => {
    setStartError(null);
    const result = await postJson<RunBody>(`/api/teacher/preview/${step}/run`, submission ? { submission } : {});
    if (!result.ok) {
      setStartError(failureText(result));
      return;
    }
    cursor.current = { id: null, next: 0 };
    const started = result.data.run;
    if (started) setRun({ id: started.id, state: started.state, startedAt: started.startedAt, finishedAt: started.finishedAt });
  }, [step, submission, failureText]);

  return { state, run, start, startError };
}
