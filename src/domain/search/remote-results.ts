import { and, type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { Position } from "../entries/cursor.ts";
import { EXCERPT_CHARS } from "../entries/view-model.ts";
import { idIn } from "../ids.ts";
import { excerpt, htmlToText } from "../markdown.ts";
import type { Viewer } from "../viewer.ts";
import type { RankPosition } from "./cursor.ts";
import { highlighter } from "./highlight.ts";
import { remotePostConfig, remotePostText } from "./index-remote-post.ts";
import { type Rankable, type Ranked, rankedAfter } from "./pages.ts";
import { remotePostAt } from "./remote-conditions.ts";
import {
  bodyPieces,
  markedByPostgres,
  OPTIONS,
  pieces,
  type Snippet,
  START,
  STOP,
  withoutMarkers,
} from "./snippets.ts";

/**
 * Posts received from other servers among search results. Every query here
 * carries `remotePostVisibleTo(viewer, "listing")`: results, the count and
 * the snippets follow the same rule as the home timeline and thread pages.
 */

/** A remote post as a search result shows it; its page is `/posts/<id>`. */
export interface RemotePostHit {
  id: string;
  author: { id: string; handle: string; host: string; displayName: string };
  name: string;
  summary: string;
  excerpt: string;
  language: string | null;
  /** When it was written, else when it arrived. */
  at: Date;
  /** Where it lives on its own server. */
  url: string | null;
}

/** What a remote result must be: listed for the viewer, matching, maybe newer than `since`. */
export function remoteSearchCondition(
  viewer: Viewer,
  where: SQL | undefined,
  since?: Date | null,
): SQL {
  const newer = since ? sql`${remotePostAt} > ${since.toISOString()}::timestamptz` : undefined;
  return and(remotePostVisibleTo(viewer, "listing"), where, newer)!;
}

/** How many remote posts match, counting no further than `cap + 1`. */
export async function countRemoteMatches(ctx: Ctx, where: SQL, cap: number): Promise<number> {
  const limited = ctx.db
    .select({ one: sql`1` })
    .from(remotePosts)
    .where(where)
    .limit(cap + 1);
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(limited.as("matches"));
  return row?.n ?? 0;
}

/**
 * Remote posts among the (at most `cap`) matches, found without any ordering:
 * as for entries (entries.ts), when few match, PostgreSQL is told so rather
 * than walking the newest-first index hoping to meet a rare word early.
 */
export function fewRemoteMatches(where: SQL, cap: number): SQL {
  // The inner "remote_posts" shadows the outer one, so `where` reads the inner rows.
  return sql`${remotePosts.id} in (select ${remotePosts.id} from ${remotePosts} where ${where} limit ${cap + 1})`;
}

/** Up to `limit` matches newest first after `position` (the page's shared keyset). */
export async function remotePositions(
  ctx: Ctx,
  where: SQL,
  position: Position | null,
  limit: number,
): Promise<Position[]> {
  const after = position
    ? sql`(${remotePostAt}, ${remotePosts.id}) < (${position.at.toISOString()}::timestamptz, ${position.id}::uuid)`
    : undefined;
  const rows = await ctx.db
    .select({ id: remotePosts.id, at: sql<string>`${remotePostAt}` })
    .from(remotePosts)
    .where(and(where, after))
    .orderBy(sql`${remotePostAt} desc nulls last`, sql`${remotePosts.id} desc nulls last`)
    .limit(limit);
  return rows.map((row) => ({ id: row.id, at: new Date(row.at) }));
}

/** Remote posts as search reads them (pages.ts): the same keysets as entries. */
export const REMOTE_SOURCE: Rankable = {
  table: remotePosts,
  id: remotePosts.id,
  search: remotePosts.search,
  at: remotePostAt,
  newest: [sql`${remotePostAt} desc nulls last`, sql`${remotePosts.id} desc nulls last`],
  remote: true,
};

/** Up to `limit` matches best first after `position`, on the (rank, id) keyset entries use. */
export function remoteRankPositions(
  ctx: Ctx,
  where: SQL,
  tsquery: string,
  position: RankPosition | null,
  limit: number,
): Promise<Ranked> {
  return rankedAfter(ctx, REMOTE_SOURCE, where, tsquery, position, limit);
}

/**
 * The results' views, with snippets marking `highlight` when there are words;
 * `visible` is the viewer's rule again, so nothing outside it is shown.
 */
export async function remoteHits(
  ctx: Ctx,
  ids: readonly string[],
  visible: SQL,
  highlight: string | null,
): Promise<Map<string, { remote: RemotePostHit; snippet: Snippet | null }>> {
  if (ids.length === 0) return new Map();
  const query = sql`${highlight ?? ""}::tsquery`;
  // Null when the post's language is marked here (highlight.ts), as for entries.
  const headline = (text: SQL, options: string) =>
    highlight
      ? sql<string | null>`case when ${markedByPostgres(remotePostConfig)}
          then ts_headline(${remotePostConfig}, ${text}, ${query}, ${options}) end`
      : sql<string | null>`null`;
  const rows = await ctx.db
    .select({
      id: remotePosts.id,
      authorId: actors.id,
      handle: actors.handle,
      host: actors.host,
      displayName: actors.displayName,
      name: remotePosts.name,
      summary: remotePosts.summary,
      contentHtml: remotePosts.contentHtml,
      language: remotePosts.language,
      url: remotePosts.url,
      at: sql<string>`${remotePostAt}`,
      title: headline(
        withoutMarkers(sql`${remotePosts.name}`),
        `HighlightAll=true, StartSel=${START}, StopSel=${STOP}`,
      ),
      body: headline(withoutMarkers(remotePostText), OPTIONS),
    })
    .from(remotePosts)
    .innerJoin(actors, sql`${actors.id} = ${remotePosts.authorId}`)
    .where(and(idIn(remotePosts.id, ids), visible));
  const marker = highlight ? highlighter(highlight) : null;
  const snippetOf = (row: (typeof rows)[number], text: string): Snippet | null => {
    if (!marker) return null;
    if (row.title === null || row.body === null) {
      return {
        title: marker.all(row.name, row.language),
        body: marker.passages(text, row.language),
      };
    }
    return { title: pieces(row.title), body: bodyPieces(row.body) };
  };
  return new Map(
    rows.map((row) => {
      const text = htmlToText(row.contentHtml);
      return [
        row.id,
        {
          remote: {
            id: row.id,
            author: {
              id: row.authorId,
              handle: row.handle,
              host: row.host ?? "",
              displayName: row.displayName,
            },
            name: row.name,
            summary: row.summary,
            excerpt: excerpt(text, EXCERPT_CHARS),
            language: row.language,
            at: new Date(row.at),
            url: row.url,
          },
          snippet: snippetOf(row, text),
        },
      ];
    }),
  );
}
