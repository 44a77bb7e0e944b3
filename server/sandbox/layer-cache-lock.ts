/**
 * Who may use the class-wide layer cache's registry at a time, among this server's concurrent
 * users: engines pulling from it (./layer-cache-pull.ts) and the seeding pushing to it
 * (./layer-cache-seed.ts) share it; pruning it (deleting manifests, then the registry's garbage
 * collection on its volume, ./layer-cache-prune.ts) holds it alone, so that no blob a pull or a push
 * is reading or writing is collected under it. A pull that arrives while a prune waits or runs
 * waits behind it (within its own time limit, after which its build goes uncached).
 *
 * One process only: another workbench process on the same host is kept apart from the seeding by
 * the seeding's lock file, not from its pulls.
 */
import { ReadWriteLock } from "./read-write-lock";

export const layerCacheLock = new ReadWriteLock();
