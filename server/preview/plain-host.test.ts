import { describe, expect, it } from "vitest";
import { plainHost } from "./plain-host";

describe("plainHost", () => {
  it.each(["localhost:3000", "workbench.example.org", "10.0.0.5:8443", "[::1]:3000"])("keeps %s", (host) => {
    expect(plainHost(host)).toBe(host);
  });
  it.each([undefined, "", "evil.test/path", "a b", "host:3000:1", "x\r\nSet-Cookie: y"])("drops %j", (host) => {
    expect(plainHost(host)).toBeUndefined();
  });
});
