import { type SQL, sql } from "drizzle-orm";
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

/** What a document is built from, as SQL text values (`tags` space-separated). */
interface DocumentFields {
  language: SQL;
  name: SQL;
  tags: SQL;
  contentHtml: SQL;
  summary: SQL;
}

function documentOf(fields: DocumentFields): SQL {
  const config = sql`outloud_search_config(${fields.language})`;
  const text = sql`regexp_replace(${fields.contentHtml}, '<[^>]*>', ' ', 'g')`;
  return sql`${weightedWith(config, fields.name, "A")}
  || ${GAP} || ${weightedWith(config, fields.tags, "B")}
  || ${GAP} || ${weightedWith(config, sql`${text} || ' ' || ${fields.summary}`, "C")}`;
}

/** A stored post's document, from its row. */
export const remotePostDocument: SQL = documentOf({
  language: sql`${remotePosts.language}`,
  name: sql`${remotePosts.name}`,
  tags: sql`array_to_string(${remotePosts.tags}, ' ')`,
  contentHtml: sql`${remotePosts.contentHtml}`,
  summary: sql`${remotePosts.summary}`,
});

/**
 * The document of a post about to be stored, from the values being written:
 * storeRemotePost writes it with the row in one statement, rather than
 * inserting and then updating (a second row version, every index written twice).
 */
export function remotePostDocumentFor(values: {
  language: string | null;
  name: string;
  tags: string[];
  contentHtml: string;
  summary: string;
}): SQL {
  return documentOf({
    language: sql`${values.language}::text`,
    name: sql`${values.name}::text`,
    tags: sql`${values.tags.join(" ")}::text`,
    contentHtml: sql`${values.contentHtml}::text`,
    summary: sql`${values.summary}::text`,
  });
}

/** Rebuilds every remote post's document in one statement (the benchmark's seed, a changed rule). */
export async function rebuildRemoteSearchIndex(ctx: Ctx): Promise<number> {
  const result = await ctx.db.update(remotePosts).set({ search: remotePostDocument });
  return (result as { count?: number }).count ?? 0;
}
