/**
 * Slows down password guessing: after too many failed sign-ins for one e-mail, or from one client
 * address, further attempts are refused for a while, right or wrong. In memory (one process;
 * a restart forgets the counts): enough for one workbench server, not for several behind a
 * balancer.
 */
export interface LimiterRule {
  maxFailures: number;
  windowMs: number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: LimiterRule,
    private readonly now: () => number = Date.now,
    /** Keys kept at most; the oldest are forgotten beyond it (an attacker cycling keys cannot fill memory). */
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.rule.maxFailures) return 0;
    return Math.max(0, recent[recent.length - this.rule.maxFailures]! + this.rule.windowMs - this.now());
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.rule.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }
}

/** Per e-mail: 5 failures in 15 minutes. Per client address: 30 in 15 minutes (a classroom shares one). */
export const PER_ACCOUNT: LimiterRule = { maxFailures: 5, windowMs: 15 * 60_000 };
export const PER_ADDRESS: LimiterRule = { maxFailures: 30, windowMs: 15 * 60_000 };

/**
 * The client address as the nearest proxy recorded it (the last x-forwarded-for entry), else
 * "direct". A client can write its own x-forwarded-for when no proxy is in front, so the
 * per-account limit is the guard that cannot be side-stepped.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 64) : "direct";
}
