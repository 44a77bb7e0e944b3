import { afterEach, describe, expect, it, vi } from "vitest";
import { failureIn, postJson } from "./post-json";

const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

describe("postJson's failures in the reader's language", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says a route's catalog error in French, and keeps its English for an English reader", async () => {
    vi.stubGlobal("fetch", answer(401, { error: { code: "unauthorized", message: "That e-mail and password do not match an account.", text: { key: "auth.noMatch" } } }));
    const result = await postJson("/api/auth/sign-in", { email: "a@b.c", password: "x" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(failureIn(result, "fr")).toBe("Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte.");
    expect(failureIn(result, "en")).toBe("That e-mail and password do not match an account.");
  });

  it("shows the English message when the text is malformed or unknown (an answer is data, not trusted)", async () => {
    vi.stubGlobal("fetch", answer(400, { error: { code: "bad_request", message: "Enter your e-mail.", text: { key: 42, values: "<script>" } } }));
    const malformed = await postJson("/api/auth/sign-in", {});
    expect(!malformed.ok && failureIn(malformed, "fr")).toBe("Enter your e-mail.");
    vi.stubGlobal("fetch", answer(400, { error: { code: "bad_request", message: "Enter your e-mail.", text: { key: "no.such.key" } } }));
    const unknown = await postJson("/api/auth/sign-in", {});
    expect(!unknown.ok && failureIn(unknown, "fr")).toBe("Enter your e-mail.");
  });
});
