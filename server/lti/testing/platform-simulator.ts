/**
 * A small LTI 1.3 platform (an LMS) for the tests, on loopback: its own RSA key pair and JWKS, an
 * OIDC authorization endpoint that answers a login with a signed id_token (in the form an LMS
 * auto-posts), a token endpoint that checks the tool's client assertion against the tool's JWKS,
 * and AGS line-item and score endpoints that record what they receive. Launches can be tampered
 * with (another audience, deployment, message type, an expired token, a foreign key) to test refusals.
 */
import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JSONWebKeySet } from "jose";
import { AGS_SCOPES, CLAIMS } from "../lti-claims";
import { listenOnFreePort } from "../../http/testing/listen";

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
export const ROLES = { instructor: `${MEMBERSHIP}Instructor`, learner: `${MEMBERSHIP}Learner` } as const;

export interface SimulatedLaunch {
  sub: string;
  name?: string;
  roles: string[];
  contextId: string;
  contextTitle?: string;
  resourceLinkId?: string;
  custom?: Record<string, string>;
  /** With no grade service claim when false. Default true. */
  ags?: boolean;
  tamper?: {
    audience?: string;
    deploymentId?: string;
    messageType?: string;
    /** Seconds from now; negative for a token already expired. */
    expiresIn?: number;
    /** Signed with a key the JWKS does not publish, under the published key's kid. */
    foreignKey?: boolean;
    nonce?: string;
  };
}

export interface RecordedScore {
  lineItemId: string;
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  comment?: string;
}

export interface RecordedLineItem {
  id: string;
  contextId: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
}

export interface PlatformSimulator extends AsyncDisposable {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authLoginUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  lineItemsUrl(contextId: string): string;
  /** The login initiation's parameters for a launch, as the LMS would send them to `toolLoginTarget`. */
  loginParams(launch: SimulatedLaunch, targetLinkUri: string): URLSearchParams;
  scores: RecordedScore[];
  lineItems: RecordedLineItem[];
  tokenRequests: { ok: boolean; scope: string; error?: string }[];
  /** The next `count` score posts answer `status`. */
  failScores(count: number, status: number): void;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  clientId?: string;
  deploymentId?: string;
  /** The tool's public keys (its /api/lti/jwks), to check client assertions with. */
  toolJwks: () => Promise<JSONWebKeySet>;
}

