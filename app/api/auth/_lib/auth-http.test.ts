import { describe, expect, it } from "vitest";
import { renderText } from "@/lib/i18n/render-text";
import { hasAppErrorCode } from "@/server/app-error";
import { readValidBody } from "./auth-http";
import { signInBody, signUpBody } from "./schemas";

const post = (body: string) => new Request("http://localhost:3000/api/auth/sign-in", { method: "POST", body, headers: { "content-type": "application/json" } });

async function refusal(request: Request, schema: Parameters<typeof readValidBody>[1]) {
  const error = await readValidBody(request, schema).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!hasAppErrorCode(error, "bad_request") && !hasAppErrorCode(error, "too_large")) throw new Error(`expected a refusal, got ${String(error)}`);
  return { english: error.userMessage, french: error.text && renderText(error.text, "fr") };
}

describe("the account forms' refusals read in French", () => {
  it("a schema's message keeps its English and gains its French (with the number it names)", async () => {
    expect(await refusal(post(JSON.stringify({ email: "", password: "x" })), signInBody)).toEqual({ english: "Enter your e-mail.", french: "Saisissez votre adresse e-mail." });
    expect(await refusal(post(JSON.stringify({ joinCode: "abc", email: "a@b.fr", password: "short" })), signUpBody)).toEqual({
      english: "A password has at least 10 characters.",
      french: "Un mot de passe compte au moins 10 caractères.",
    });
  });

  it("a body that is not the form, or too large, is refused in both languages", async () => {
    expect(await refusal(post("not json"), signInBody)).toEqual({ english: "This form is not valid.", french: "Ce formulaire n’est pas valide." });
    expect(await refusal(post(JSON.stringify({ email: "x".repeat(5000) })), signInBody)).toEqual({ english: "This form is too large.", french: "Ce formulaire est trop volumineux." });
  });
});
