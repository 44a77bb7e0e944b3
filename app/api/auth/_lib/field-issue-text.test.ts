/** A form refused by its schema answers in our words, in both languages: never zod's own English on a French page. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toErrorResponse } from "@/server/app-error";
import { renderText } from "@/lib/i18n/render-text";
import { readValidBody } from "./auth-http";
import { createClassBody, deadlineBody, apiTokenBody } from "./schemas";

/** The refusal of `body` by `schema`, as the teacher's page shows it in each language. */
async function refusal(schema: z.ZodType, body: unknown): Promise<{ en: string; fr: string | undefined }> {
  const request = new Request("http://localhost:3000/api/classes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const error = await readValidBody(request, schema).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  const { status, body: answer } = toErrorResponse(error);
  expect(status).toBe(400);
  expect(answer.error.text).toBeDefined();
  return { en: answer.error.message, fr: renderText(answer.error.text!, "fr") };
}

describe("a form field refused in zod's own words", () => {
  it("names the field and what it must be, in French too (zod's English said 'Invalid input: expected string, received number')", async () => {
    expect(await refusal(createClassBody, { name: 5, steps: [1] })).toEqual({ en: "The field “name” must be a text.", fr: "Le champ « name » doit être un texte." });
    expect(await refusal(createClassBody, { name: "3A", steps: "all" })).toEqual({ en: "The field “steps” must be a list.", fr: "Le champ « steps » doit être une liste." });
  });

  it("names a missing field as missing, and a list's item by its place counted from 1", async () => {
    expect(await refusal(createClassBody, { steps: [1] })).toEqual({ en: "The field “name” is missing.", fr: "Le champ « name » manque." });
    expect(await refusal(createClassBody, { name: "3A", steps: [1, 2, 400] })).toEqual({
      en: "The field “steps 3” has a value that is not allowed.",
      fr: "Le champ « steps 3 » a une valeur qui n’est pas permise.",
    });
  });

  it("keeps the teacher forms' own messages, said in French from the catalog", async () => {
    expect(await refusal(createClassBody, { name: "  ", steps: [1] })).toEqual({ en: "Give the class a name.", fr: "Donnez un nom à la classe." });
    expect(await refusal(createClassBody, { name: "x".repeat(101), steps: [1] })).toEqual({ en: "A class name has at most 100 characters.", fr: "Un nom de classe compte au plus 100 caractères." });
    expect(await refusal(apiTokenBody, { name: "" })).toEqual({ en: "Name the token (what script uses it).", fr: "Nommez le jeton (le script qui s’en sert)." });
    expect(await refusal(deadlineBody, { step: 1, dueAt: "tomorrow" })).toEqual({
      en: "The due date must be a date and time with its time zone.",
      fr: "La date limite doit être une date et une heure avec leur fuseau horaire.",
    });
  });

  it("says a wrong choice in a tagged body (a re-grade's action) in our words", async () => {
    const body = z.discriminatedUnion("action", [z.object({ action: z.literal("apply"), id: z.string() }), z.object({ action: z.literal("cancel"), id: z.string() })]);
    const said = await refusal(body, { action: "delete", id: "x" });
    expect(said.fr).toBe("Le champ « action » a une valeur qui n’est pas permise.");
    expect(said.en).not.toMatch(/Invalid|expected/);
  });
});
