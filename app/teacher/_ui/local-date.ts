/**
 * A due date between a `datetime-local` input (the teacher's own time zone, no zone written) and
 * the ISO date with its zone that the routes take and the database keeps.
 */
const pad = (n: number) => String(n).padStart(2, "0");

/** The input's value for this date, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO date (UTC) for the input's value read in the browser's time zone; null when it is empty or not a date. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value); // no zone: local time, as the input means it
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The date as the teacher reads it, in their language and time zone. */
export function formatLocal(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }).format(new Date(iso));
}
