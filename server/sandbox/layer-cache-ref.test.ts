import { describe, expect, it } from "vitest";
import { layerCacheRef, layerCacheRepository } from "./layer-cache-ref";

// The registry's grammar for a repository path component.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

describe("layerCacheRepository", () => {
  it("names a valid registry repository whatever the folder is called", () => {
    for (const folder of ["1_worpress_multiservice_dirty", "Step Two/../x", "ÉTAPE", "---", ""]) {
      const repository = layerCacheRepository({ folder, context: ".", dockerfile: "Dockerfile" });
      expect(repository.startsWith("workbench-cache/")).toBe(true);
      for (const component of repository.split("/")) expect(component, repository).toMatch(COMPONENT);
    }
  });

  it("keeps apart two builds of one folder (another context or Dockerfile) and folders that slug alike", () => {
    const names = new Set([
      layerCacheRepository({ folder: "5_two", context: ".", dockerfile: "Dockerfile" }),
      layerCacheRepository({ folder: "5_two", context: "wordpress", dockerfile: "Dockerfile" }),
      layerCacheRepository({ folder: "5_two", context: ".", dockerfile: "Dockerfile.db" }),
      layerCacheRepository({ folder: "5-two", context: ".", dockerfile: "Dockerfile" }),
    ]);
    expect(names.size).toBe(4);
  });

  it("is the same for the same build, so the seeding and a Check meet", () => {
    const build = { folder: "1_worpress_multiservice_dirty", context: ".", dockerfile: "Dockerfile" };
    expect(layerCacheRef({ ...build })).toBe(layerCacheRef(build));
    expect(layerCacheRef(build)).toMatch(/^registry\.workbench:5000\/workbench-cache\/1-worpress-multiservice-dirty-[0-9a-f]{12}:current$/);
  });
});
