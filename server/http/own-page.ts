/**
 * Whether a request was sent by the workbench's own page: the one rule of the CSRF guard of every
 * route that changes something (app/api/_lib/http.ts assertSameSite) and of the step page's early
 * engine request (./prewarm-request.ts). Written down in docs/security.md ("Requests from the
 * workbench's own page"):
 * - `Sec-Fetch-Site`, which the browser sets and a page cannot, decides when present:
 *   "same-origin" passes; "none" (an address typed or a bookmark) passes for GET and HEAD only;
 *   anything else ("same-site": a student's preview on another port; "cross-site") is refused.
 * - Without it (a browser older than Fetch Metadata), the `Origin` must be one of the workbench's
 *   origins (./allowed-origins.ts); "null" is none of them.
 * - With neither, the request is refused. No `Referer` is asked instead: every browser that
 *   lacks Sec-Fetch-Site sends Origin with the requests that change something, so a Referer alone
 *   comes from something else (a script, a stripped Origin), and is the weaker proof.
 */
import { isAllowedOrigin, type OriginPolicy } from "./allowed-origins";

/** The parts of a request the rule reads, as either kind of request carries them. */
export interface OwnPageHeaders {
  method: string | undefined;
  secFetchSite: string | null | undefined;
  origin: string | null | undefined;
  host: string | null | undefined;
}

export function isFromOwnPage(request: OwnPageHeaders, policy: OriginPolicy): boolean {
  const site = request.secFetchSite;
  if (site !== null && site !== undefined) return site === "same-origin" || (site === "none" && (request.method === "GET" || request.method === "HEAD"));
  return isAllowedOrigin(request.origin, request.host, policy);
}
