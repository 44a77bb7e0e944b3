/**
 * OIDC third-party login initiation (LTI 1.3 core §5.1.1): the LMS sends the browser here with its
 * issuer and a login hint; we answer with a redirect to the platform's authorization endpoint,
 * carrying a fresh state (also put in the browser's cookie) and a fresh nonce (stored, used once
 * by the launch that brings it back).
 */
import { createHash, randomBytes } from "node:crypto";
import { createLtiNonce, listLtiPlatformsByIssuer, type LtiPlatformRecord } from "../db/repositories/lti";
import { say } from "../../lib/i18n/text-ref";
import { LtiRefusal } from "./lti-refusal";
import { STATE_TTL_SECONDS } from "./lti-state-cookie";

export const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

const param = (params: URLSearchParams, name: string, max = 2048): string | undefined => {
  const value = params.get(name)?.trim();
  if (value && value.length > max) throw new LtiRefusal("bad-request", "bad_request", say("lti.paramTooLong", { name }));
  return value || undefined;
};

/** The platform a login or launch names: by issuer, and by client id when the issuer has several. */
export async function findPlatform(issuer: string, clientId: string | undefined): Promise<LtiPlatformRecord> {
  const candidates = (await listLtiPlatformsByIssuer(issuer)).filter((platform) => clientId === undefined || platform.clientId === clientId);
  if (candidates.length === 0) {
    throw new LtiRefusal(
      "unknown-platform",
      "forbidden",
      clientId ? say("lti.unknownPlatformClient", { issuer: issuer.slice(0, 200), clientId: clientId.slice(0, 100) }) : say("lti.unknownPlatform", { issuer: issuer.slice(0, 200) }),
    );
  }
  if (candidates.length > 1) throw new LtiRefusal("ambiguous-platform", "bad_request", say("lti.ambiguousPlatform"));
  return candidates[0]!;
}

export interface LoginRedirect {
  redirectUrl: string;
  state: string;
  platformId: string;
}

/** `launchUrl`: our /api/lti/launch as the LMS knows it (the redirect_uri registered there). */
export async function initiateLogin(params: URLSearchParams, launchUrl: string, now = new Date()): Promise<LoginRedirect> {
  const issuer = param(params, "iss");
  const loginHint = param(params, "login_hint");
  const targetLinkUri = param(params, "target_link_uri");
  if (!issuer || !loginHint || !targetLinkUri) throw new LtiRefusal("bad-request", "bad_request", say("lti.loginIncomplete"));
  const target = URL.canParse(targetLinkUri) ? new URL(targetLinkUri) : null;
  if (!target || target.origin !== new URL(launchUrl).origin) {
    throw new LtiRefusal("bad-request", "bad_request", say("lti.targetElsewhere"));
  }
  const platform = await findPlatform(issuer, param(params, "client_id", 255));
  const deploymentId = param(params, "lti_deployment_id", 255);
  if (deploymentId !== undefined && !platform.deploymentIds.includes(deploymentId)) {
    throw new LtiRefusal("unknown-deployment", "forbidden", say("lti.unknownDeployment", { deployment: deploymentId.slice(0, 100) }));
  }
  const state = randomBytes(32).toString("base64url");
  const nonce = randomBytes(32).toString("base64url");
  await createLtiNonce({ nonce, platformId: platform.id, stateHash: hashState(state), expiresAt: new Date(now.getTime() + STATE_TTL_SECONDS * 1000) });
  const redirect = new URL(platform.authLoginUrl);
  const query = {
    scope: "openid",
    response_type: "id_token",
    response_mode: "form_post",
    prompt: "none",
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: loginHint,
    state,
    nonce,
  };
  for (const [name, value] of Object.entries(query)) redirect.searchParams.set(name, value);
  const messageHint = param(params, "lti_message_hint");
  if (messageHint) redirect.searchParams.set("lti_message_hint", messageHint);
  return { redirectUrl: redirect.toString(), state, platformId: platform.id };
}
