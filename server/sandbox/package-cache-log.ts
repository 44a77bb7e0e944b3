/**
 * What the class-wide Debian package cache (the infra container's nginx, apt-cache-conf.sh) served:
 * its access lines, read from the container's log. For tests and benchmarks: which files a build
 * got from the cache (HIT) and which the cache had to fetch from the mirror (MISS, EXPIRED…).
 */
import type Docker from "dockerode";
import { getHostDocker } from "./host-docker";
import { demuxedText } from "./demuxed-text";

export const INFRA_CONTAINER = "workbench-infra";

export interface PackageCacheLine {
  /** When the request ended (Docker's log timestamp, ms since the epoch). */
  at: number;
  /** nginx's $upstream_cache_status: HIT, MISS, EXPIRED, STALE, UPDATING… */
  status: string;
  httpStatus: number;
  bytes: number;
  /** host + path, e.g. deb.debian.org/debian/pool/main/j/jq/jq_1.7.1-6_amd64.deb */
  path: string;
}

const LINE = /^(\S+) \S+ apt-cache (\S+) (\d{3}) (\d+) (\S+)$/;

/** The cache's access lines whose request ended between two instants (ms since the epoch); `docker`: the host whose infra container is read (an engine node's has its own cache). */
export async function packageCacheLines(from: number, to: number, docker: Docker = getHostDocker()): Promise<PackageCacheLine[]> {
  const raw = await docker.getContainer(INFRA_CONTAINER).logs({ stdout: true, stderr: false, timestamps: true, since: Math.floor(from / 1000) - 1 });
  const lines: PackageCacheLine[] = [];
  for (const text of demuxedText(raw as unknown as Buffer).split("\n")) {
    const match = LINE.exec(text.trim());
    if (!match) continue;
    const at = Date.parse(match[1]!);
    if (at >= from && at <= to) lines.push({ at, status: match[2]!, httpStatus: Number(match[3]), bytes: Number(match[4]), path: match[5]! });
  }
  return lines;
}

/** Bytes the cache served from its disk and bytes it fetched from the mirror, over some lines. */
export function cacheTraffic(lines: PackageCacheLine[]): { fromCache: number; fromMirror: number; requests: number } {
  let fromCache = 0;
  let fromMirror = 0;
  for (const line of lines) {
    if (line.status === "HIT" || line.status === "STALE" || line.status === "UPDATING") fromCache += line.bytes;
    else fromMirror += line.bytes;
  }
  return { fromCache, fromMirror, requests: lines.length };
}
