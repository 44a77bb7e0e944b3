import { formatMiBIn } from "./i18n/format-size";

/** "200 MiB", "8 GiB": a size in MiB as people read it in English (whole GiB shown as GiB); lib/i18n/format-size.ts says it in French too. */
export function formatMiB(mib: number): string {
  return formatMiBIn(mib, "en");
}
