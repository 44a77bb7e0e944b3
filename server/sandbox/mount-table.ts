/**
 * Reading the kernel's mount table (/proc/self/mountinfo) and util-linux's loop device list
 * (`losetup --json`): pure parsers, so the disk code decides from text it can test.
 */

export interface MountEntry {
  mountPoint: string;
  /** The mounted device or source, e.g. /dev/loop3. */
  source: string;
  fsType: string;
}

/** Undoes the kernel's octal escapes of space, tab, newline and backslash (\040 …). */
function unescapeMountField(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The entries of /proc/<pid>/mountinfo, in order (a later entry over the same point hides an earlier one). */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const fields = line.split(" ");
    const separator = fields.indexOf("-", 6);
    if (separator < 0 || fields.length < separator + 3) continue;
    entries.push({ mountPoint: unescapeMountField(fields[4]!), fsType: fields[separator + 1]!, source: unescapeMountField(fields[separator + 2]!) });
  }
  return entries;
}

export interface LoopDevice {
  name: string;
  /** The image file behind it; " (deleted)" marks an image removed while attached. */
  backingFile: string;
}

/** `losetup --list --json --output NAME,BACK-FILE`; an empty output (no loop device) is an empty list. */
export function parseLosetupJson(text: string): LoopDevice[] {
  if (!text.trim()) return [];
  const parsed = JSON.parse(text) as { loopdevices?: { name?: string; "back-file"?: string | null }[] };
  return (parsed.loopdevices ?? []).filter((d) => d.name).map((d) => ({ name: d.name!, backingFile: (d["back-file"] ?? "").trim() }));
}
