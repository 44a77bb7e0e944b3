import { describe, expect, it } from "vitest";
import { isOfficialImage, parseImageReference, repositoryKey } from "./image-reference";

const key = (ref: string) => {
  const parsed = parseImageReference(ref);
  return parsed && repositoryKey(parsed);
};

describe("parseImageReference", () => {
  it("puts official images under docker.io/library", () => {
    for (const ref of ["debian", "library/debian", "docker.io/library/debian", "index.docker.io/library/debian:latest", "docker.io/debian"]) {
      expect(key(ref)).toBe("docker.io/library/debian");
    }
  });

  it("keeps other publishers and registries apart", () => {
    expect(key("someone/debian")).toBe("docker.io/someone/debian");
    expect(key("ghcr.io/debian/debian:latest")).toBe("ghcr.io/debian/debian");
    expect(key("localhost:5000/debian")).toBe("localhost:5000/debian");
    expect(isOfficialImage(parseImageReference("someone/debian")!)).toBe(false);
  });

  it("reads tags and digests, a registry port not being a tag", () => {
    expect(parseImageReference("debian:trixie-slim")).toMatchObject({ tag: "trixie-slim", digest: null });
    expect(parseImageReference("debian")).toMatchObject({ tag: null });
    expect(parseImageReference("debian@sha256:abc")).toMatchObject({ tag: null, digest: "sha256:abc" });
    expect(parseImageReference("localhost:5000/debian")).toMatchObject({ tag: null, registry: "localhost:5000" });
  });

  it("rejects empty or spaced names", () => {
    expect(parseImageReference("")).toBeNull();
    expect(parseImageReference("debian latest")).toBeNull();
  });
});
