/**
 * Assignment and Grade Services, the tool's side: an access token by the client_credentials grant
 * with a JWT client assertion signed with our key (RFC 7523, as LTI's security framework asks),
 * the step's line item found (by resourceId) or made in the course's line-item container, and a
 * score posted to it. Every request has a timeout; a failure says whether trying again can help.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { LtiPlatformRecord } from "../db/repositories/lti";
import { AGS_SCOPES } from "./lti-claims";
import { getToolKey, TOOL_KEY_ALG } from "./tool-key";

const REQUEST_TIMEOUT_MS = 10_000;
export const LINE_ITEM_TAG = "docker-workbench";
export const stepResourceId = (step: number) => `step-${step}`;

/** A passback that failed: `retryable` when the platform or the network may do better later. */
export class AgsError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const tokens = ((globalThis as { __wbAgsTokens?: Map<string, { token: string; expiresAt: number }> }).__wbAgsTokens ??= new Map());

/** Forgets cached access tokens (tests). */
export const forgetAgsTokensForTests = () => tokens.clear();

/** Forgets the platform's token (after a failure: the platform may have revoked it). */
export const forgetAgsToken = (platformId: string) => tokens.delete(platformId);

async function call(url: string, init: RequestInit, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new AgsError(`${what}: the LMS did not answer (${error instanceof Error ? error.message : String(error)})`, true);
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429 || response.status === 401;
    throw new AgsError(`${what}: the LMS answered HTTP ${response.status}${text ? ` (${text})` : ""}`, retryable);
  }
  return response;
}

/** An access token for the grade service's scopes, reused until a minute before it expires. */
export async function agsAccessToken(platform: LtiPlatformRecord, now = Date.now()): Promise<string> {
  const cached = tokens.get(platform.id);
  if (cached && cached.expiresAt > now + 60_000) return cached.token;
  const key = await getToolKey();
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: TOOL_KEY_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key.privateKey);
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
    scope: `${AGS_SCOPES.lineItem} ${AGS_SCOPES.score}`,
  });
  const response = await call(platform.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body }, "access token");
  const answer = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
  if (typeof answer?.access_token !== "string") throw new AgsError("access token: the LMS's answer has no access_token", true);
  const expiresIn = typeof answer.expires_in === "number" && answer.expires_in > 0 ? answer.expires_in : 3600;
  tokens.set(platform.id, { token: answer.access_token, expiresAt: now + expiresIn * 1000 });
  return answer.access_token;
}

interface LineItem {
  id?: unknown;
  resourceId?: unknown;
  tag?: unknown;
}

const isHttpUrl = (value: unknown): value is string => typeof value === "string" && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

/** The step's line item in the course's container: the one with our resourceId (and tag), or a new one. */
export async function findOrCreateLineItem(token: string, lineItemsUrl: string, input: { step: number; label: string; scoreMaximum: number }): Promise<string> {
  const auth = { authorization: `Bearer ${token}` };
  const query = new URL(lineItemsUrl);
  query.searchParams.set("resource_id", stepResourceId(input.step));
  const listed = await call(query.toString(), { headers: { ...auth, accept: "application/vnd.ims.lis.v2.lineitemcontainer+json" } }, "line items");
  const items = ((await listed.json().catch(() => [])) as LineItem[]) ?? [];
  const found = Array.isArray(items) ? items.find((item) => item.resourceId === stepResourceId(input.step) && (item.tag === undefined || item.tag === LINE_ITEM_TAG)) : undefined;
  if (found && isHttpUrl(found.id)) return found.id;
  const created = await call(
    lineItemsUrl,
    {
      method: "POST",
      headers: { ...auth, "content-type": "application/vnd.ims.lis.v2.lineitem+json", accept: "application/vnd.ims.lis.v2.lineitem+json" },
      body: JSON.stringify({ label: input.label, scoreMaximum: input.scoreMaximum, resourceId: stepResourceId(input.step), tag: LINE_ITEM_TAG }),
    },
    "new line item",
  );
  const item = (await created.json().catch(() => null)) as LineItem | null;
  if (!isHttpUrl(item?.id)) throw new AgsError("new line item: the LMS's answer has no line item URL (id)", true);
  return item.id;
}

/** `…/lineitems/7` → `…/lineitems/7/scores`, keeping any query string. */
export function scoresUrlOf(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/scores`;
  return url.toString();
}

export interface AgsScore {
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  timestamp: Date;
  comment: string;
}

export async function postScore(token: string, lineItemUrl: string, score: AgsScore): Promise<void> {
  await call(
    scoresUrlOf(lineItemUrl),
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.ims.lis.v1.score+json" },
      body: JSON.stringify({
        userId: score.userId,
        scoreGiven: score.scoreGiven,
        scoreMaximum: score.scoreMaximum,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
        timestamp: score.timestamp.toISOString(),
        comment: score.comment,
      }),
    },
    "score",
  );
}
