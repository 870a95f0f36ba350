import { sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import type { DirectoryMember } from "./directory.ts";
import { listedMember } from "./directory.ts";
import { NEWEST } from "./pages.ts";

/** Someone to follow, with the tags they share with the member. */
export interface Suggestion extends DirectoryMember {
  /** How many of their recent entries carry one of the member's tags. */
  shared: number;
}

/** The member's own most used tags that are matched against others'. */
const OWN_TAGS = 20;
/** Others' entries looked at: the newest with one of those tags. */
const CANDIDATE_SAMPLE = 2000;

/**
 * "People to follow": members listed in the directory whom the member does
 * not follow yet, ranked by how many of their recent entries (that the member
 * may see) carry the member's own most used tags.
 */
export async function peopleToFollow(
  ctx: Ctx,
  member: CurrentUser,
  limit = 5,
): Promise<Suggestion[]> {
  const rows = await ctx.db.execute<{
    handle: string;
    display_name: string;
    headline: string;
    avatar_key: string | null;
    shared: number;
    tags: string[];
  }>(sql`
    with mine as (
      select et.tag from entry_tags et join ${entries} on ${entries.id} = et.entry_id
      where ${entries.authorId} = ${member.actorId} and ${entries.status} = 'published'
      group by et.tag order by count(*) desc, et.tag limit ${OWN_TAGS}
    ), candidates as (
      select ${entries.id} as id, ${entries.authorId} as author_id from ${entries}
      where ${entries.authorId} <> ${member.actorId} and ${entryVisibleTo(member, "listing")}
        and exists (select 1 from entry_tags et where et.entry_id = ${entries.id}
          and et.tag in (select tag from mine))
      order by ${sql.join(NEWEST, sql`, `)} limit ${CANDIDATE_SAMPLE}
    )
    select ${actors.handle} as handle, ${actors.displayName} as display_name,
      ${actors.headline} as headline, ${actors.avatarKey} as avatar_key,
      count(distinct c.id)::int as shared,
      array_agg(distinct et.tag order by et.tag) as tags
    from candidates c
    join ${actors} on ${actors.id} = c.author_id
    join entry_tags et on et.entry_id = c.id and et.tag in (select tag from mine)
    where ${listedMember} and not exists (select 1 from follows f
      where f.follower_id = ${member.actorId} and f.followed_id = ${actors.id})
    group by ${actors.id}
    order by shared desc, lower(${actors.handle})
    limit ${limit}`);
  return rows.map((row) => ({
    handle: row.handle,
    displayName: row.display_name || row.handle,
    headline: row.headline,
    avatarKey: row.avatar_key,
    shared: row.shared,
    // The shared tags, in their lookup form (the one in tag page addresses).
    topTags: row.tags.slice(0, 5).map((tag) => ({ tag, display: tag })),
  }));
}
