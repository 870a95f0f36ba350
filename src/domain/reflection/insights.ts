import type { Ctx } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import { type QuestionStats, questionStats } from "./conversation-stats.ts";
import { type Person, peopleInteracting } from "./interactions.ts";
import { ownEntriesBetween, ownTagsBetween } from "./own-entries.ts";
import { recentPeriods, type Span } from "./periods.ts";
import { memberTimeZone } from "./settings.ts";

export const INSIGHT_WEEKS = 12;
export const INSIGHT_MONTHS = 6;
const TOP_TAGS = 5;

export interface WeekActivity {
  span: Span;
  /** Entries per prompt ("" = no prompt). */
  counts: Record<string, number>;
  total: number;
}

export interface MonthTopics {
  span: Span;
  tags: { display: string; tag: string; count: number }[];
}

export interface Insights {
  timeZone: string;
  weeks: WeekActivity[];
  months: MonthTopics[];
  people: Person[];
  questions: QuestionStats;
}

function indexOfSpan(spans: readonly Span[], at: Date): number {
  return spans.findIndex((span) => at >= span.start && at < span.end);
}

/** The member's private insights: activity by prompt, topics by month, people. */
export async function insightsFor(ctx: Ctx, user: CurrentUser): Promise<Insights> {
  const timeZone = await memberTimeZone(ctx, user.actorId);
  const now = ctx.now();
  const weekSpans = recentPeriods("week", INSIGHT_WEEKS, now, timeZone);
  const monthSpans = recentPeriods("month", INSIGHT_MONTHS, now, timeZone);
  const [own, tagUses, people, questions] = await Promise.all([
    ownEntriesBetween(ctx, user, weekSpans[0]?.start ?? now, weekSpans.at(-1)?.end ?? now),
    ownTagsBetween(ctx, user, monthSpans[0]?.start ?? now, monthSpans.at(-1)?.end ?? now),
    peopleInteracting(ctx, user.actorId, { limit: 10 }),
    questionStats(ctx, user),
  ]);
  const weeks: WeekActivity[] = weekSpans.map((span) => ({ span, counts: {}, total: 0 }));
  for (const entry of own) {
    const week = weeks[indexOfSpan(weekSpans, entry.publishedAt)];
    if (!week) continue;
    const prompt = entry.prompt ?? "";
    week.counts[prompt] = (week.counts[prompt] ?? 0) + 1;
    week.total++;
  }
  const perMonth = monthSpans.map(
    () => new Map<string, { display: string; tag: string; count: number }>(),
  );
  for (const use of tagUses) {
    const tags = perMonth[indexOfSpan(monthSpans, use.publishedAt)];
    if (!tags) continue;
    const row = tags.get(use.tag) ?? { display: use.display, tag: use.tag, count: 0 };
    row.count++;
    tags.set(use.tag, row);
  }
  const months = monthSpans.map((span, i) => ({
    span,
    tags: [...(perMonth[i]?.values() ?? [])]
      .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
      .slice(0, TOP_TAGS),
  }));
  return { timeZone, weeks, months, people, questions };
}
