/**
 * better-auth underneath our accounts (server/identity/accounts.ts is the one caller): its
 * e-mail-and-password sign-up and sign-in, its sessions and sign-out, on our Prisma tables.
 * - Its "user" is our Account (role, mustChangePassword and studentId are additional fields), its
 *   "account" our Credential (the argon2id hash of passwords.ts), its "session" our AuthSession.
 * - Its HTTP handler is never mounted: our route handlers call `auth.api.*` with bodies they built
 *   from checked input, so a browser cannot reach its endpoints (nor set the additional fields).
 * - The session cookie is ours by name (wb_session) and attributes (auth-cookie.ts); its value is
 *   better-auth's: the session token and its HMAC-SHA256 signature with SESSION_SECRET.
 * - Rate limits are ours (sign-in-limiter.ts); its own are off, as its handler is not mounted.
 * One instance per (database client, secret), rebuilt when tests switch databases.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { makeSignature } from "better-auth/crypto";
import { getConfig } from "../config";
import { getDatabaseProvider, getDb, type Db } from "../db/client";
import { logger } from "../logger";
import { AUTH_COOKIE, AUTH_SESSION_TTL_MS } from "./auth-cookie";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from "./passwords";

const log = logger.child({ area: "better-auth" });

function createAuth(db: Db, provider: "sqlite" | "postgresql", secret: string) {
  return betterAuth({
    appName: "Docker Workbench",
    secret,
    // Only used to build links of flows we do not use (e-mail verification); never sent anywhere.
    baseURL: "http://localhost",
    database: prismaAdapter(db, { provider }),
    telemetry: { enabled: false },
    rateLimit: { enabled: false },
    logger: { log: (level, message) => log[level === "debug" ? "debug" : level === "error" ? "error" : level === "warn" ? "warn" : "info"](message) },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(hash, password) },
    },
    user: {
      modelName: "account",
      additionalFields: {
        role: { type: "string", required: true, defaultValue: "student" },
        mustChangePassword: { type: "boolean", required: false, defaultValue: false },
        studentId: { type: "string", required: false },
      },
    },
    account: { modelName: "credential" },
    session: {
      modelName: "authSession",
      fields: { userId: "accountId" },
      expiresIn: AUTH_SESSION_TTL_MS / 1000,
      // A fixed lifetime, as the cookie's Max-Age: our routes set the cookie, so a refresh could not reach the browser.
      disableSessionRefresh: true,
    },
    verification: { modelName: "verification" },
    advanced: {
      // Secure is added by our routes when the request came over https (auth-cookie.ts).
      useSecureCookies: false,
      cookies: { session_token: { name: AUTH_COOKIE } },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

interface AuthHolder {
  auth: Auth;
  db: Db;
  secret: string;
}
const HOLDER_KEY = Symbol.for("docker-workbench.better-auth");
const globalStore = globalThis as typeof globalThis & { [HOLDER_KEY]?: AuthHolder };

/** The better-auth instance for the current database and SESSION_SECRET (shared by the server and Next's route bundles). */
export function getAuth(): Auth {
  const db = getDb();
  const secret = getConfig().SESSION_SECRET;
  const existing = globalStore[HOLDER_KEY];
  if (existing && existing.db === db && existing.secret === secret) return existing.auth;
  const auth = createAuth(db, getDatabaseProvider(), secret);
  globalStore[HOLDER_KEY] = { auth, db, secret };
  return auth;
}

/** The value of the session cookie for a session token, as better-auth signs it (token "." base64 HMAC, URI-encoded). */
export async function signedSessionCookieValue(token: string): Promise<string> {
  return encodeURIComponent(`${token}.${await makeSignature(token, getConfig().SESSION_SECRET)}`);
}
