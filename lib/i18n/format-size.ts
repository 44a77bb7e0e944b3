/**
 * A size as a reader of each language writes it: "1.5 MiB", "8 GiB" in English; « 1,5 Mio »,
 * « 8 Gio » in French (binary units are "octets", a decimal comma, a no-break space before the
 * unit). No node:* imports: the page formats with it too.
 */
import type { Locale } from "./locale";

const UNITS: Record<Locale, { GiB: string; MiB: string; KiB: string; bytes: string; space: string }> = {
  en: { GiB: "GiB", MiB: "MiB", KiB: "KiB", bytes: "bytes", space: " " },
  fr: { GiB: "Gio", MiB: "Mio", KiB: "Kio", bytes: "octets", space: "\u00a0" },
};

const numberIn = (value: number, locale: Locale) => (locale === "fr" ? String(value).replace(".", ",") : String(value));

/** A size in MiB: whole GiB as GiB ("8 GiB"), else MiB ("1536 MiB"). */
export function formatMiBIn(mib: number, locale: Locale): string {
  const units = UNITS[locale];
  return mib >= 1024 && mib % 1024 === 0 ? `${numberIn(mib / 1024, locale)}${units.space}${units.GiB}` : `${numberIn(mib, locale)}${units.space}${units.MiB}`;
}

/** A size in bytes, to one decimal: "12.5 KiB", "3 MiB", "200 bytes". */
export function formatBytesIn(bytes: number, locale: Locale): string {
  const units = UNITS[locale];
  if (bytes >= 1024 * 1024) return `${numberIn(+(bytes / (1024 * 1024)).toFixed(1), locale)}${units.space}${units.MiB}`;
  if (bytes >= 1024) return `${numberIn(+(bytes / 1024).toFixed(1), locale)}${units.space}${units.KiB}`;
  return `${bytes}${units.space}${units.bytes}`;
}

/** A size in bytes as GiB to one decimal, whatever its size (a disk's): "12.5 GiB" / « 12,5 Gio ». */
export function formatGiBIn(bytes: number, locale: Locale): string {
  const units = UNITS[locale];
  return `${numberIn(+(bytes / 1024 ** 3).toFixed(1), locale)}${units.space}${units.GiB}`;
}
