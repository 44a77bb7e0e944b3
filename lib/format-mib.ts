/** "200 MiB", "8 GiB": a size in MiB as people read it (whole GiB shown as GiB). */
export function formatMiB(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}
