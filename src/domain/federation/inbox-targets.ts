import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { actors, users } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { isLocalHandle } from "../accounts/members.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";

/** A post here that an incoming URI names: one of our entries, or a remote post we keep. */
export interface PostTarget {
  kind: "entry" | "remote";
  id: string;
  authorId: string;
  /** The thread's root id (the post itself for a root). */
  conversationId: string;
  /** Whether the author is one of our members (only they are notified). */
  authorIsLocal: boolean;
}

const PERMALINK = /^\/@([A-Za-z0-9_]{1,30})\/([0-9a-f-]{36})$/i;

/** The id of our entry whose permalink `uri` is (by its path on our origin), or null. */
export function entryIdOfUri(ctx: Ctx, uri: string): { id: string; handle: string } | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.origin !== new URL(ctx.config.publicUrl).origin || url.search) return null;
  const match = PERMALINK.exec(url.pathname);
  return match?.[1] && match[2] && isUuid(match[2]) ? { handle: match[1], id: match[2] } : null;
}

/**
 * The post an ActivityPub id names, as `actorId` (the remote actor who
 * replied, liked or shared) may see it: an entry by its permalink on our
 * origin, through `entryVisibleTo` (a private or followers-only entry the
 * actor may not read is not a target), or a stored remote post by its id.
 */
export async function findPostByUri(
  ctx: Ctx,
  uri: string,
  actorId: string,
): Promise<PostTarget | null> {
  const local = entryIdOfUri(ctx, uri);
  if (local) {
    const [row] = await ctx.db
      .select({
        id: entries.id,
        authorId: entries.authorId,
        conversationId: entries.conversationId,
      })
      .from(entries)
      .innerJoin(actors, eq(actors.id, entries.authorId))
      .where(
        and(
          eq(entries.id, local.id),
          isLocalHandle(local.handle),
          entryVisibleTo({ actorId }, "direct"),
        ),
      );
    return row ? targetOf("entry", row) : null;
  }
  const [row] = await ctx.db
    .select({
      id: remotePosts.id,
      authorId: remotePosts.authorId,
      conversationId: remotePosts.conversationId,
    })
    .from(remotePosts)
    .where(eq(remotePosts.uri, uri));
  return row ? targetOf("remote", row) : null;
}

function targetOf(
  kind: PostTarget["kind"],
  row: { id: string; authorId: string; conversationId: string | null },
): PostTarget {
  // Our entries are by members; remote posts by remote actors.
  const authorIsLocal = kind === "entry";
  return { kind, ...row, conversationId: row.conversationId ?? row.id, authorIsLocal };
}

/** Our members' actor ids for these handles (unknown handles are skipped). */
export async function localActorIds(ctx: Ctx, handles: string[]): Promise<string[]> {
  const wanted = [...new Set(handles.map((h) => h.toLowerCase()))].slice(0, 100);
  if (wanted.length === 0) return [];
  const rows = await ctx.db
    .select({ id: actors.id })
    .from(actors)
    .innerJoin(users, eq(users.actorId, actors.id))
    .where(and(isNull(actors.host), inArray(sql`lower(${actors.handle})`, wanted)));
  return rows.map((r) => r.id);
}
