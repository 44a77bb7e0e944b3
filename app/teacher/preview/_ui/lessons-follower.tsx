"use client";
/**
 * Keeps an open preview page on the lesson files as they are on disk: polls the lessons' version
 * (GET /api/teacher/preview/version) and refreshes the page's server-rendered content when it
 * changes (a reload, good or failed: a failed one shows its error).
 */
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";

const POLL_MS = 2000;

export function LessonsFollower({ version }: { version: number }) {
  const router = useRouter();
  const shown = useRef(version);
  useEffect(() => {
    shown.current = version;
  }, [version]);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(() => {
      void fetch("/api/teacher/preview/version", { cache: "no-store", credentials: "same-origin" })
        .then((response) => (response.ok ? (response.json() as Promise<{ version: number }>) : null))
        .then((status) => {
          if (!stopped && status && status.version !== shown.current) router.refresh();
        })
        .catch(() => undefined);
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [router]);
  return null;
}
