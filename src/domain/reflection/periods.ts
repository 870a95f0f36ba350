import { addDays, instantOf, isoWeekday, type LocalDate, localDateAt } from "./zoned-time.ts";

export type PeriodKind = "week" | "month";

/** A stretch of local days in the member's zone, as instants [start, end). */
export interface Span {
  firstDay: LocalDate;
  /** The day after the last one. */
  endDay: LocalDate;
  start: Date;
  end: Date;
}

function span(firstDay: LocalDate, endDay: LocalDate, timeZone: string): Span {
  return {
    firstDay,
    endDay,
    start: instantOf(firstDay, 0, timeZone),
    end: instantOf(endDay, 0, timeZone),
  };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
}

/** The week (Monday to Sunday) or calendar month containing `day`, in `timeZone`. */
export function periodContaining(kind: PeriodKind, day: LocalDate, timeZone: string): Span {
  if (kind === "week") {
    const monday = addDays(day, 1 - isoWeekday(day));
    return span(monday, addDays(monday, 7), timeZone);
  }
  const first = { year: day.year, month: day.month, day: 1 };
  return span(first, addMonths(first, 1), timeZone);
}

/** The period just before `current`, for "what grew" comparisons. */
export function previousPeriod(kind: PeriodKind, current: Span, timeZone: string): Span {
  return periodContaining(kind, addDays(current.firstDay, -1), timeZone);
}

/** The last `count` periods up to and including the one containing `now`, oldest first. */
export function recentPeriods(
  kind: PeriodKind,
  count: number,
  now: Date,
  timeZone: string,
): Span[] {
  const periods = [periodContaining(kind, localDateAt(now, timeZone), timeZone)];
  while (periods.length < count) {
    const earliest = periods[0] as Span;
    periods.unshift(previousPeriod(kind, earliest, timeZone));
  }
  return periods;
}
