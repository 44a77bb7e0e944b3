import { toolJwks } from "@/server/lti/tool-key";
import { respond } from "../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Our tool's public key, for the platforms that verify our client assertions. Never the private half. */
export function GET(): Promise<Response> {
  return respond(async () => Response.json(await toolJwks(), { headers: { "cache-control": "public, max-age=300" } }));
}
