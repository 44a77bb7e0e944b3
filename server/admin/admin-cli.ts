/**
 * `npm run admin -- create-user --role admin --email someone@example.org` — makes an account and
 * prints its one-time password once (only its hash is stored). The owner signs in on /sign-in
 * and must choose their own password before anything else.
 * `npm run admin -- lti-register …` — registers an LMS for LTI 1.3 launches (docs/lti.md) and
 * prints what to give it. Applies pending migrations first.
 */
import { isAppError } from "../app-error";
import { getConfig } from "../config";
import { closeDb } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { upsertLtiPlatform } from "../db/repositories/lti";
import { createAccountWithOneTimePassword } from "../identity/accounts";
import { createLogger } from "../logger";
import { getToolKey } from "../lti/tool-key";
import { toolUrls } from "../lti/tool-origin";
import { ADMIN_USAGE, parseAdminArgs, type AdminCommand } from "./admin-args";

async function main(): Promise<number> {
  const command = parseAdminArgs(process.argv.slice(2));
  if ("error" in command) {
    console.error(`${command.error}\n\n${ADMIN_USAGE}`);
    return 2;
  }
  await migrateDatabase({ log: createLogger({ level: "warn" }) });
  if (command.command === "lti-register") return registerLtiPlatform(command);
  const { account, password } = await createAccountWithOneTimePassword(command.email, command.role);
  console.log(`created ${account.role} account ${account.email}`);
  console.log(`one-time password: ${password}`);
  console.log("Give it to its owner privately: it is shown only now, and must be changed at the first sign-in on /sign-in.");
  return 0;
}

async function registerLtiPlatform(command: Extract<AdminCommand, { command: "lti-register" }>): Promise<number> {
  const { command: _, ...input } = command;
  const platform = await upsertLtiPlatform(input);
  const key = await getToolKey();
  const origin = getConfig().WB_ALLOWED_ORIGINS?.[0];
  const urls = toolUrls(origin ?? "https://YOUR-WORKBENCH");
  console.log(`registered LMS ${platform.issuer} (client id ${platform.clientId}); deployment ids: ${platform.deploymentIds.join(", ")}`);
  console.log(`tool key: ${key.kid} (RS256; its private half stays in the database)`);
  console.log("Give the LMS these URLs for the tool (docs/lti.md):");
  console.log(`  Tool URL / target link URI / redirection URI: ${urls.launch}`);
  console.log(`  Initiate login URL:                           ${urls.login}`);
  console.log(`  Public keyset URL (JWKS):                     ${urls.jwks}`);
  if (!origin) console.log("(WB_ALLOWED_ORIGINS is not set: replace https://YOUR-WORKBENCH with the address students use.)");
  return 0;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(isAppError(error) ? error.userMessage : error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  })
  .finally(() => closeDb());
