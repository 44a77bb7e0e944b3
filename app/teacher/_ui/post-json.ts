import { errorTextOf } from "@/app/_components/api-client";
import type { Locale } from "@/lib/i18n/locale";
import { englishOf, localizedMessage } from "@/lib/i18n/render-text";
import { say, type TextRef } from "@/lib/i18n/text-ref";

/** The account and class forms' one way to call their routes: JSON in, JSON or the route's error message out (`text`: its catalog message, when the route gave one). */
export type PostResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string; text?: TextRef };

/** A failure's message in the page's language (its English when the route gave no catalog message). */
export const failureIn = (failure: { message: string; text?: TextRef }, locale: Locale): string => localizedMessage(failure.message, failure.text, locale);

/** A failure of the browser's own (no answer, or one that is not the route's JSON), said by the catalog. */
const ownFailure = (status: number, text: TextRef): PostResult<never> => ({ ok: false, status, message: englishOf(text), text });

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
    return ownFailure(0, say("client.unreachable"));
  }
  const data = (await response.json().catch(() => undefined)) as unknown;
  // Every route these forms call answers JSON: a success without it is a proxy's page, not the route's answer.
  if (response.ok) return data === undefined ? ownFailure(response.status, say("client.unreadable", { status: response.status })) : { ok: true, data: data as T };
  const error = (data as { error?: { message?: unknown; text?: unknown } } | null)?.error;
  const message = error?.message;
  if (typeof message !== "string") return ownFailure(response.status, say("client.failed", { status: response.status }));
  const text = errorTextOf(error);
  return text ? { ok: false, status: response.status, message, text } : { ok: false, status: response.status, message };
}
