/** Reading the time a scheduled entry goes out, from a form or a client. */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const YEAR_MS = 365 * 86_400_000;

export type ScheduleTime = { ok: true; at: Date } | { ok: false; message: string };

/** A `datetime-local` value ("2026-03-01T09:30"), `offsetMinutes` behind UTC as browsers say. */
function fromLocal(match: RegExpExecArray, offsetMinutes: number): Date | null {
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second);
  const check = new Date(utc);
  // Date.UTC rolls 31 February over into March: refuse such dates.
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day! || hour! > 23) return null;
  return new Date(utc + offsetMinutes * 60_000);
}

/**
 * Parses and checks a publishing time: it must be after `now` and at most a
 * year ahead. Local times (no zone) are read with the browser's offset.
 */
export function parseScheduleTime(
  value: Date | string | null | undefined,
  offsetMinutes: number,
  now: Date,
): ScheduleTime {
  let at: Date | null = null;
  if (value instanceof Date) at = Number.isNaN(value.getTime()) ? null : value;
  else if (typeof value === "string" && value.trim() !== "") {
    const text = value.trim();
    const local = LOCAL.exec(text);
    if (local) at = fromLocal(local, offsetMinutes);
    else if (WITH_ZONE.test(text) && !Number.isNaN(Date.parse(text))) at = new Date(text);
    else return { ok: false, message: "Enter a date and time, like 2030-03-01T09:30" };
  } else {
    return { ok: false, message: "Choose when to publish" };
  }
  if (!at) return { ok: false, message: "That date does not exist" };
  if (at.getTime() <= now.getTime()) return { ok: false, message: "Choose a time in the future" };
  if (at.getTime() > now.getTime() + YEAR_MS) {
    return { ok: false, message: "Choose a time within the next year" };
  }
  return { ok: true, at };
}
