/**
 * For integration tests of capped disks (as root): the loop devices and mounts a test left under
 * its own temporary folder, to assert that none is left, and their removal whatever failed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export interface DiskTraces {
  /** `losetup` lines ("NAME BACK-FILE") of the loop devices whose line names the folder. */
  loops(): string[];
  /** The /proc/self/mountinfo lines that name the folder. */
  mounts(): string[];
  /** Unmounts (lazily, the last mounted first) every mount naming the folder, then detaches its loop devices. */
  release(): void;
}

export function diskTracesUnder(folder: string): DiskTraces {
  const namesFolder = (line: string) => line.includes(folder);
  const loops = () => execFileSync("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"], { encoding: "utf8" }).split("\n").filter(namesFolder);
  const mounts = () => readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter(namesFolder);
  return {
    loops,
    mounts,
    release() {
      for (const line of mounts().reverse()) {
        const mountPoint = line.split(" ")[4];
        if (mountPoint) execFileSync("umount", ["-l", mountPoint]);
      }
      for (const line of loops()) execFileSync("losetup", ["-d", line.split(/\s+/)[0]!]);
    },
  };
}
