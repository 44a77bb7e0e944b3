import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { say } from "../../lib/i18n/text-ref";
import { claimsRefusalText } from "./claims-refusal";
import { ltiErrorPage } from "./error-page";
import { launchLocale } from "./launch-locale";
import { CLAIMS, launchClaimsSchema } from "./lti-claims";
import { LtiRefusal } from "./lti-refusal";
import { refusalLocale } from "./refusal-locale";

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: "user-1",
  [CLAIMS.messageType]: "LtiResourceLinkRequest",
  [CLAIMS.version]: "1.3.0",
  [CLAIMS.deploymentId]: "dep-1",
  [CLAIMS.resourceLink]: { id: "rl-1" },
  [CLAIMS.roles]: [],
  [CLAIMS.context]: { id: "course-7" },
  ...extra,
});

/** The refusal verify-launch throws for these claims, and the text of its page (tags removed). */
async function refusedPage(payload: Record<string, unknown>, request: Request) {
  const parsed = launchClaimsSchema.safeParse(payload);
  if (parsed.success) throw new Error("the claims were accepted");
  const refusal = new LtiRefusal("wrong-message", "bad_request", claimsRefusalText(parsed.error.issues, payload));
  refusal.locale = launchLocale(payload);
  const response = ltiErrorPage(refusal.status, refusal.text!, refusalLocale(refusal, request));
  const html = await response.text();
  return {
    response,
    html,
    text: html
      .replace(/<style>[^<]*<\/style>/, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
      .trim(),
  };
}

const ZOD_WORDS = /Invalid input|expected|received|Required|too_small|invalid_type/i;

describe("ltiErrorPage", () => {
  it("shows the reason as text, never as markup, and runs no script", async () => {
    const response = ltiErrorPage(401, say("lti.unknownDeployment", { deployment: `<script>alert("x")</script>` }), "en");
    const html = await response.text();
    expect(response.status).toBe(401);
    expect(html).toContain("The deployment &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; of this LMS is not registered");
    expect(html).not.toContain("<script>");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("says a launch with a malformed claim in French when the launch asks for French, naming the claim in our words", async () => {
    const payload = claims({ [CLAIMS.context]: { id: 7 }, [CLAIMS.launchPresentation]: { locale: "fr-FR" } });
    const { response, html, text } = await refusedPage(payload, new Request("https://wb.example/api/lti/launch", { method: "POST", headers: { "accept-language": "en-US" } }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-language")).toBe("fr");
    expect(html).toContain('<html lang="fr">');
    expect(text).toContain("L’ouverture de l’activité depuis votre plateforme de cours a été refusée");
    expect(text).toContain(
      "L’atelier ne peut pas ouvrir ce que la plateforme de cours a envoyé : son information « context.id » n’a pas la forme que demande LTI 1.3. Demandez à l’administrateur de la plateforme de vérifier les réglages de l’outil.",
    );
    expect(text).toContain("Rien n’a été modifié.");
    expect(text).not.toMatch(ZOD_WORDS);
    expect(text).not.toMatch(/launch|refused|LMS's/);
  });

  it("says a launch that lacks a claim in English for an English browser, and in French for a French one when the launch names no language", async () => {
    const { [CLAIMS.context]: _context, ...withoutContext } = claims();
    const english = await refusedPage(withoutContext, new Request("https://wb.example/api/lti/launch", { headers: { "accept-language": "en-GB,fr;q=0.5" } }));
    expect(english.html).toContain('<html lang="en">');
    expect(english.text).toContain("This launch from your LMS was refused");
    expect(english.text).toContain("The LMS's launch is not one the workbench can open: it lacks the “context” claim.");
    expect(english.text).not.toMatch(ZOD_WORDS);
    const french = await refusedPage(withoutContext, new Request("https://wb.example/api/lti/launch", { headers: { "accept-language": "fr-CA,en;q=0.8" } }));
    expect(french.text).toContain("L’atelier ne peut pas ouvrir ce que la plateforme de cours a envoyé : il y manque l’information « context ».");
    const noLanguage = await refusedPage(withoutContext, new Request("https://wb.example/api/lti/launch"));
    expect(noLanguage.html).toContain('<html lang="en">');
  });

  it("says a launch that is not a resource link in the student's words, not the schema's", async () => {
    const { text } = await refusedPage(claims({ [CLAIMS.messageType]: "LtiDeepLinkingRequest", locale: "fr_FR" }), new Request("https://wb.example/"));
    expect(text).toContain("ce n’est pas l’ouverture d’une activité (LtiResourceLinkRequest)");
  });
});

describe("the language of a refused launch", () => {
  it("is the launch's locale claim when the workbench speaks it, else the wb_locale cookie, else Accept-Language, else English", async () => {
    expect(launchLocale({ [CLAIMS.launchPresentation]: { locale: "fr-CA" } })).toBe("fr");
    expect(launchLocale({ locale: "en_US" })).toBe("en");
    expect(launchLocale({ [CLAIMS.launchPresentation]: { locale: "de-DE" }, locale: "fr" })).toBe("fr");
    expect(launchLocale({ [CLAIMS.launchPresentation]: { locale: "<b>fr</b>" } })).toBeUndefined();
    expect(launchLocale({ [CLAIMS.launchPresentation]: "fr" })).toBeUndefined();
    const refusal = new LtiRefusal("expired", "unauthorized", say("lti.expired"));
    expect(refusalLocale(refusal, new Request("https://wb.example/", { headers: { cookie: "wb_locale=fr", "accept-language": "en" } }))).toBe("fr");
    expect(refusalLocale(refusal, new Request("https://wb.example/", { headers: { "accept-language": "fr" } }))).toBe("fr");
    expect(refusalLocale(new Error("x"), new Request("https://wb.example/"))).toBe("en");
    refusal.locale = "en";
    expect(refusalLocale(refusal, new Request("https://wb.example/", { headers: { cookie: "wb_locale=fr" } }))).toBe("en");
  });

  it("is read from the id_token's claims even when the launch is refused before its signature is checked", async () => {
    const { verifyLaunch } = await import("./verify-launch");
    const idToken = await new SignJWT({ [CLAIMS.launchPresentation]: { locale: "fr-FR" } }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("k".repeat(32)));
    const refusal = await verifyLaunch({ idToken, state: "s".repeat(43) }, null).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LtiRefusal);
    expect((refusal as LtiRefusal).reason).toBe("state-missing");
    expect((refusal as LtiRefusal).locale).toBe("fr");
    const page = await ltiErrorPage(401, (refusal as LtiRefusal).text!, refusalLocale(refusal, new Request("https://wb.example/"))).text();
    expect(page).toContain("Cette ouverture n’a pas commencé dans ce navigateur");
  });
});
