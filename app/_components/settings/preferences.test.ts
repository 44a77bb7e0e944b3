import { describe, expect, it } from "vitest";
import { parsePreferences, preferenceCookie, resolveTheme } from "./preferences";

describe("display preferences", () => {
  it("read the cookies, and fall back to the defaults on anything else", () => {
    expect(parsePreferences({ theme: "dark", fontSize: "large" })).toEqual({ theme: "dark", fontSize: "large" });
    expect(parsePreferences({ theme: "purple", fontSize: "<script>" })).toEqual({ theme: "system", fontSize: "medium" });
    expect(parsePreferences({})).toEqual({ theme: "system", fontSize: "medium" });
  });

  it("follow the system's colour scheme only when left to the system", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("are remembered for a year on the whole site", () => {
    expect(preferenceCookie("wb_theme", "dark")).toBe("wb_theme=dark; path=/; max-age=31536000; samesite=lax");
  });
});
