/**
 * The browser side of the app's HTTP routes. Every failure becomes an ApiError whose message can
 * be shown as is: the route's own `{ error: { message } }`, or a plain sentence for network
 * trouble. A route's error given as a catalog message (`error.text`) is kept, for errorMessage to
 * say in the page's language.
 */
import type { Locale } from "@/lib/i18n/locale";
import { englishOf, localizedMessage } from "@/lib/i18n/render-text";
import { say, textRefSchema, type TextRef } from "@/lib/i18n/text-ref";
import type { CourseResponse, FileContentResponse, FilesResponse, HealthResponse, LastCheckResponse, LessonResponse, OkResponse, StartFromResponse, StartOptionsResponse } from "./api-types";

/** A failure of the browser's own, said by the catalog (its English as the message, its text for the page's language). */
const ownFailure = (code: string, status: number, text: TextRef) => new ApiError(code, englishOf(text), status, text);

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly text?: TextRef,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** What the page shows for a failure: the route's message in the page's language when it gave one from the catalog, else its English. */
export function errorMessage(error: unknown, locale: Locale = "en"): string {
  if (error instanceof ApiError) return localizedMessage(error.message, error.text, locale);
  if (error instanceof Error) return error.message;
  return String(error);
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", cache: "no-store", ...init });
  } catch {
    throw ownFailure("network", 0, say("client.unreachable"));
  }
  if (!response.ok) throw await toApiError(response);
  try {
    return (await response.json()) as T;
  } catch {
    throw ownFailure("bad_response", response.status, say("client.unreadable", { status: response.status }));
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; text?: unknown } };
    if (body.error && typeof body.error.message === "string") {
      return new ApiError(String(body.error.code ?? "error"), body.error.message, response.status, errorTextOf(body.error));
    }
  } catch {
    // not JSON: fall through to a generic message
  }
  return ownFailure("http_" + response.status, response.status, say("client.failed", { status: response.status }));
}

/** A route error's catalog message, when it sent a well-formed one (an answer is data, checked before use). */
export function errorTextOf(error: { text?: unknown } | null | undefined): TextRef | undefined {
  const parsed = textRefSchema.safeParse(error?.text);
  return parsed.success ? parsed.data : undefined;
}

const enc = encodeURIComponent;

export const api = {
  getCourse: () => request<CourseResponse>("/api/course"),
  getHealth: () => request<HealthResponse>("/api/health"),
  getLesson: (step: number) => request<LessonResponse>(`/api/steps/${step}/lesson`),
  getLastCheck: (step: number) => request<LastCheckResponse>(`/api/steps/${step}/last-check`),
  listFiles: (step: number) => request<FilesResponse>(`/api/files?step=${step}`),
  readFile: (path: string) => request<FileContentResponse>(`/api/files/content?path=${enc(path)}`),
  writeFile: (path: string, content: string) =>
    request<OkResponse>(`/api/files/content?path=${enc(path)}`, {
      method: "PUT",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: content,
    }),
  deleteFile: (path: string) => request<OkResponse>(`/api/files/content?path=${enc(path)}`, { method: "DELETE" }),
  uploadFiles: (dir: string, files: readonly File[]) => {
    const form = new FormData();
    form.set("dir", dir);
    for (const file of files) form.append("files", file, file.name);
    return request<OkResponse>("/api/files/upload", { method: "POST", body: form });
  },
  getStartOptions: (step: number) => request<StartOptionsResponse>(`/api/steps/${step}/start-from`),
  startFrom: (step: number, source: "mine" | "reference", replace: boolean) =>
    request<StartFromResponse>(`/api/steps/${step}/start-from`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ source, replace }),
    }),
  workspaceZipUrl: "/api/workspace.zip",
};

export type Api = typeof api;
