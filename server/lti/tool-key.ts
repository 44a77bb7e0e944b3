/**
 * Our tool's RSA key pair: made once (the first time anything needs it), kept in the database so
 * every server behind a balancer signs with the same key, and only its public half is ever served
 * (/api/lti/jwks). Platforms verify our client assertions (./ags-client.ts) with it.
 */
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { createLtiToolKey, getLtiToolKey } from "../db/repositories/lti";
import { logger } from "../logger";

export const TOOL_KEY_ALG = "RS256";

export interface ToolKey {
  kid: string;
  publicJwk: JWK;
  privateKey: CryptoKey;
}

const cache = globalThis as { __wbLtiToolKey?: Promise<ToolKey> };

/** The tool key, made and stored on first use (two servers racing keep the first one stored). */
export function getToolKey(): Promise<ToolKey> {
  cache.__wbLtiToolKey ??= loadOrCreate().catch((error: unknown) => {
    cache.__wbLtiToolKey = undefined;
    throw error;
  });
  return cache.__wbLtiToolKey;
}

/** Forgets the key read (tests switch databases). */
export function forgetToolKeyForTests(): void {
  cache.__wbLtiToolKey = undefined;
}

async function loadOrCreate(): Promise<ToolKey> {
  const stored = await getLtiToolKey();
  if (stored) return fromStored(stored.kid, stored.publicJwk, stored.privateJwk);
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { modulusLength: 2048, extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOOL_KEY_ALG, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOOL_KEY_ALG };
  try {
    await createLtiToolKey({ kid, publicJwk: JSON.stringify(publicJwk), privateJwk: JSON.stringify(privateJwk) });
    logger.child({ area: "lti" }).info("LTI tool key made", { kid });
  } catch {
    // Another server stored one first: use that one.
    const winner = await getLtiToolKey();
    if (winner) return fromStored(winner.kid, winner.publicJwk, winner.privateJwk);
    throw new Error("the LTI tool key could not be stored");
  }
  return { kid, publicJwk, privateKey };
}

async function fromStored(kid: string, publicJson: string, privateJson: string): Promise<ToolKey> {
  const privateKey = (await importJWK(JSON.parse(privateJson) as JWK, TOOL_KEY_ALG)) as CryptoKey;
  return { kid, publicJwk: JSON.parse(publicJson) as JWK, privateKey };
}

/** What /api/lti/jwks serves: the public key only. */
export async function toolJwks(): Promise<{ keys: JWK[] }> {
  const { publicJwk } = await getToolKey();
  const { kty, n, e, kid, alg, use } = publicJwk;
  return { keys: [{ kty, n, e, kid, alg, use }] };
}
