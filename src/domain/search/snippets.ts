import { and, type SQL, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { media } from "../../db/schema/media.ts";
import type { Ctx } from "../context.ts";
import type { EntryView } from "../entries/view-model.ts";
import { idIn } from "../ids.ts";
import { htmlToText } from "../markdown.ts";
import { type Highlighted, highlighter, MARKED_HERE, markedHere } from "./highlight.ts";
import { entryConfig } from "./index-entry.ts";

/**
 * Highlighted snippets, as data: a list of text pieces, some marked as
 * matches. Pages escape every piece; nothing from an entry is ever output as
 * HTML, so a snippet cannot carry markup. Texts in English or in no known
 * language are marked here (highlight.ts); others by `ts_headline`.
 */

export type { Highlighted, Piece } from "./highlight.ts";

export interface Snippet {
  /** The title with the matched words marked (empty when the entry has no title). */
  title: Highlighted;
  /** The passages of body, alt text and transcripts that matched. */
  body: Highlighted;
}

// Private-use characters mark matches: removed from the text first (also as
// character references), so only ts_headline can put them there.
export const START = "\uE000";
export const STOP = "\uE001";
export const OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

/** The text without the marker characters themselves (their references go in bodyPieces). */
export function withoutMarkers(text: SQL): SQL {
  return sql`translate(${text}, ${START + STOP}, '')`;
}

/** Character references to the markers (&#xE000; &#57345;…), which decoding would turn into markers. */
const MARKER_REFERENCE = /&#(x0*e00[01]|0*5734[45]);/gi;

/**
 * A headline of HTML text as pieces: references to the markers go before
 * the text is decoded, so only ts_headline's markers mark matches. (Done
 * here rather than in SQL, where a regular expression over every body cost
 * more than the headline's own work on short entries.)
 */
export function bodyPieces(headline: string): Highlighted {
  return pieces(htmlToText(headline.replace(MARKER_REFERENCE, "")));
}

/** Media text is plain: escaped, it reads like the body's HTML text. */
const mediaText = sql`coalesce((select string_agg(replace(replace(replace(${media.alt} || ' ' || ${media.transcript},
  '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), ' … ') from ${media} where ${media.entryId} = ${entries.id}), '')`;
const bodyText = withoutMarkers(
  sql`regexp_replace(${entries.bodyHtml}, '<[^>]*>', ' ', 'g') || ' ' || ${mediaText}`,
);

/** Splits a headline at the markers into plain and matched pieces. */
export function pieces(headline: string): Highlighted {
  const result: Highlighted = [];
  let match = false;
  for (const part of headline.split(/([\uE000\uE001])/u)) {
    if (part === START || part === STOP) {
      match = part === START;
      continue;
    }
    if (part) result.push({ text: part, match });
  }
  return result;
}

/** Whether PostgreSQL marks this configuration's texts (SQL, a regconfig): those not MARKED_HERE. */
export function markedByPostgres(config: SQL): SQL {
  return sql`${config}::text not in (${sql.join(
    MARKED_HERE.map((name) => sql`${name}`),
    sql`, `,
  )})`;
}

/** An entry's text as its snippet shows it: the body, then its media's descriptions and transcripts. */
function entryText(entry: EntryView): string {
  const described = entry.media
    .map((item) => `${item.alt} ${item.transcript}`.trim())
    .filter(Boolean)
    .join(" … ");
  return [htmlToText(entry.bodyHtml), described].filter(Boolean).join(" ");
}

/**
 * Snippets of these entries (views the viewer may see) marking the tsquery
 * `highlight` (text, from plan.ts): marked here when their language allows,
 * by ts_headline otherwise (snippetsFor, under the viewer's rule `visible`).
 */
export async function entrySnippets(
  ctx: Ctx,
  views: ReadonlyMap<string, EntryView>,
  highlight: string,
  visible: SQL,
): Promise<Map<string, Snippet>> {
  const marker = highlighter(highlight);
  const snippets = new Map<string, Snippet>();
  const elsewhere: string[] = [];
  for (const [id, entry] of views) {
    if (!markedHere(entry.language)) {
      elsewhere.push(id);
      continue;
    }
    snippets.set(id, {
      title: marker.all(entry.title, entry.language),
      body: marker.passages(entryText(entry), entry.language),
    });
  }
  if (elsewhere.length === 0) return snippets;
  for (const [id, snippet] of await snippetsFor(ctx, elsewhere, highlight, visible)) {
    snippets.set(id, snippet);
  }
  return snippets;
}

/**
 * Snippets of these entries by ts_headline, marking the tsquery `highlight`.
 * `visible` is the viewer's rule again: a snippet is only ever made of an
 * entry the viewer may see.
 */
export async function snippetsFor(
  ctx: Ctx,
  ids: readonly string[],
  highlight: string,
  visible: SQL,
): Promise<Map<string, Snippet>> {
  if (ids.length === 0) return new Map();
  const query = sql`${highlight}::tsquery`;
  const rows = await ctx.db
    .select({
      id: entries.id,
      title: sql<string>`ts_headline(${entryConfig}, ${withoutMarkers(sql`${entries.title}`)}, ${query}, ${`HighlightAll=true, StartSel=${START}, StopSel=${STOP}`})`,
      body: sql<string>`ts_headline(${entryConfig}, ${bodyText}, ${query}, ${OPTIONS})`,
    })
    .from(entries)
    .where(and(idIn(entries.id, ids), visible));
  return new Map(
    rows.map((row) => [row.id, { title: pieces(row.title), body: bodyPieces(row.body) }]),
  );
}
