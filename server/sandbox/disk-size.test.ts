import { describe, expect, it } from "vitest";
import { ext4ImageMiB, ext4JournalMiB, formatMiB, workspaceUsableMiB } from "./disk-size";
import { parseLosetupJson, parseMountInfo } from "./mount-table";

const MiB = 1024 * 1024;

describe("disk sizes", () => {
  it("reads as students read them", () => {
    expect(formatMiB(200)).toBe("200 MiB");
    expect(formatMiB(8192)).toBe("8 GiB");
    expect(formatMiB(1536)).toBe("1536 MiB");
    expect(formatMiB(1024)).toBe("1 GiB");
  });

  it("makes a workspace the cap, or larger when an old workspace already holds more", () => {
    expect(workspaceUsableMiB(200)).toBe(200);
    expect(workspaceUsableMiB(200, 10 * MiB)).toBe(200);
    expect(workspaceUsableMiB(200, 400 * MiB)).toBe(450 + 32);
    expect(workspaceUsableMiB(200, 1)).toBe(200);
  });

  it("sizes an image so that its filesystem offers the cap (journal and metadata on top)", () => {
    expect(ext4JournalMiB(64)).toBe(4);
    expect(ext4JournalMiB(2048)).toBe(32);
    expect(ext4JournalMiB(8192)).toBe(64);
    // Measured on this machine kind: 64 → 65 MiB usable, 200 → 199, 8192 → 8200.
    expect(ext4ImageMiB(64)).toBe(71);
    expect(ext4ImageMiB(200)).toBe(210);
    expect(ext4ImageMiB(8192)).toBe(8450);
  });
});

describe("mount table", () => {
  it("reads mount points, file system types and sources, escapes undone", () => {
    const text = [
      "22 27 0:21 / /proc rw,relatime - proc proc rw",
      "812 27 7:3 / /data/workspaces/abc rw,nosuid,nodev,relatime - ext4 /dev/loop3 rw",
      "813 27 7:3 / /data/with\\040space rw shared:5 - ext4 /dev/loop3 rw",
      "",
    ].join("\n");
    expect(parseMountInfo(text)).toEqual([
      { mountPoint: "/proc", fsType: "proc", source: "proc" },
      { mountPoint: "/data/workspaces/abc", fsType: "ext4", source: "/dev/loop3" },
      { mountPoint: "/data/with space", fsType: "ext4", source: "/dev/loop3" },
    ]);
  });

  it("reads losetup's JSON list, empty or not", () => {
    expect(parseLosetupJson("")).toEqual([]);
    expect(parseLosetupJson('{"loopdevices": []}')).toEqual([]);
    expect(parseLosetupJson('{"loopdevices": [{"name": "/dev/loop0", "back-file": "/data/disks/a-workspace.img"}, {"name": "/dev/loop1", "back-file": null}]}')).toEqual([
      { name: "/dev/loop0", backingFile: "/data/disks/a-workspace.img" },
      { name: "/dev/loop1", backingFile: "" },
    ]);
  });
});
