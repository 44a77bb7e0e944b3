import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { referencePrefix } from "./reference-prefix";

describe("referencePrefix", () => {
  it("stops after the step-1 reference's apt-get RUN, its continuation lines included", () => {
    const reference = readFileSync(new URL("../../lessons/01-dirty-dockerfile/solution/1_worpress_multiservice_dirty/Dockerfile", import.meta.url), "utf8");
    const prefix = referencePrefix(reference);
    expect(prefix.split("\n")[0]).toBe("FROM debian:latest");
    expect(prefix).toContain("apt-get install");
    expect(prefix.trimEnd().endsWith("rm -rf /var/lib/apt/lists/*")).toBe(true);
    expect(prefix).not.toContain("wordpress.org");
    expect(prefix).not.toContain("MYSQL_PASSWORD");
  });

  it("keeps the ARG and ENV lines before the first RUN, drops comments, and keeps a Dockerfile without RUN whole", () => {
    expect(referencePrefix("# base\nFROM debian\nARG X=1\nENV Y=2\nRUN a \\\n  && b\nRUN c\n")).toBe("FROM debian\nARG X=1\nENV Y=2\nRUN a \\\n  && b\n");
    expect(referencePrefix("FROM nginx\nCOPY a /b\n")).toBe("FROM nginx\nCOPY a /b\n");
  });
});
