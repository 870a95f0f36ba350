import { and, eq } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { Viewer } from "../viewer.ts";
import type { DraftAudience } from "./types.ts";

/** The audience of a post the viewer may see (an entry or a remote post), else null. */
export async function visiblePostAudience(
  ctx: Ctx,
  viewer: Viewer,
  postId: string,
): Promise<DraftAudience | null> {
  if (!isUuid(postId)) return null;
  const [entry] = await ctx.db
    .select({ audience: entries.audience })
    .from(entries)
    .where(and(eq(entries.id, postId), entryVisibleTo(viewer, "direct")));
  if (entry) return entry.audience;
  const [remote] = await ctx.db
    .select({ audience: remotePosts.audience })
    .from(remotePosts)
    .where(and(eq(remotePosts.id, postId), remotePostVisibleTo(viewer, "direct")));
  const audience = remote?.audience;
  return audience === "public" ||
    audience === "unlisted" ||
    audience === "followers" ||
    audience === "direct"
    ? audience
    : null;
}
