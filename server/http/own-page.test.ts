/**
 * The one rule that says whether a request comes from the workbench's own page (./own-page.ts),
 * as the CSRF guard and the early engine request both apply it.
 */
import { describe, expect, it } from "vitest";
import { isFromOwnPage, type OwnPageHeaders } from "./own-page";

const policy = { port: 3000 };
const host = "wb.example:3000";
const post = (headers: Partial<OwnPageHeaders>): OwnPageHeaders => ({ method: "POST", secFetchSite: undefined, origin: undefined, host, ...headers });

describe("a request from the workbench's own page", () => {
  it("is one the browser marks same-origin", () => {
    expect(isFromOwnPage(post({ secFetchSite: "same-origin" }), policy)).toBe(true);
    expect(isFromOwnPage(post({ secFetchSite: "same-origin", origin: "http://wb.example:3000" }), policy)).toBe(true);
  });

  it("is not one sent from another origin of the same site (a preview port) or another site, whatever Origin it claims", () => {
    for (const site of ["same-site", "cross-site", "SAME-ORIGIN", "bogus", ""]) {
      expect(isFromOwnPage(post({ secFetchSite: site, origin: "http://wb.example:3000" }), policy), site).toBe(false);
    }
  });

  it("is one typed into the address bar (Sec-Fetch-Site: none) only to read", () => {
    expect(isFromOwnPage({ method: "GET", secFetchSite: "none", origin: null, host }, policy)).toBe(true);
    expect(isFromOwnPage({ method: "HEAD", secFetchSite: "none", origin: null, host }, policy)).toBe(true);
    for (const method of ["POST", "PUT", "DELETE", undefined]) expect(isFromOwnPage({ method, secFetchSite: "none", origin: null, host }, policy), String(method)).toBe(false);
  });

  it("without Sec-Fetch-Site (an older browser), is one whose Origin is the workbench's", () => {
    expect(isFromOwnPage(post({ origin: "http://wb.example:3000" }), policy)).toBe(true);
    expect(isFromOwnPage(post({ origin: "http://localhost:3000" }), policy)).toBe(true);
    expect(isFromOwnPage(post({ origin: "https://wb.example" }), { port: 3000, configured: ["https://wb.example"] })).toBe(true);
  });

  it("is not one whose Origin is forged, another port, not configured, or null", () => {
    const forged = ["http://evil.example", "http://wb.example:3001", "http://wb.example.evil.example:3000", "file:///etc", "not a url", "null"];
    for (const origin of forged) expect(isFromOwnPage(post({ origin }), policy), origin).toBe(false);
    // An Origin naming the host the request was sent to is not enough once origins are configured.
    expect(isFromOwnPage(post({ origin: "http://wb.example:3000" }), { port: 3000, configured: ["https://wb.example"] })).toBe(false);
  });

  it("is not one with neither header, to read or to change", () => {
    expect(isFromOwnPage(post({}), policy)).toBe(false);
    expect(isFromOwnPage({ method: "GET", secFetchSite: null, origin: null, host }, policy)).toBe(false);
  });
});
