/**
 * Shapes of the JSON the app's HTTP routes answer. Shared by the route handlers (which assign the
 * server functions' results to these types, so a drift fails the typecheck) and the browser.
 * Type-only: nothing here runs.
 */
import type { CheckMode, CheckResult } from "@/lib/protocol/messages";

export type CourseStep = {
  step: number;
  title: string;
  summary: string;
  folder: string;
  estimatedMinutes: number;
  /** Best graded (submitted) score so far, a percentage 0–100; null before the first graded submission. */
  bestScore: number | null;
  /** A submission graded in the server's sandbox passed (practice Checks never count). */
  passed: boolean;
  lastCheckAt: string | null;
};
export type CourseResponse = { steps: CourseStep[] };

/** GET /api/health (answered by the custom server): whether learner engines can start here. */
export type HealthResponse = { engines: { state: "checking" | "ok" | "failed"; message: string } };

export type LessonPreview = { port: number; path: string; label: string };
export type Lesson = {
  step: number;
  /** The language the lesson is shown in (English when it has no translation in the one asked for). */
  locale: "en" | "fr";
  title: string;
  folder: string;
  goals: string[];
  estimatedMinutes: number;
  /** Sanitized HTML; shell blocks are `<pre data-run="1">`. */
  html: string;
  preview?: LessonPreview;
  /** Step 9: the terminal switches between the nodes of the student's three-node cluster. */
  cluster?: { nodes: number };
  /** Check titles and hint levels in the page's language, by check id (absent: the results' English). */
  checkTexts?: Record<string, { title: string; hints: string[]; phrases?: Record<string, string> }>;
  /** The student's teacher has opened this step's reference solution to their class. */
  referenceSolution?: true;
  /** When the step is due for this student (ISO; their teacher's date or their extension): a submission after it is marked late. */
  dueAt?: string;
};
/** GET /api/steps/N/solution */
export type ReferenceSolutionResponse = { step: number; folder: string; files: { path: string; content: string }[] };
export type LessonResponse = { lesson: Lesson };

export type FileEntry = { path: string; size: number };
export type FilesResponse = { files: FileEntry[] };
export type FileContentResponse = { path: string; content: string };

export type LastCheck = {
  runId: string;
  /** "practice": Check in the student's own engine (not a grade); "verified": Submit, graded in a sandbox the server owns. */
  mode: CheckMode;
  finishedAt: string;
  score: number;
  passed: boolean;
  results: CheckResult[];
  buildLog: string;
};
export type LastCheckResponse = { lastCheck: LastCheck | null };

/** GET /api/steps/N/start-from: the step's folder and what it can start from. */
export type StartOptions = {
  step: number;
  folder: string;
  targetFiles: string[];
  targetExists: boolean;
  /** Starter files still as the course wrote them: they do not count as the student's work. */
  starterFiles: string[];
  /** Other folders the step's checks read when `folder` holds none of the student's files (step 9: step 8's, as the lab does). */
  alsoAccepted?: string[];
  previous: {
    step: number;
    title: string;
    folder: string;
    mine: { exists: boolean; files: string[] };
    hasReference: boolean;
  } | null;
};
export type StartOptionsResponse = { options: StartOptions };
export type StartFromResponse = { result: { source: "mine" | "reference"; folder: string; copied: string[]; replaced: number } };

export type OkResponse = { ok: true };
export type ErrorResponse = { error: { code: string; message: string } };

/** Limits the routes enforce before calling the server; the server enforces its own too. */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_UPLOAD_FILES = 50;
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
