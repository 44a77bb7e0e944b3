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
import { LtiRefusal } from "./lti-refusal";
import { hasStateCookie, isStateShaped } from "./lti-state-cookie";
import { findPlatform, hashState } from "./login-initiation";
import { platformKeySet } from "./platform-jwks";

const AGAIN = "Open the activity from your LMS again.";

export interface VerifiedLaunch {
  platform: LtiPlatformRecord;
  launch: Launch;
  state: string;
}

export async function verifyLaunch(form: { idToken: string | null; state: string | null }, cookieHeader: string | null): Promise<VerifiedLaunch> {
  const { idToken, state } = form;
  if (!idToken || !state || idToken.length > 32_768 || !isStateShaped(state)) {
    throw new LtiRefusal("bad-request", "bad_request", `This launch has no id_token or state from the LMS. ${AGAIN}`);
  }
  if (!hasStateCookie(cookieHeader, state)) {
    throw new LtiRefusal(
      "state-missing",
      "unauthorized",
      `This launch did not start in this browser, or took more than 10 minutes (its state cookie is missing). ${AGAIN} If your LMS opens the workbench inside its page, set the tool to open in a new window.`,
    );
  }
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch (error) {
    throw new LtiRefusal("bad-token", "bad_request", `The LMS sent an id_token that is not a JWT. ${AGAIN}`, error);
  }
  if (typeof unverified.iss !== "string") throw new LtiRefusal("bad-token", "bad_request", `The LMS's id_token names no issuer. ${AGAIN}`);
  const audiences = typeof unverified.aud === "string" ? [unverified.aud] : Array.isArray(unverified.aud) ? unverified.aud : [];
  const platform = await findPlatformForAudiences(unverified.iss, audiences);
  const payload = await verifySignedToken(idToken, platform);
  const audience = typeof payload.aud === "string" ? [payload.aud] : (payload.aud ?? []);
  if ((audience.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LtiRefusal("wrong-audience", "unauthorized", `The id_token was issued to another tool (azp). ${AGAIN}`);
  }
  const nonce = typeof payload.nonce === "string" ? payload.nonce : "";
  if (!nonce || !(await consumeLtiNonce({ nonce, platformId: platform.id, stateHash: hashState(state) }))) {
    throw new LtiRefusal("nonce-replayed", "unauthorized", `This launch was already used, or its login expired (nonce unknown or used). ${AGAIN}`);
  }
  const deploymentId = payload[CLAIMS.deploymentId];
  if (typeof deploymentId !== "string" || !platform.deploymentIds.includes(deploymentId)) {
    throw new LtiRefusal(
      "unknown-deployment",
      "forbidden",
      `The deployment ${String(deploymentId).slice(0, 100)} of this LMS is not registered with this workbench. Ask its administrator to add it (npm run admin -- lti-register).`,
    );
  }
  const claims = launchClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new LtiRefusal("wrong-message", "bad_request", `The LMS's launch is not one the workbench can open: ${claims.error.issues[0]?.message ?? "its claims are not valid"}`);
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
  throw new LtiRefusal("wrong-audience", "unauthorized", `The id_token is addressed to another tool (its audience is not this workbench's client id). ${AGAIN}`);
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
  if (error instanceof errors.JWTExpired) return new LtiRefusal("expired", "unauthorized", `The LMS's id_token has expired. ${AGAIN}`, error);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new LtiRefusal("bad-signature", "unauthorized", `The id_token's signature does not match the LMS's keys: it was not signed by the registered LMS. ${AGAIN}`, error);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new LtiRefusal("unknown-key", "unauthorized", `The id_token is signed with a key the LMS does not publish (JWKS). ${AGAIN}`, error);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof Error && !(error instanceof errors.JOSEError))) {
    return new LtiRefusal(
      "platform-keys-unreachable",
      "engine_unavailable",
      "The workbench could not read the LMS's public keys (JWKS URL) to check this launch. Try again in a moment; if it persists, tell the administrator.",
      error,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return new LtiRefusal("wrong-audience", "unauthorized", `The id_token is addressed to another tool. ${AGAIN}`, error);
    if (error.claim === "iss") return new LtiRefusal("wrong-issuer", "unauthorized", `The id_token comes from another issuer than the registered LMS. ${AGAIN}`, error);
    if (error.claim === "iat") return new LtiRefusal("expired", "unauthorized", `The LMS's id_token is too old or dated in the future (iat). ${AGAIN}`, error);
    return new LtiRefusal("bad-token", "unauthorized", `The id_token lacks a required claim (${error.claim}). ${AGAIN}`, error);
  }
  return new LtiRefusal("bad-token", "unauthorized", `The LMS's id_token could not be verified. ${AGAIN}`, error);
}
