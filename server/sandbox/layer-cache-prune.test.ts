import { describe, expect, it } from "vitest";
import { staleManifests } from "./layer-cache-prune";

const repo = "workbench-cache/1-step-aaaaaaaaaaaa";
const gone = "workbench-cache/old-step-bbbbbbbbbbbb";

describe("staleManifests", () => {
  it("keeps current and the latest key, and deletes the images of older seedings", () => {
    const listing = [
      {
        repository: repo,
        tags: [
          { tag: "current", digest: "sha256:new" },
          { tag: "k2", digest: "sha256:new" },
          { tag: "k1", digest: "sha256:old" },
          { tag: "k0", digest: "sha256:older" },
        ],
      },
    ];
    expect(staleManifests(listing, new Map([[repo, ["current", "k2"]]]))).toEqual([
      { repository: repo, digest: "sha256:old", tags: ["k1"] },
      { repository: repo, digest: "sha256:older", tags: ["k0"] },
    ]);
  });

  it("never deletes a manifest a kept tag points at, even when an old tag shares it", () => {
    const listing = [
      {
        repository: repo,
        tags: [
          { tag: "current", digest: "sha256:same" },
          { tag: "k2", digest: "sha256:same" },
          { tag: "k1", digest: "sha256:same" },
        ],
      },
    ];
    expect(staleManifests(listing, new Map([[repo, ["current", "k2"]]]))).toEqual([]);
  });

  it("deletes every image of a repository no build produces, and nothing of one kept whole", () => {
    const listing = [
      {
        repository: gone,
        tags: [
          { tag: "current", digest: "sha256:x" },
          { tag: "k9", digest: "sha256:x" },
          { tag: "k8", digest: "sha256:y" },
        ],
      },
      {
        repository: repo,
        tags: [
          { tag: "current", digest: "sha256:a" },
          { tag: "k1", digest: "sha256:b" },
        ],
      },
    ];
    expect(staleManifests(listing, new Map([[repo, "all" as const]]))).toEqual([
      { repository: gone, digest: "sha256:x", tags: ["current", "k9"] },
      { repository: gone, digest: "sha256:y", tags: ["k8"] },
    ]);
  });
});
