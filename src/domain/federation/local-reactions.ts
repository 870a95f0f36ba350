import { sql } from "drizzle-orm";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { ANONYMOUS } from "../viewer.ts";
import { postSql } from "./social-outgoing.ts";

/** A `Like` or `Announce` a member made here, as its id URL serves it. */
export interface LocalReaction {
  uri: string;
  actorHandle: string;
  /** The liked or shared post's ActivityPub id, and its author's. */
  object: string;
  postAuthor: string | null;
  /** Shares: who sees it. */
  audience: "public" | "unlisted" | "followers" | null;
  createdAt: Date;
}

/**
 * A member's like or share, served at its id (`/activities/like|share/<id>`)
 * to anyone, when anyone may see both: a share that is public or unlisted,
 * of a post an anonymous visitor may open (the one rule for entries and
 * remote posts decides). Otherwise null (404).
 */
export async function localReaction(
  ctx: Ctx,
  kind: "like" | "share",
  id: string,
): Promise<LocalReaction | null> {
  if (!isUuid(id)) return null;
  const table = kind === "like" ? sql`likes` : sql`shares`;
  const audience = kind === "like" ? sql`null::text` : sql`r.audience`;
  const [row] = await ctx.db.execute<{
    uri: string;
    handle: string;
    object: string;
    author_uri: string | null;
    audience: LocalReaction["audience"];
    created_at: string | Date;
  }>(sql`
    select r.uri, a.handle, p.uri as object, p.author_uri, ${audience} as audience, r.created_at
    from ${table} r
    join actors a on a.id = r.actor_id and a.host is null,
      lateral (${postSql(ctx, sql`r.entry_id`, sql`r.remote_post_id`)}) p
    where r.id = ${id} and r.uri is not null and p.uri is not null
      and ${audience} is distinct from 'followers'
      and (exists (select 1 from entries where entries.id = r.entry_id
            and ${entryVisibleTo(ANONYMOUS, "direct")})
        or exists (select 1 from remote_posts where remote_posts.id = r.remote_post_id
            and ${remotePostVisibleTo(ANONYMOUS, "direct")}))`);
  if (!row) return null;
  return {
    uri: row.uri,
    actorHandle: row.handle,
    object: row.object,
    postAuthor: row.author_uri,
    audience: row.audience,
    createdAt: new Date(row.created_at),
  };
}