export async function startPlatformSimulator(options: SimulatorOptions): Promise<PlatformSimulator> {
  const clientId = options.clientId ?? "workbench-client";
  const deploymentId = options.deploymentId ?? "deployment-1";
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const foreign = await generateKeyPair("RS256");
  const kid = randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const launches = new Map<string, SimulatedLaunch>();
  const accessTokens = new Set<string>();
  const scores: RecordedScore[] = [];
  const lineItems: RecordedLineItem[] = [];
  const tokenRequests: PlatformSimulator["tokenRequests"] = [];
  let scoreFailures: { count: number; status: number } = { count: 0, status: 500 };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  const { url: base, close } = await listenOnFreePort(server);
  const issuer = base;
  const tokenUrl = `${base}/token`;
  const lineItemsUrl = (contextId: string) => `${base}/contexts/${encodeURIComponent(contextId)}/lineitems`;

  async function idToken(launch: SimulatedLaunch, nonce: string): Promise<string> {
    const tamper = launch.tamper ?? {};
    const claims: Record<string, unknown> = {
      nonce: tamper.nonce ?? nonce,
      name: launch.name,
      [CLAIMS.messageType]: tamper.messageType ?? "LtiResourceLinkRequest",
      [CLAIMS.version]: "1.3.0",
      [CLAIMS.deploymentId]: tamper.deploymentId ?? deploymentId,
      [CLAIMS.targetLinkUri]: "",
      [CLAIMS.resourceLink]: { id: launch.resourceLinkId ?? "resource-1" },
      [CLAIMS.roles]: launch.roles,
      [CLAIMS.context]: { id: launch.contextId, title: launch.contextTitle ?? "Docker course" },
      [CLAIMS.custom]: launch.custom ?? {},
    };
    if (launch.ags !== false) claims[CLAIMS.ags] = { scope: [AGS_SCOPES.lineItem, AGS_SCOPES.score], lineitems: lineItemsUrl(launch.contextId) };
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = tamper.expiresIn ?? 300;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(issuer)
      .setSubject(launch.sub)
      .setAudience(tamper.audience ?? clientId)
      .setIssuedAt(expiresIn < 0 ? now + expiresIn - 60 : now)
      .setExpirationTime(now + expiresIn)
      .sign(tamper.foreignKey ? foreign.privateKey : (privateKey as CryptoKey));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    const body = await readBody(req);
    if (req.method === "GET" && url.pathname === "/jwks") return send(res, 200, { keys: [publicJwk] });
    if (req.method === "GET" && url.pathname === "/auth") return authorize(url.searchParams, res);
    if (req.method === "POST" && url.pathname === "/token") return token(new URLSearchParams(body), res);
    const items = url.pathname.match(/^\/contexts\/([^/]+)\/lineitems$/);
    if (items) return lineItemContainer(req.method ?? "GET", decodeURIComponent(items[1]!), url, body, req, res);
    const scorePath = url.pathname.match(/^\/lineitems\/([^/]+)\/scores$/);
    if (scorePath && req.method === "POST") return score(`${base}/lineitems/${scorePath[1]}`, body, req, res);
    send(res, 404, { error: "not found" });
  }

  async function authorize(params: URLSearchParams, res: http.ServerResponse): Promise<void> {
    const launch = launches.get(params.get("login_hint") ?? "");
    const problems = [
      params.get("scope") !== "openid" && "scope",
      params.get("response_type") !== "id_token" && "response_type",
      params.get("response_mode") !== "form_post" && "response_mode",
      params.get("client_id") !== clientId && "client_id",
      !params.get("redirect_uri") && "redirect_uri",
      !params.get("nonce") && "nonce",
      !params.get("state") && "state",
      !launch && "login_hint",
    ].filter(Boolean);
    if (problems.length > 0) return send(res, 400, { error: `invalid_request: ${problems.join(", ")}` });
    const token = await idToken(launch!, params.get("nonce")!);
    // What an LMS answers: a page that posts id_token and state to the redirect_uri.
    const html = `<form method="post" action="${params.get("redirect_uri")}"><input type="hidden" name="id_token" value="${token}"><input type="hidden" name="state" value="${params.get("state")}"></form><script>document.forms[0].submit()</script>`;
    res.writeHead(200, { "content-type": "text/html" }).end(html);
  }

  async function token(params: URLSearchParams, res: http.ServerResponse): Promise<void> {
    const scope = params.get("scope") ?? "";
    const refuse = (error: string) => {
      tokenRequests.push({ ok: false, scope, error });
      send(res, 400, { error });
    };
    if (params.get("grant_type") !== "client_credentials") return refuse("unsupported_grant_type");
    if (params.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") return refuse("invalid_client: assertion type");
    try {
      const { payload } = await jwtVerify(params.get("client_assertion") ?? "", createLocalJWKSet(await options.toolJwks()), {
        issuer: clientId,
        subject: clientId,
        audience: tokenUrl,
        algorithms: ["RS256"],
      });
      if (typeof payload.jti !== "string") return refuse("invalid_client: no jti");
    } catch (error) {
      return refuse(`invalid_client: ${error instanceof Error ? error.message : String(error)}`);
    }
    const accessToken = randomBytes(24).toString("base64url");
    accessTokens.add(accessToken);
    tokenRequests.push({ ok: true, scope });
    send(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: 3600, scope });
  }

  function authorized(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    return header.startsWith("Bearer ") && accessTokens.has(header.slice(7));
  }

  function lineItemContainer(method: string, contextId: string, url: URL, body: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!authorized(req)) return send(res, 401, { error: "unauthorized" });
    if (method === "GET") {
      const resourceId = url.searchParams.get("resource_id");
      return send(
        res,
        200,
        lineItems.filter((item) => item.contextId === contextId && (!resourceId || item.resourceId === resourceId)),
      );
    }
    if (req.headers["content-type"] !== "application/vnd.ims.lis.v2.lineitem+json") return send(res, 415, { error: "content type" });
    const input = JSON.parse(body) as Omit<RecordedLineItem, "id" | "contextId">;
    if (typeof input.label !== "string" || !(input.scoreMaximum > 0)) return send(res, 400, { error: "label and scoreMaximum > 0 are required" });
    const item: RecordedLineItem = { ...input, id: `${base}/lineitems/${lineItems.length + 1}`, contextId };
    lineItems.push(item);
    send(res, 201, item);
  }

  function score(lineItemId: string, body: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!authorized(req)) return send(res, 401, { error: "unauthorized" });
    if (req.headers["content-type"] !== "application/vnd.ims.lis.v1.score+json") return send(res, 415, { error: "content type" });
    if (!lineItems.some((item) => item.id === lineItemId)) return send(res, 404, { error: "no such line item" });
    if (scoreFailures.count > 0) {
      scoreFailures = { ...scoreFailures, count: scoreFailures.count - 1 };
      return send(res, scoreFailures.status, { error: "simulated failure" });
    }
    scores.push({ lineItemId, ...(JSON.parse(body) as Omit<RecordedScore, "lineItemId">) });
    res.writeHead(204).end();
  }

  return {
    issuer,
    clientId,
    deploymentId,
    authLoginUrl: `${base}/auth`,
    tokenUrl,
    jwksUrl: `${base}/jwks`,
    lineItemsUrl,
    loginParams(launch, targetLinkUri) {
      const loginHint = randomUUID();
      launches.set(loginHint, launch);
      return new URLSearchParams({ iss: issuer, login_hint: loginHint, target_link_uri: targetLinkUri, client_id: clientId, lti_deployment_id: deploymentId });
    },
    scores,
    lineItems,
    tokenRequests,
    failScores(count, status) {
      scoreFailures = { count, status };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}
