/** Env files and ${VAR} substitution as docker-compose does them. */
import { describe, expect, it } from "vitest";
import { interpolate, parseEnvFile } from "./stack-environment";

describe("parseEnvFile", () => {
  it("reads KEY=VALUE lines, skipping comments and blank lines, removing one level of quotes", () => {
    const vars = parseEnvFile("# db\n\nDB_USER=exampleuser\nexport DB_PASS=\"example pass\"\nEMPTY=\nnot a line\nQ='a=b'\n");
    expect(Object.fromEntries(vars)).toEqual({ DB_USER: "exampleuser", DB_PASS: "example pass", EMPTY: "", Q: "a=b" });
  });
});

describe("interpolate", () => {
  const vars = new Map([
    ["PASS", "examplepass"],
    ["EMPTY", ""],
  ]);
  it.each([
    ["${PASS}", "examplepass"],
    ["$PASS", "examplepass"],
    ["pre-${PASS}-post", "pre-examplepass-post"],
    ["$$PASS", "$PASS"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${EMPTY-fallback}", ""],
    ["${MISSING-fallback}", "fallback"],
    ["${MISSING}", "${MISSING}"],
  ])("%s gives %s", (written, expected) => {
    expect(interpolate(written, vars)).toBe(expected);
  });
});
