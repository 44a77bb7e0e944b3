"use client";
/** The lesson exactly as the student's lesson pane shows it (no terminal here: its shell blocks only copy). */
import { LessonPane } from "@/app/_components/workbench/lesson-pane";
import type { Lesson } from "@/app/_components/api-types";

const NO_STATUSES = new Map<string, never>();

export function PreviewLesson({ lesson }: { lesson: Lesson }) {
  return (
    <div className="preview-lesson">
      <LessonPane lesson={lesson} onRun={() => false} statuses={NO_STATUSES} />
    </div>
  );
}
