/**
 * Small, pure readings of host facts for `npm run doctor`: whether a device's mode lets a given
 * uid read and write it, and sizes in words.
 */
import { formatGiBIn } from "../../lib/i18n/format-size";

export interface DeviceStat {
  mode: number;
  uid: number;
  gid: number;
}

/** Whether a process with this uid (and only its own group) may open the device read-write. */
export function deviceUsableBy(stat: DeviceStat, uid: number, gid: number): boolean {
  const rw = (bits: number) => (bits & 0o6) === 0o6;
  if (uid === 0) return true;
  if (stat.uid === uid) return rw(stat.mode >> 6);
  if (stat.gid === gid) return rw(stat.mode >> 3);
  return rw(stat.mode);
}

/** "crw-------" style, for messages. */
export function modeString(mode: number): string {
  const bits = ["r", "w", "x"];
  let out = "";
  for (let shift = 6; shift >= 0; shift -= 3) {
    for (let i = 0; i < 3; i++) out += mode & (1 << (shift + 2 - i)) ? bits[i] : "-";
  }
  return out;
}

/** A disk's size for the operator, to one decimal of GiB: "12.5 GiB". */
export function gib(bytes: number): string {
  return formatGiBIn(bytes, "en");
}
