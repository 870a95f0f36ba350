import type { Period } from "./query.ts";

/** Calendar periods for `before:`, `after:` and `during:`, in UTC like the dates pages show. */

const PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** `2026`, `2026-03` or `2026-03-01` as a period; null for anything else. */
export function parsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (year < 1000) return null;
  if (month !== null && (month < 1 || month > 12)) return null;
  if (month === null) {
    return { text, unit: "year", start: utc(year, 0, 1), end: utc(year + 1, 0, 1) };
  }
  if (day === null) {
    return { text, unit: "month", start: utc(year, month - 1, 1), end: utc(year, month, 1) };
  }
  const start = utc(year, month - 1, day);
  // 2026-02-30 rolls over to March in Date.UTC: not a day of February.
  if (start.getUTCMonth() !== month - 1 || day < 1) return null;
  return { text, unit: "day", start, end: utc(year, month - 1, day + 1) };
}

/** Years below 1000 are refused above, so Date.UTC's 0–99 → 1900s rule never applies. */
function utc(year: number, monthIndex: number, day: number): Date {
  return new Date(Date.UTC(year, monthIndex, day));
}

const DAY = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** "1 March 2026", "March 2026" or "2026". */
export function periodInWords(period: Period): string {
  if (period.unit === "day") return DAY.format(period.start);
  if (period.unit === "month") return MONTH.format(period.start);
  return String(period.start.getUTCFullYear());
}
