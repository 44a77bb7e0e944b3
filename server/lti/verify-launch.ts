/**
 * The launch (LTI 1.3 core §5.1.2, OIDC implicit flow's answer): the id_token the LMS posted is
 * verified before anything is believed. The browser must hold the state cookie of the login; the
 * token must be signed by a key of the registered platform's JWKS (RS256), name it as issuer and
 * us (client id) as audience (and as azp when it names several), be current (exp, iat within 10
 * minutes), carry the nonce that login issued (used once here), a registered deployment, and be
 * an LTI 1.3.0 resource-link launch.
 */
import { decodeJwt, errors, jwtVerify, type JWTPayload } from "jose";
import { consumeLtiNonce, type LtiPlatformRecord } from "../db/repositories/lti";
import { CLAIMS, launchClaimsSchema, toLaunch, type Launch } from "./lti-claims";
import type { Locale } from "../../lib/i18n/locale";
import type { TextKey } from "../../lib/i18n/texts/catalog";
import { say } from "../../lib/i18n/text-ref";
import { claimsRefusalText } from "./claims-refusal";
import { launchLocale } from "./launch-locale";
import { LtiRefusal } from "./lti-refusal";
import { hasStateCookie, isStateShaped } from "./lti-state-cookie";
import { findPlatform, hashState } from "./login-initiation";
import { platformKeySet } from "./platform-jwks";

/** The reason, then: open the activity from your LMS again. */
const again = (key: TextKey) => say("lti.again", { reason: say(key) });

export interface VerifiedLaunch {
  platform: LtiPlatformRecord;
  launch: Launch;
  state: string;
}

/** A refusal says itself in the language the launch asked for, when its id_token can be read and names one. */
export async function verifyLaunch(form: { idToken: string | null; state: string | null }, cookieHeader: string | null): Promise<VerifiedLaunch> {
  try {
    return await verifyForm(form, cookieHeader);
  } catch (error) {
    if (error instanceof LtiRefusal) error.locale ??= askedLocale(form.idToken);
    throw error;
  }
}

function askedLocale(idToken: string | null): Locale | undefined {
  if (!idToken || idToken.length > 32_768) return undefined;
  try {
    return launchLocale(decodeJwt(idToken));
  } catch {
    return undefined;
  }
}

async function verifyForm(form: { idToken: string | null; state: string | null }, cookieHeader: string | null): Promise<VerifiedLaunch> {
  const { idToken, state } = form;
  if (!idToken || !state || idToken.length > 32_768 || !isStateShaped(state)) {
    throw new LtiRefusal("bad-request", "bad_request", again("lti.launchIncomplete"));
  }
  if (!hasStateCookie(cookieHeader, state)) {
    throw new LtiRefusal("state-missing", "unauthorized", say("lti.stateMissing"));
  }
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch (error) {
    throw new LtiRefusal("bad-token", "bad_request", again("lti.notJwt"), error);
  }
  if (typeof unverified.iss !== "string") throw new LtiRefusal("bad-token", "bad_request", again("lti.noIssuer"));
  const audiences = typeof unverified.aud === "string" ? [unverified.aud] : Array.isArray(unverified.aud) ? unverified.aud : [];
  const platform = await findPlatformForAudiences(unverified.iss, audiences);
  const payload = await verifySignedToken(idToken, platform);
  const audience = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
  if ((audience.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LtiRefusal("wrong-audience", "unauthorized", again("lti.otherAzp"));
  }
  const nonce = typeof payload.nonce === "string" ? payload.nonce : "";
  if (!nonce || !(await consumeLtiNonce({ nonce, platformId: platform.id, stateHash: hashState(state) }))) {
    throw new LtiRefusal("nonce-replayed", "unauthorized", again("lti.nonceUsed"));
  }
  const deploymentId = payload[CLAIMS.deploymentId];
  if (typeof deploymentId !== "string" || !platform.deploymentIds.includes(deploymentId)) {
    throw new LtiRefusal("unknown-deployment", "forbidden", say("lti.unknownDeployment", { deployment: String(deploymentId).slice(0, 100) }));
  }
  const claims = launchClaimsSchema.safeParse(payload);
  if (!claims.success) {
    // zod's own words go to the log (the route logs the cause), the student reads ours.
    throw new LtiRefusal(
      "wrong-message",
      "bad_request",
      claimsRefusalText(claims.error.issues, payload),
      claims.error.issues[0] ? `${claims.error.issues[0].path.join(".")}: ${claims.error.issues[0].message}` : claims.error,
    );
  }
  return { platform, launch: toLaunch(claims.data), state };
}

async function findPlatformForAudiences(issuer: string, audiences: unknown[]): Promise<LtiPlatformRecord> {
  const platforms = await Promise.all(audiences.filter((aud): aud is string => typeof aud === "string").map((aud) => findPlatform(issuer, aud).catch(() => null)));
  const found = platforms.find((platform) => platform !== null);
  if (found) return found;
  // Say which: an unknown issuer, or a known one that addressed the token to another client id.
  await findPlatform(issuer, undefined).catch((error: unknown) => {
    if (error instanceof LtiRefusal && error.reason === "unknown-platform") throw error;
  });
  throw new LtiRefusal("wrong-audience", "unauthorized", again("lti.otherAudienceClient"));
}

async function verifySignedToken(idToken: string, platform: LtiPlatformRecord): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, platformKeySet(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "iat", "sub", "nonce"],
      maxTokenAge: "10m",
      clockTolerance: 30,
    });
    return payload;
  } catch (error) {
    throw refusalOf(error);
  }
}

function refusalOf(error: unknown): LtiRefusal {
  if (error instanceof errors.JWTExpired) return new LtiRefusal("expired", "unauthorized", again("lti.expired"), error);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new LtiRefusal("bad-signature", "unauthorized", again("lti.badSignature"), error);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new LtiRefusal("unknown-key", "unauthorized", again("lti.unknownKey"), error);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof Error && !(error instanceof errors.JOSEError))) {
    return new LtiRefusal("platform-keys-unreachable", "engine_unavailable", say("lti.keysUnreachable"), error);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return new LtiRefusal("wrong-audience", "unauthorized", again("lti.otherAudience"), error);
    if (error.claim === "iss") return new LtiRefusal("wrong-issuer", "unauthorized", again("lti.otherIssuer"), error);
    if (error.claim === "iat") return new LtiRefusal("expired", "unauthorized", again("lti.iatOutOfRange"), error);
    return new LtiRefusal("bad-token", "unauthorized", say("lti.again", { reason: say("lti.claimLacking", { claim: error.claim }) }), error);
  }
  return new LtiRefusal("bad-token", "unauthorized", again("lti.unverified"), error);
}
