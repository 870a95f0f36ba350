import { and, count, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import { entries } from "../../db/schema/entries.ts";
import { skillEvidence, skills } from "../../db/schema/portfolios.ts";
import { parseInput } from "../accounts/members.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import { type DiscussedEntry, mostDiscussed } from "./conversation-stats.ts";
import { FOLLOW_KINDS, HELPING_KINDS, type Person, peopleInteracting } from "./interactions.ts";
import { type OwnEntry, ownEntriesBetween, ownTagsBetween } from "./own-entries.ts";
import { type PeriodKind, periodContaining, previousPeriod, type Span } from "./periods.ts";
import { memberTimeZone } from "./settings.ts";
import { type LocalDate, localDateAt, parseLocalDate } from "./zoned-time.ts";

const digestQuery = z.object({
  period: z.enum(["week", "month"], { error: "Choose week or month" }).default("week"),
  of: z
    .string()
    .optional()
    .refine((text) => !text || parseLocalDate(text) !== null, "Use a date like 2026-03-16"),
});

export interface TagGrowth {
  tag: string;
  display: string;
  now: number;
  before: number;
}

export interface Digest {
  kind: PeriodKind;
  span: Span;
  previous: Span;
  next: Span;
  timeZone: string;
  /** The member's entries of the period, grouped by prompt ("" = none), oldest first. */
  byPrompt: { prompt: string; entries: OwnEntry[] }[];
  entries: OwnEntry[];
  tagsGrew: TagGrowth[];
  skillsGrew: { slug: string; name: string; added: number }[];
  /** Follows both ways that began in the period. */
  connections: Person[];
  /** People who replied, answered, shared or liked in the period, with links to those moments. */
  whoHelped: Person[];
  /** The member's entries that drew the most conversation in the period. */
  mostDiscussed: DiscussedEntry[];
}

/** Which period a digest URL asks for (the current one by default). */
export async function digestPeriod(
  ctx: Ctx,
  user: CurrentUser,
  query: { period?: string; of?: string },
): Promise<{ kind: PeriodKind; span: Span; timeZone: string }> {
  const input = parseInput(digestQuery, {
    period: query.period || undefined,
    of: query.of || undefined,
  });
  const timeZone = await memberTimeZone(ctx, user.actorId);
  const day: LocalDate = (input.of && parseLocalDate(input.of)) || localDateAt(ctx.now(), timeZone);
  return { kind: input.period, span: periodContaining(input.period, day, timeZone), timeZone };
}

/** Tags used more this period than the one before. */
export function tagGrowth(
  current: readonly { tag: string; display: string }[],
  earlier: readonly { tag: string }[],
): TagGrowth[] {
  const grown = new Map<string, TagGrowth>();
  for (const use of current) {
    const row = grown.get(use.tag) ?? { tag: use.tag, display: use.display, now: 0, before: 0 };
    row.now++;
    grown.set(use.tag, row);
  }
  for (const use of earlier) {
    const row = grown.get(use.tag);
    if (row) row.before++;
  }
  return [...grown.values()]
    .filter((row) => row.now > row.before)
    .sort((a, b) => b.now - b.before - (a.now - a.before) || a.tag.localeCompare(b.tag));
}

async function skillsWithNewEvidence(ctx: Ctx, user: CurrentUser, span: Span) {
  return ctx.db
    .select({ slug: skills.slug, name: skills.name, added: count() })
    .from(skillEvidence)
    .innerJoin(skills, eq(skills.id, skillEvidence.skillId))
    .innerJoin(entries, eq(entries.id, skillEvidence.entryId))
    .where(
      and(
        eq(skills.ownerId, user.actorId),
        entryVisibleTo(user, "listing"),
        gte(skillEvidence.addedAt, span.start),
        lt(skillEvidence.addedAt, span.end),
      ),
    )
    .groupBy(skills.id, skills.slug, skills.name)
    .orderBy(skills.name);
}

const PROMPT_ORDER = [
  "working-on",
  "learning",
  "connected",
  "inspired",
  "helped-by",
  "reflection",
  "",
];

/** The member's own digest of one week or month. */
export async function digestFor(
  ctx: Ctx,
  user: CurrentUser,
  query: { period?: string; of?: string },
): Promise<Digest> {
  const { kind, span, timeZone } = await digestPeriod(ctx, user, query);
  const previous = previousPeriod(kind, span, timeZone);
  const next = periodContaining(kind, span.endDay, timeZone);
  const period = { from: span.start, to: span.end, limit: 50 };
  const [own, tagsNow, tagsBefore, skillsGrew, connections, whoHelped, discussed] =
    await Promise.all([
      ownEntriesBetween(ctx, user, span.start, span.end),
      ownTagsBetween(ctx, user, span.start, span.end),
      ownTagsBetween(ctx, user, previous.start, previous.end),
      skillsWithNewEvidence(ctx, user, span),
      peopleInteracting(ctx, user.actorId, { ...period, kinds: FOLLOW_KINDS }),
      peopleInteracting(ctx, user.actorId, { ...period, kinds: HELPING_KINDS }),
      mostDiscussed(ctx, user, span),
    ]);
  const byPrompt = PROMPT_ORDER.map((prompt) => ({
    prompt,
    entries: own.filter((entry) => (entry.prompt ?? "") === prompt),
  })).filter((group) => group.entries.length > 0);
  return {
    kind,
    span,
    previous,
    next,
    timeZone,
    byPrompt,
    entries: own,
    tagsGrew: tagGrowth(tagsNow, tagsBefore),
    skillsGrew,
    connections,
    whoHelped,
    mostDiscussed: discussed,
  };
}
