"use client";
import dynamic from "next/dynamic";
import { useId, useState, type KeyboardEvent } from "react";
import { usePreferences } from "@/app/_components/settings/preferences-provider";

const ReadOnlyCode = dynamic(() => import("@/app/_components/editor/read-only-code"), { ssr: false, loading: () => <p className="muted">…</p> });

/**
 * The files a run graded, one tab each, shown read-only in the editor. Tabs follow the ARIA tabs
 * pattern: arrow keys move between them, Tab goes on to the file.
 */
export function SubmissionFiles({ runId, files, label }: { runId: string; files: { path: string; content: string }[]; label: string }) {
  const id = useId();
  const { theme } = usePreferences();
  const [index, setIndex] = useState(0);
  const shown = files[Math.min(index, files.length - 1)];
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const move = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!move) return;
    event.preventDefault();
    const next = (index + move + files.length) % files.length;
    setIndex(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  if (!shown) return null;
  return (
    <div>
      <div role="tablist" aria-label={label} className="submission-tabs">
        {files.map((file, i) => (
          <button
            key={file.path}
            id={`${id}-tab-${i}`}
            type="button"
            role="tab"
            aria-selected={i === index}
            aria-controls={`${id}-panel`}
            tabIndex={i === index ? 0 : -1}
            className={i === index ? "btn btn-small btn-primary" : "btn btn-small"}
            onClick={() => setIndex(i)}
            onKeyDown={onKeyDown}
          >
            {file.path}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${index}`} className="submission-file">
        <ReadOnlyCode modelPath={`submission/${runId}/${shown.path}`} path={shown.path} content={shown.content} theme={theme} ariaLabel={shown.path} />
      </div>
    </div>
  );
}
