import { sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { Viewer } from "../viewer.ts";

/** How the member and one other account stand (the client API's Relationship). */
export interface RelationshipFlags {
  /** The member follows them (accepted). */
  following: boolean;
  /** They follow the member (accepted). */
  followedBy: boolean;
  /** The member asked to follow them; they have not answered yet. */
  requested: boolean;
  /** They asked to follow the member, who has not answered yet. */
  requestedBy: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
  mutingNotifications: boolean;
}

export const NO_RELATIONSHIP: Readonly<RelationshipFlags> = Object.freeze({
  following: false,
  followedBy: false,
  requested: false,
  requestedBy: false,
  blocking: false,
  blockedBy: false,
  muting: false,
  mutingNotifications: false,
});

/**
 * The relationship flags between the member and each of `actorIds`, in one
 * query. Every requested id is in the map (unknown ids get no relationship).
 */
export async function relationshipFlags(
  ctx: Ctx,
  user: Viewer,
  actorIds: readonly string[],
): Promise<Map<string, RelationshipFlags>> {
  const ids = [...new Set(actorIds.filter(isUuid))];
  const result = new Map<string, RelationshipFlags>();
  for (const id of actorIds) result.set(id, { ...NO_RELATIONSHIP });
  if (ids.length === 0 || user.actorId === null) return result;
  const me = user.actorId;
  const now = ctx.now().toISOString();
  const rows = await ctx.db.execute<{ id: string } & Record<keyof RelationshipFlags, boolean>>(sql`
    select t.id,
      exists (select 1 from follows f where f.follower_id = ${me} and f.followed_id = t.id and f.state = 'accepted') as "following",
      exists (select 1 from follows f where f.follower_id = t.id and f.followed_id = ${me} and f.state = 'accepted') as "followedBy",
      exists (select 1 from follows f where f.follower_id = ${me} and f.followed_id = t.id and f.state = 'pending') as "requested",
      exists (select 1 from follows f where f.follower_id = t.id and f.followed_id = ${me} and f.state = 'pending') as "requestedBy",
      exists (select 1 from blocks b where b.actor_id = ${me} and b.target_id = t.id) as "blocking",
      exists (select 1 from blocks b where b.actor_id = t.id and b.target_id = ${me}) as "blockedBy",
      exists (select 1 from mutes m where m.actor_id = ${me} and m.target_id = t.id
        and (m.expires_at is null or m.expires_at > ${now}::timestamptz)) as "muting",
      exists (select 1 from mutes m where m.actor_id = ${me} and m.target_id = t.id and m.hide_notifications
        and (m.expires_at is null or m.expires_at > ${now}::timestamptz)) as "mutingNotifications"
    from unnest(array[${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}]::uuid[]) as t(id)`);
  for (const { id, ...flags } of rows) result.set(id, flags);
  return result;
}
