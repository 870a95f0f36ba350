import { eq, type SQL, sql } from "drizzle-orm";
import { entries, entryTags } from "../../db/schema/entries.ts";
import { media } from "../../db/schema/media.ts";
import type { Ctx } from "../context.ts";

/**
 * An entry's search document: a weighted tsvector kept in `entries.search`.
 * Title A, tags B, body, content warning, media alt text and transcripts C.
 * Each part is indexed twice: with the text-search configuration of the
 * entry's language (stems: "learning" → "learn"; `outloud_search_config`, a
 * migration) and with `simple` (the words as written, for exact phrases and
 * for searchers writing in another language). See docs/adr/0009.
 */

/** The entry's language as a text-search configuration (`simple` when unknown). */
export const entryConfig = sql`outloud_search_config(${entries.language})`;

/**
 * A one-position spacer between the parts: `||` puts the right part right
 * after the left one, and without it "…redesign" + "onboarding…" from two
 * parts would match the phrase "redesign onboarding". Its lexeme is a space,
 * which no query can contain.
 */
export const GAP = sql`$$' ':1$$::tsvector`;

/** `text` indexed with `config` and as written, at `weight` (remote posts use it too). */
export function weightedWith(config: SQL, text: SQL, weight: "A" | "B" | "C"): SQL {
  return sql`setweight(to_tsvector(${config}, ${text}) || case when ${config} = 'simple'::regconfig
    then ''::tsvector else ${GAP} || to_tsvector('simple', ${text}) end, ${sql.raw(`'${weight}'`)})`;
}

/** `text` indexed with the entry's configuration and as written, at `weight`. */
function weighted(text: SQL, weight: "A" | "B" | "C"): SQL {
  return weightedWith(entryConfig, text, weight);
}

const tagText = sql`coalesce((select string_agg(${entryTags.display}, ' ') from ${entryTags}
  where ${entryTags.entryId} = ${entries.id}), '')`;

/** Alt text and transcripts of the entry's media (written by the member). */
const mediaText = sql`coalesce((select string_agg(${media.alt} || ' ' || ${media.transcript}, ' ')
  from ${media} where ${media.entryId} = ${entries.id}), '')`;

/**
 * The document of the row being updated. HTML tags and entities in the body
 * are token types no configuration indexes, so the stored HTML is indexed as is.
 */
export const searchDocument: SQL = sql`${weighted(sql`${entries.title}`, "A")}
  || ${GAP} || ${weighted(tagText, "B")}
  || ${GAP} || ${weighted(sql`${entries.bodyHtml} || ' ' || ${entries.contentWarning} || ' ' || ${mediaText}`, "C")}`;

/**
 * Rebuilds one entry's search document from its row, its tags and its media.
 * Call it in the transaction that changed any of them (entries/store.ts does
 * for create and update; media does when alt text or a transcript changes).
 */
export async function refreshEntrySearch(tx: Ctx, entryId: string): Promise<void> {
  await tx.db.update(entries).set({ search: searchDocument }).where(eq(entries.id, entryId));
}

/**
 * Rebuilds every entry's document in one statement (bulk imports, the
 * benchmark's seed, a changed indexing rule). Returns how many it rebuilt.
 */
export async function rebuildSearchIndex(ctx: Ctx): Promise<number> {
  const result = await ctx.db.update(entries).set({ search: searchDocument });
  return (result as { count?: number }).count ?? 0;
}
