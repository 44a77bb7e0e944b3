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

  it("says its own failures in French too: no answer, a success that is not JSON, an error without the route's message", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    const unreachable = await postJson("/api/classes", { name: "A" });
    expect(!unreachable.ok && failureIn(unreachable, "fr")).toBe("Le serveur de l’atelier ne répond pas. Vérifiez votre connexion, puis réessayez.");
    expect(!unreachable.ok && failureIn(unreachable, "en")).toBe("Cannot reach the workbench server. Check your connection and try again.");
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response("<html>login portal</html>", { status: 200 })));
    const unreadable = await postJson("/api/classes", { name: "A" });
    expect(unreadable.ok).toBe(false);
    expect(!unreadable.ok && failureIn(unreadable, "fr")).toBe("Le serveur a envoyé une réponse illisible (HTTP 200).");
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response("Bad Gateway", { status: 502 })));
    const failed = await postJson("/api/classes", { name: "A" });
    expect(!failed.ok && failureIn(failed, "fr")).toBe("Le serveur n’a pas pu répondre à cette requête (HTTP 502). Réessayez.");
  });
});
