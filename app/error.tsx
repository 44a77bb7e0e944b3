"use client";
// Error boundaries must be client components. Shown when a page throws while rendering.
import Link from "next/link";
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String((error as { digest?: unknown }).digest ?? "") : "";
  return (
    <main className="page page-narrow">
      <h1>Something went wrong</h1>
      <p>This page failed to load. Your files are kept on the server; trying again is safe.</p>
      {digest && <p className="muted">Reference: {digest}</p>}
      <p className="button-row">
        <button type="button" className="btn btn-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/" className="btn">
          Back to the course
        </Link>
      </p>
    </main>
  );
}
