import {
  addDays,
  dayNumber,
  formatLocalDate,
  instantOf,
  isoWeekday,
  isoWeekKey,
  type LocalDate,
  localDateAt,
} from "./zoned-time.ts";

/** The five questions a nudge rotates through ("reflection" belongs to the digest). */
export const NUDGE_PROMPTS = [
  "working-on",
  "learning",
  "connected",
  "inspired",
  "helped-by",
] as const;
export type NudgePrompt = (typeof NUDGE_PROMPTS)[number];

export interface Rhythm {
  cadence: "daily" | "weekly" | "off";
  /** 1 = Monday … 7 = Sunday (weekly only). */
  weekday: number;
  /** "HH:MM", local. */
  localTime: string;
  timeZone: string;
}

export function minutesOf(localTime: string): number {
  const [hours = 0, minutes = 0] = localTime.split(":").map(Number);
  return hours * 60 + minutes;
}

/**
 * The first moment strictly after `after` when the member's rhythm asks a
 * question: the wall-clock time in their zone, so DST moves the instant, not
 * the hour they chose. Null when the cadence is off.
 */
export function nextOccurrence(rhythm: Rhythm, after: Date): Date | null {
  if (rhythm.cadence === "off") return null;
  const minutes = minutesOf(rhythm.localTime);
  const today = localDateAt(after, rhythm.timeZone);
  // From yesterday (a zone ahead of UTC may be a day on) through a week and a day.
  for (let offset = -1; offset <= 8; offset++) {
    const date = addDays(today, offset);
    if (rhythm.cadence === "weekly" && isoWeekday(date) !== rhythm.weekday) continue;
    const at = instantOf(date, minutes, rhythm.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error("No next occurrence within eight days");
}

export interface Period {
  /** "2026-W13" (weekly) or "2026-03-29" (daily): one nudge per member and key. */
  key: string;
  prompt: NudgePrompt;
}

/** The period an occurrence belongs to and its question, fixed by the calendar (not a counter). */
export function periodAt(rhythm: Rhythm, at: Date): Period {
  const date = localDateAt(at, rhythm.timeZone);
  if (rhythm.cadence === "daily") {
    return { key: formatLocalDate(date), prompt: rotate(dayNumber(date)) };
  }
  const monday: LocalDate = addDays(date, 1 - isoWeekday(date));
  return { key: isoWeekKey(date), prompt: rotate(Math.floor(dayNumber(monday) / 7)) };
}

function rotate(counter: number): NudgePrompt {
  return NUDGE_PROMPTS[((counter % 5) + 5) % 5] ?? "working-on";
}
