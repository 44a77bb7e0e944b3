import { describe, expect, it } from "vitest";
import { safeNextPath, signInPath } from "./next-path";

describe("the sign-in page's next", () => {
  it("keeps a path of this site, with its query and fragment", () => {
    expect(safeNextPath("/steps/3")).toBe("/steps/3");
    expect(safeNextPath("/account?tab=password#change")).toBe("/account?tab=password#change");
    expect(safeNextPath(new URL(signInPath("/steps/3?x=1"), "http://localhost").searchParams.get("next"))).toBe("/steps/3?x=1");
  });

  it.each([
    ["another site", "https://evil.example/steps/1"],
    ["a protocol-relative address", "//evil.example/steps/1"],
    ["a backslash browsers read as a slash", "/\\evil.example"],
    ["a tab browsers strip", "/\t/evil.example"],
    ["a script", "javascript:alert(1)"],
    ["a relative path", "steps/1"],
    ["nothing", ""],
    ["a repeated parameter", ["/steps/1", "/steps/2"]],
    ["a very long path", `/${"a".repeat(600)}`],
  ])("refuses %s", (_what, raw) => {
    expect(safeNextPath(raw)).toBeNull();
  });
});
