/**
 * Password hashing: argon2id (memory-hard, so a stolen database is slow to brute-force even on
 * GPUs) with OWASP's minimum parameters, 19 MiB of memory and 2 passes (about 0.2 s on one core
 * here). The PHC string stores its parameters, so raising them later still verifies old hashes.
 */
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

/** Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** What a chosen password must be: long enough to resist guessing, short enough to hash cheaply. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `A password has at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters.`);

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for a malformed hash (never throws on the stored value). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Verified against when the e-mail is unknown, so a sign-in takes as long whether or not the
 * account exists (the answer time does not tell which e-mails have accounts).
 */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, password);
  return false;
}

const READABLE = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: read aloud or copied by hand

/** A random one-time password (20 characters, about 99 bits), for the admin CLI. */
export function newOneTimePassword(): string {
  const bytes = randomBytes(20);
  let out = "";
  for (const byte of bytes) out += READABLE[byte % READABLE.length];
  return out.match(/.{1,5}/g)!.join("-");
}
