import { errorTextOf } from "@/app/_components/api-client";
import type { Locale } from "@/lib/i18n/locale";
import { localizedMessage } from "@/lib/i18n/render-text";
import type { TextRef } from "@/lib/i18n/text-ref";

/** The account and class forms' one way to call their routes: JSON in, JSON or the route's error message out (`text`: its catalog message, when the route gave one). */
export type PostResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string; text?: TextRef };

/** A failure's message in the page's language (its English when the route gave no catalog message). */
export const failureIn = (failure: { message: string; text?: TextRef }, locale: Locale): string => localizedMessage(failure.message, failure.text, locale);

export async function postJson<T>(url: string, body: unknown): Promise<PostResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: "Cannot reach the workbench server. Check your connection and try again." };
  }
  const data = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, data: data as T };
  const error = (data as { error?: { message?: unknown; text?: unknown } } | null)?.error;
  const message = error?.message;
  if (typeof message !== "string") return { ok: false, status: response.status, message: `The server answered ${response.status}.` };
  const text = errorTextOf(error);
  return text ? { ok: false, status: response.status, message, text } : { ok: false, status: response.status, message };
}
