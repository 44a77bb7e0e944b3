import { afterEach, describe, expect, it, vi } from "vitest";
import { api, errorMessage } from "./api-client";

/** What the page shows for the failure of a call, in each language. */
async function failureOf(call: () => Promise<unknown>): Promise<{ en: string; fr: string }> {
  const error = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeDefined();
  return { en: errorMessage(error, "en"), fr: errorMessage(error, "fr") };
}

describe("the workbench's calls fail in the reader's language when no route answered as it should", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("says that the server cannot be reached when fetch itself fails", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    expect(await failureOf(() => api.listFiles(1))).toEqual({
      en: "Cannot reach the workbench server. Check your connection and try again.",
      fr: "Le serveur de l’atelier ne répond pas. Vérifiez votre connexion, puis réessayez.",
    });
  });

  it("says that a success which is not JSON (a proxy's page) is unreadable", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response("<html>portal</html>", { status: 200 })));
    expect(await failureOf(() => api.getCourse())).toEqual({ en: "The server sent an unreadable answer (HTTP 200).", fr: "Le serveur a envoyé une réponse illisible (HTTP 200)." });
  });

  it("says an error without the route's own message by its status only (a gateway's English status text is not shown)", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response("upstream down", { status: 502, statusText: "Bad Gateway" })));
    const said = await failureOf(() => api.readFile("1_x/Dockerfile"));
    expect(said.fr).toBe("Le serveur n’a pas pu répondre à cette requête (HTTP 502). Réessayez.");
    expect(said.en).toBe("The server could not answer this request (HTTP 502). Try again.");
  });
});
