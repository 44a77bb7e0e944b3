/**
 * Which students' kept engine data (images and build cache kept between sessions, see
 * ./capped-storage.ts) to delete: every area unused for longer than the time to live, then the
 * least recently used ones until the total fits. Areas in use (mounted for an engine) are never
 * chosen and count towards the total as they are.
 */
export interface KeptArea {
  studentId: string;
  /** When its engine last released it (the image file's modification time). */
  lastUsedMs: number;
  /** Space it takes on the host's disk (allocated blocks of the sparse image). */
  bytes: number;
  inUse: boolean;
}

export interface KeptDataPolicy {
  /** Total the kept areas may take on the host's disk; 0 keeps nothing. */
  maxBytes: number;
  /** An area unused for longer than this is deleted. */
  ttlMs: number;
}

export interface Eviction {
  area: KeptArea;
  reason: "expired" | "over-total";
}

export function chooseEvictions(areas: readonly KeptArea[], policy: KeptDataPolicy, nowMs: number): Eviction[] {
  const evictions: Eviction[] = [];
  const remaining: KeptArea[] = [];
  for (const area of areas) {
    if (!area.inUse && nowMs - area.lastUsedMs > policy.ttlMs) evictions.push({ area, reason: "expired" });
    else remaining.push(area);
  }
  let total = remaining.reduce((sum, area) => sum + area.bytes, 0);
  const oldestFirst = remaining.filter((area) => !area.inUse).sort((a, b) => a.lastUsedMs - b.lastUsedMs);
  for (const area of oldestFirst) {
    if (total <= policy.maxBytes) break;
    evictions.push({ area, reason: "over-total" });
    total -= area.bytes;
  }
  return evictions;
}
