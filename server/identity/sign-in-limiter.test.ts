import { describe, expect, it } from "vitest";
import { clientAddress, FailureLimiter } from "./sign-in-limiter";

describe("FailureLimiter", () => {
  it("refuses a key after maxFailures within the window, and lets it try again once the oldest failure is out of it", () => {
    let now = 0;
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 1000 }, () => now);
    for (const at of [0, 100, 200]) {
      now = at;
      expect(limiter.retryAfterMs("a")).toBe(0);
      limiter.recordFailure("a");
    }
    now = 300;
    expect(limiter.retryAfterMs("a")).toBe(700);
    expect(limiter.retryAfterMs("b")).toBe(0);
    now = 1001;
    expect(limiter.retryAfterMs("a")).toBe(0);
    limiter.recordFailure("a");
    now = 1002;
    expect(limiter.retryAfterMs("a")).toBe(98); // the failures at 100, 200 and 1001
    limiter.reset("a");
    expect(limiter.retryAfterMs("a")).toBe(0);
  });

  it("forgets the oldest keys beyond its capacity", () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 1000 }, () => 0, 2);
    ["a", "b", "c"].forEach((key) => limiter.recordFailure(key));
    expect(limiter.retryAfterMs("a")).toBe(0);
    expect(limiter.retryAfterMs("c")).toBe(1000);
  });
});

describe("clientAddress", () => {
  it("takes the address the nearest proxy appended, else 'direct'", () => {
    const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientAddress(request({}))).toBe("direct");
  });
});
