/**
 * The platforms' public keys, fetched from their JWKS URLs: one remote key set per URL, kept for
 * the process. jose caches the keys it fetched and fetches again when an id_token names a key id
 * it does not have (a platform rotated its key), at most every 30 s, and after 10 minutes anyway.
 */
import { createRemoteJWKSet } from "jose";

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

const sets = ((globalThis as { __wbLtiKeySets?: Map<string, RemoteKeySet> }).__wbLtiKeySets ??= new Map());

export function platformKeySet(jwksUrl: string): RemoteKeySet {
  let set = sets.get(jwksUrl);
  if (!set) {
    set = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    sets.set(jwksUrl, set);
  }
  return set;
}
