/**
 * Which web origins count as the workbench itself, for the websocket's Origin check and the CSRF
 * guard. Configured (WB_ALLOWED_ORIGINS): exactly those. Otherwise the origin whose host is the
 * request's Host header (the address the browser used) and http://localhost:PORT.
 */
import type { Config } from "../config";

export interface OriginPolicy {
  /** WB_ALLOWED_ORIGINS, canonical (`new URL(x).origin`); undefined: the default policy. */
  configured?: readonly string[];
  port: number;
}

export function originPolicyOf(config: Pick<Config, "WB_ALLOWED_ORIGINS" | "PORT">): OriginPolicy {
  return { configured: config.WB_ALLOWED_ORIGINS, port: config.PORT };
}

/** True when `origin` (an Origin header) is the workbench's own. */
export function isAllowedOrigin(origin: string | null | undefined, host: string | null | undefined, policy: OriginPolicy): boolean {
  const url = parseUrl(origin);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin === "null") return false;
  if (policy.configured) return policy.configured.includes(url.origin);
  if (url.origin === `http://localhost:${policy.port}`) return true;
  // The page's host must be the host this request was sent to (any scheme: TLS may end at a proxy).
  const requestHost = host ? parseUrl(`${url.protocol}//${host.trim()}`) : undefined;
  return requestHost !== undefined && requestHost.host !== "" && requestHost.host === url.host && requestHost.pathname === "/";
}

function parseUrl(text: string | null | undefined): URL | undefined {
  if (!text) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
