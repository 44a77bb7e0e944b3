/** The account and class forms' one way to call their routes: JSON in, JSON or the route's error message out. */
export type PostResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

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
  const message = (data as { error?: { message?: unknown } } | null)?.error?.message;
  return { ok: false, status: response.status, message: typeof message === "string" ? message : `The server answered ${response.status}.` };
}
