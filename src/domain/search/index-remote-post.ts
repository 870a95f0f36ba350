import { eq, type SQL, sql } from "drizzle-orm";
import { remotePosts } from "../../db/schema/federation.ts";
import type { Ctx } from "../context.ts";
import { GAP, weightedWith } from "./index-entry.ts";

/**
 * A remote post's search document, kept in `remote_posts.search`, built like
 * an entry's (index-entry.ts): name A, tags B, content (tags stripped to
 * plain text) and summary C, with the post's language configuration and
 * `simple`.
 */

/** The post's language as a text-search configuration (`simple` when unknown). */
export const remotePostConfig = sql`outloud_search_config(${remotePosts.language})`;

/** The content as plain text (sanitized HTML, tags replaced by spaces). */
export const remotePostText = sql`regexp_replace(${remotePosts.contentHtml}, '<[^>]*>', ' ', 'g')`;

const tagText = sql`array_to_string(${remotePosts.tags}, ' ')`;

export const remotePostDocument: SQL = sql`${weightedWith(remotePostConfig, sql`${remotePosts.name}`, "A")}
  || ${GAP} || ${weightedWith(remotePostConfig, tagText, "B")}
  || ${GAP} || ${weightedWith(remotePostConfig, sql`${remotePostText} || ' ' || ${remotePosts.summary}`, "C")}`;

/** Rebuilds one remote post's document; call it where its content is stored (storeRemotePost). */
export async function refreshRemotePostSearch(tx: Ctx, id: string): Promise<void> {
  await tx.db.update(remotePosts).set({ search: remotePostDocument }).where(eq(remotePosts.id, id));
}

/** Rebuilds every remote post's document in one statement (the benchmark's seed, a changed rule). */
export async function rebuildRemoteSearchIndex(ctx: Ctx): Promise<number> {
  const result = await ctx.db.update(remotePosts).set({ search: remotePostDocument });
  return (result as { count?: number }).count ?? 0;
}
