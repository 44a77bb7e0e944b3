/** Sizes of a learner's capped disks: how they read, and how big an image must be. */

const MiB = 1024 * 1024;

export { formatMiB } from "../../lib/format-mib";

/** The journal of an ext4 filesystem offering `usableMiB`: 1/64 of it, 4 to 64 MiB. */
export function ext4JournalMiB(usableMiB: number): number {
  return Math.min(64, Math.max(4, Math.floor(usableMiB / 64)));
}

/**
 * Size of an image whose ext4 filesystem (mkfs -T default -m 0, journal as above) offers about
 * `usableMiB` to its user (measured within 1 % from 16 MiB to 8 GiB): the journal, inode tables
 * (a 256-byte inode per 16 KiB) and group metadata on top.
 */
export function ext4ImageMiB(usableMiB: number): number {
  return usableMiB + ext4JournalMiB(usableMiB) + Math.floor(usableMiB / 64) + Math.floor(usableMiB / 128) + 2;
}

/**
 * Usable MiB of a new workspace: the configured cap, or more when an existing (uncapped)
 * workspace already holds more than fits, so moving it in loses nothing (its content, an eighth
 * more for small files' partly used blocks, and 32 MiB to keep working).
 */
export function workspaceUsableMiB(capMiB: number, existingBytes = 0): number {
  const needed = Math.ceil((existingBytes * 1.125) / MiB) + 32;
  return Math.max(capMiB, existingBytes > 0 ? needed : 0);
}
