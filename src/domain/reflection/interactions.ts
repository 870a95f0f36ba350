import { sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";

/**
 * Every way another person took part in a member's work, as rows of
 * (person, kind, at, moment). Today a local instance knows only follows
 * both ways; replies, answers, shares and likes arrive with federation and
 * each becomes one more `union all` branch here (with `moment` pointing at
 * the reply or share), without changing the digest or the insights.
 */
function interactionsOf(actorId: string) {
  return sql`(
    select f.follower_id as person_id, 'followed-you' as kind, f.created_at as at, null::text as moment
      from follows f where f.followed_id = ${actorId} and f.state = 'accepted'
    union all
    select f.followed_id, 'you-followed', f.created_at, null::text
      from follows f where f.follower_id = ${actorId} and f.state = 'accepted'
  )`;
}

export type InteractionKind = "followed-you" | "you-followed";

export interface Person {
  handle: string;
  host: string | null;
  displayName: string;
  /** The kinds of interaction, distinct, in a stable order. */
  kinds: InteractionKind[];
  count: number;
  /** The latest interaction. */
  lastAt: Date;
}

/** People who interacted with the member, most interactions first ([from, to) when given). */
export async function peopleInteracting(
  ctx: Ctx,
  actorId: string,
  range: { from?: Date; to?: Date; limit: number },
): Promise<Person[]> {
  const from = range.from?.toISOString() ?? null;
  const to = range.to?.toISOString() ?? null;
  const rows = await ctx.db.execute<{
    handle: string;
    host: string | null;
    display_name: string;
    kinds: InteractionKind[];
    count: number;
    last_at: string | Date;
  }>(sql`
    select a.handle, a.host, a.display_name, array_agg(distinct i.kind order by i.kind) as kinds,
      count(*)::int as count, max(i.at) as last_at
    from ${interactionsOf(actorId)} i join actors a on a.id = i.person_id
    where (${from}::timestamptz is null or i.at >= ${from}::timestamptz)
      and (${to}::timestamptz is null or i.at < ${to}::timestamptz)
    group by a.id, a.handle, a.host, a.display_name
    order by count(*) desc, max(i.at) desc, a.handle
    limit ${range.limit}`);
  return rows.map((row) => ({
    handle: row.handle,
    host: row.host,
    displayName: row.display_name,
    kinds: row.kinds,
    count: row.count,
    lastAt: new Date(row.last_at),
  }));
}
