/** The operator's commands (`npm run admin -- …`), parsed and checked before anything touches the database. */
import { parseArgs } from "node:util";
import { z } from "zod";
import { ACCOUNT_ROLES, type AccountRole } from "../db/repositories/accounts";
import type { LtiPlatformInput } from "../db/repositories/lti";

export const ADMIN_USAGE = `usage: npm run admin -- create-user --role student|teacher|admin --email someone@example.org
       npm run admin -- lti-register --issuer URL --client-id ID --deployment-id ID [--deployment-id ID…]
                                     --auth-login-url URL --token-url URL --jwks-url URL

create-user   makes an account and prints a one-time password, which its owner must change at
              their first sign-in on /sign-in.
lti-register  registers an LMS (an LTI 1.3 platform) from the values it shows for this tool, or
              adds deployment ids to one already registered; prints the URLs to give the LMS
              (docs/lti.md).`;

export type AdminCommand = { command: "create-user"; role: AccountRole; email: string } | ({ command: "lti-register" } & LtiPlatformInput);

const emailSchema = z.string().trim().max(254).email();

/** https, or http to this machine only (an LMS on loopback, for trying it out). */
function platformUrl(raw: string | undefined): string | null {
  if (!raw || raw.length > 2000 || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  return url.protocol === "https:" || (url.protocol === "http:" && loopback) ? raw : null;
}

/** The command, or an error message for the operator. */
export function parseAdminArgs(argv: string[]): AdminCommand | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: "string" },
        email: { type: "string" },
        issuer: { type: "string" },
        "client-id": { type: "string" },
        "deployment-id": { type: "string", multiple: true },
        "auth-login-url": { type: "string" },
        "token-url": { type: "string" },
        "jwks-url": { type: "string" },
      },
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const [command, ...rest] = parsed.positionals;
  if ((command !== "create-user" && command !== "lti-register") || rest.length > 0) return { error: command ? `unknown command: ${[command, ...rest].join(" ")}` : "no command given" };
  const values = parsed.values;
  if (command === "lti-register") return parseLtiRegister(values);
  if (values.issuer || values["client-id"] || values["deployment-id"] || values["auth-login-url"] || values["token-url"] || values["jwks-url"])
    return { error: "create-user takes only --role and --email" };
  const role = values.role;
  if (!role || !(ACCOUNT_ROLES as readonly string[]).includes(role)) return { error: `--role must be one of ${ACCOUNT_ROLES.join(", ")}` };
  const email = emailSchema.safeParse(values.email ?? "");
  if (!email.success) return { error: "--email must be an e-mail address" };
  return { command, role: role as AccountRole, email: email.data.toLowerCase() };
}

function parseLtiRegister(values: Record<string, string | string[] | boolean | undefined>): AdminCommand | { error: string } {
  if (values.role || values.email) return { error: "lti-register takes no --role or --email" };
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string).trim() : "");
  const issuer = text("issuer");
  if (!issuer || issuer.length > 255) return { error: "--issuer must be the platform's issuer (its `iss`, as the LMS shows it)" };
  const clientId = text("client-id");
  if (!clientId || clientId.length > 255) return { error: "--client-id must be the client id the LMS gave this tool" };
  const deploymentIds = ((values["deployment-id"] as string[] | undefined) ?? []).map((id) => id.trim()).filter(Boolean);
  if (deploymentIds.length === 0 || deploymentIds.some((id) => id.length > 255)) return { error: "--deployment-id must be given at least once (the LMS shows the deployment id of the tool)" };
  const urls: Record<"authLoginUrl" | "tokenUrl" | "jwksUrl", string | null> = {
    authLoginUrl: platformUrl(text("auth-login-url")),
    tokenUrl: platformUrl(text("token-url")),
    jwksUrl: platformUrl(text("jwks-url")),
  };
  for (const [key, flag] of [
    ["authLoginUrl", "--auth-login-url"],
    ["tokenUrl", "--token-url"],
    ["jwksUrl", "--jwks-url"],
  ] as const) {
    if (!urls[key]) return { error: `${flag} must be an https URL (http only to localhost)` };
  }
  return { command: "lti-register", issuer, clientId, deploymentIds: [...new Set(deploymentIds)], authLoginUrl: urls.authLoginUrl!, tokenUrl: urls.tokenUrl!, jwksUrl: urls.jwksUrl! };
}
