/**
 * The browser side of the app's HTTP routes. Every failure becomes an ApiError whose message can
 * be shown as is: the route's own `{ error: { message } }`, or a plain sentence for network
 * trouble.
 */
import type { CourseResponse, FileContentResponse, FilesResponse, HealthResponse, LastCheckResponse, LessonResponse, OkResponse, StartFromResponse, StartOptionsResponse } from "./api-types";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin", cache: "no-store", ...init });
  } catch {
    throw new ApiError("network", "Cannot reach the workbench server. Check your connection and try again.", 0);
  }
  if (!response.ok) throw await toApiError(response);
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError("bad_response", `The server sent an unreadable answer (HTTP ${response.status}).`, response.status);
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (body.error && typeof body.error.message === "string") {
      return new ApiError(String(body.error.code ?? "error"), body.error.message, response.status);
    }
  } catch {
    // not JSON: fall through to a generic message
  }
  return new ApiError("http_" + response.status, `The server answered HTTP ${response.status} ${response.statusText}.`, response.status);
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
