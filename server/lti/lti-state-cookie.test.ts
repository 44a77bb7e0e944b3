import { describe, expect, it } from "vitest";
import { clearStateCookieHeader, hasStateCookie, stateCookieHeader } from "./lti-state-cookie";

const state = "A".repeat(43);

describe("the login's state cookie", () => {
  it("survives the LMS's cross-site POST over https (SameSite=None; Secure), is HttpOnly, short-lived and only sent to /api/lti", () => {
    const header = stateCookieHeader(state, true);
    expect(header).toMatch(new RegExp(`^wb_lti_${state}=1;`));
    expect(header).toContain("SameSite=None; Secure");
    expect(header).toContain("HttpOnly");
    expect(header).toContain("Max-Age=600");
    expect(header).toContain("Path=/api/lti");
  });
  it("is SameSite=Lax over plain http, where browsers refuse SameSite=None", () => {
    expect(stateCookieHeader(state, false)).toContain("SameSite=Lax");
    expect(stateCookieHeader(state, false)).not.toContain("Secure");
  });
  it("is found for its own state only, and cleared with Max-Age=0", () => {
    const cookie = `other=1; wb_lti_${state}=1`;
    expect(hasStateCookie(cookie, state)).toBe(true);
    expect(hasStateCookie(cookie, "B".repeat(43))).toBe(false);
    expect(hasStateCookie(`wb_lti_${state}=`, state)).toBe(false);
    expect(hasStateCookie(cookie, "short")).toBe(false);
    expect(clearStateCookieHeader(state, true)).toContain("Max-Age=0");
  });
});
