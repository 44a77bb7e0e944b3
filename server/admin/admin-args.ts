/** The operator's commands (`npm run admin -- …`), parsed and checked before anything touches the database. */
import { parseArgs } from "node:util";
import { z } from "zod";
import { ACCOUNT_ROLES, type AccountRole } from "../db/repositories/accounts";

export const ADMIN_USAGE = `usage: npm run admin -- create-user --role student|teacher|admin --email someone@example.org

create-user   makes an account and prints a one-time password, which its owner must change at
              their first sign-in on /sign-in.`;

export type AdminCommand = { command: "create-user"; role: AccountRole; email: string };

const emailSchema = z.string().trim().max(254).email();

/** The command, or an error message for the operator. */
export function parseAdminArgs(argv: string[]): AdminCommand | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { role: { type: "string" }, email: { type: "string" } } });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const [command, ...rest] = parsed.positionals;
  if (command !== "create-user" || rest.length > 0) return { error: command ? `unknown command: ${[command, ...rest].join(" ")}` : "no command given" };
  const role = parsed.values.role;
  if (!role || !(ACCOUNT_ROLES as readonly string[]).includes(role)) return { error: `--role must be one of ${ACCOUNT_ROLES.join(", ")}` };
  const email = emailSchema.safeParse(parsed.values.email ?? "");
  if (!email.success) return { error: "--email must be an e-mail address" };
  return { command, role: role as AccountRole, email: email.data.toLowerCase() };
}
