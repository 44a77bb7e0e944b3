/**
 * `npm run admin -- create-user --role admin --email someone@example.org` — makes an account and
 * prints its one-time password once (only its hash is stored). The owner signs in on /sign-in
 * and must choose their own password before anything else. Applies pending migrations first.
 */
import { isAppError } from "../app-error";
import { closeDb } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { createAccountWithOneTimePassword } from "../identity/accounts";
import { createLogger } from "../logger";
import { ADMIN_USAGE, parseAdminArgs } from "./admin-args";

async function main(): Promise<number> {
  const command = parseAdminArgs(process.argv.slice(2));
  if ("error" in command) {
    console.error(`${command.error}\n\n${ADMIN_USAGE}`);
    return 2;
  }
  await migrateDatabase({ log: createLogger({ level: "warn" }) });
  const { account, password } = await createAccountWithOneTimePassword(command.email, command.role);
  console.log(`created ${account.role} account ${account.email}`);
  console.log(`one-time password: ${password}`);
  console.log("Give it to its owner privately: it is shown only now, and must be changed at the first sign-in on /sign-in.");
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
