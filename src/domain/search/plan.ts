import { type SQL, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import type { Ctx } from "../context.ts";
import type { Viewer } from "../viewer.ts";
import {
  allOf,
  anyOf,
  clauseCondition,
  hashesTag,
  matchesText,
  termConditionWith,
  testsTag,
  testsText,
} from "./conditions.ts";
import { formatTerm } from "./format.ts";
import {
  COMMON_SHARE,
  isCommonTag,
  rowsPublished,
  type SearchTable,
  searchedRows,
  tagRows,
  tagShare,
  textShare,
} from "./frequency.ts";
import { RELEVANCE_WINDOW } from "./pages.ts";
import { isTextClause, type SearchQuery, type Term } from "./query.ts";
import { remoteClauseCondition, remoteGroups, remoteMatchesText } from "./remote-conditions.ts";

/** A parsed query made ready to run: its condition on entries and what to rank by. */
export interface SearchPlan {
  /** The query's conditions (without the viewer's: the caller adds `entryVisibleTo`). */
  where: SQL | undefined;
  /**
   * When entries are found by walking the newest and testing their tags
   * (testedTags): what the indexes of publication times can test alone, the
   * tags as hashes and the dates, so that entries without the tags are
   * never read (pages.ts, walkedEntries). Null otherwise.
   */
  walk: SQL | null;
  /**
   * The same conditions on `remote_posts` (the caller adds
   * `remotePostVisibleTo`); null when a group holds only operators entries
   * have (`kind:note`), so remote posts are left out.
   */
  remoteWhere: SQL | undefined | null;
  /**
   * Whether the words looked for are common in each table: then a page of the
   * newest matches is found in a few rows, and counts them too (entries.ts).
   */
  common: { entries: boolean; remote: boolean };
  /** The tsquery (as text) of the words and phrases looked for; null when there are none. */
  rank: string | null;
  /** The tsquery snippets mark matches with (null with `rank`). */
  highlight: string | null;
  /** Words PostgreSQL found nothing searchable in (they are left out). */
  ignored: string[];
}

/** Stems for searchers writing English, plus those of any `lang:` asked for. */
function stemmingConfigs(query: SearchQuery): SQL[] {
  const languages = query.groups
    .flat()
    .flatMap((t) => (t.type === "lang" && !t.negated ? [t.language] : []));
  return [
    sql`'english'::regconfig`,
    ...[...new Set(languages)].map((l) => sql`outloud_search_config(${l})`),
  ];
}

/** What PostgreSQL made of each word and phrase. */
interface Compiled {
  /** What entries must match. */
  match: string[];
  /** What snippets mark: a phrase's words one by one, with their stems. */
  highlight: string[];
}

/**
 * Each word's tsquery: the word as written (`simple`) or any of its stems; a
 * phrase: its words as written, in order. Made by PostgreSQL in one round
 * trip, so the main query carries tsquery constants the planner can see.
 */
async function compileTerms(ctx: Ctx, query: SearchQuery, terms: Term[]): Promise<Compiled> {
  if (terms.length === 0) return { match: [], highlight: [] };
  const configs = stemmingConfigs(query);
  // The forms as alternatives, each once ("team" is its own stem: 'team', not 'team' | 'team').
  const anyForm = (fn: "phraseto_tsquery" | "plainto_tsquery", text: string) =>
    sql`coalesce((select string_agg(distinct '(' || form::text || ')', ' | ')
      from unnest(array[${sql.raw(fn)}('simple', ${text})${sql.join(
        configs.map((config) => sql`, ${sql.raw(fn)}(${config}, ${text})`),
      )}]) as form where form::text <> ''), '')`;
  const texts = terms.map((term) => (isTextClause(term) ? term.text : ""));
  const match = terms.map((term, i) =>
    term.type === "phrase"
      ? sql`phraseto_tsquery('simple', ${texts[i]})::text`
      : anyForm("phraseto_tsquery", texts[i] ?? ""),
  );
  const highlight = terms.map((term, i) =>
    term.type === "phrase" ? anyForm("plainto_tsquery", texts[i] ?? "") : sql`''`,
  );
  const rows = await ctx.db.execute<{ match: string[]; highlight: string[] }>(
    sql`select array[${sql.join(match, sql`, `)}]::text[] as match,
      array[${sql.join(highlight, sql`, `)}]::text[] as highlight`,
  );
  const row = rows[0];
  const matched = row?.match ?? [];
  return {
    match: matched,
    highlight: matched.map((q, i) => row?.highlight[i] || q),
  };
}

const wrap = (tsquery: string, negated: boolean) => (negated ? `!(${tsquery})` : `(${tsquery})`);

/**
 * The query's groups as one condition: groups of only words and phrases fold
 * into one tsquery (one index lookup), the others become alternatives.
 */
function conditionsOf(
  query: SearchQuery,
  tsqueryOf: (term: Term) => string | null,
  text: (tsquery: string) => SQL,
  term: (term: Term) => SQL | null,
): SQL | undefined {
  const textParts: string[] = [];
  const conditions: (SQL | null)[] = [];
  for (const group of query.groups) {
    if (group.every(isTextClause)) {
      const alternatives = group.flatMap((t) => {
        const tsquery = tsqueryOf(t);
        return tsquery === null ? [] : [wrap(tsquery, t.negated)];
      });
      if (alternatives.length > 0) textParts.push(`(${alternatives.join(" | ")})`);
      continue;
    }
    conditions.push(anyOf(group.map(term)));
  }
  // Last: of conditions PostgreSQL tests on each row at the same estimated
  // cost, it tests the first written first, and testing a row's words costs
  // more than its tags or fields (13 % of the walk in frequency.ts's example).
  if (textParts.length > 0) conditions.push(text(textParts.join(" & ")));
  return allOf(conditions);
}

/**
 * Operators an index serves that narrow a search to a few rows (a top-level
 * term). Dates narrow it too, as far as the statistics say (narrowedByDate).
 */
const NARROWING: Record<SearchTable, readonly Term["type"][]> = {
  entries: ["from", "tag", "in"],
  remote_posts: ["from"],
};

/** Operators that pick at most one author's or one portfolio's rows. */
const FEW_ROWS: readonly Term["type"][] = ["from", "in"];

/** Whether one of these operators stands alone (not excluded, no alternatives): every result holds it. */
function narrowedBy(query: Pick<SearchQuery, "groups">, types: readonly Term["type"][]): boolean {
  return query.groups.some(
    ([term, ...rest]) => term && rest.length === 0 && !term.negated && types.includes(term.type),
  );
}

/** Standalone, included terms the newest-first walk may test on each row (see testedTags). */
const WALKED: readonly Term["type"][] = ["tag", "before", "after", "during"];

/**
 * How many rows a walk of the newest rows reads to collect a relevance
 * window, testing the query's tags and words on each (their shares as if
 * independent); Infinity when it would test anything else (`kind:`, `-#tag`,
 * alternatives…), whose share the statistics do not give.
 */
async function walkedRows(
  ctx: Ctx,
  table: SearchTable,
  query: Pick<SearchQuery, "groups">,
  text: number,
): Promise<number> {
  let share = text;
  for (const group of query.groups) {
    const [term, ...rest] = group;
    if (group.every((t) => isTextClause(t) && !t.negated)) continue;
    if (!term || rest.length > 0 || term.negated || !WALKED.includes(term.type)) return Infinity;
    if (term.type === "tag") share *= await tagShare(ctx, table, term.tag);
  }
  return share > 0 ? RELEVANCE_WINDOW / share : Infinity;
}

/** The publication times standalone `before:`, `after:` and `during:` allow (null: no date). */
interface DateRange {
  from: Date | null;
  to: Date | null;
}

function publishedRange(query: Pick<SearchQuery, "groups">): DateRange | null {
  const range: DateRange = { from: null, to: null };
  let dated = false;
  const later = (a: Date | null, b: Date) => (a && a > b ? a : b);
  const earlier = (a: Date | null, b: Date) => (a && a < b ? a : b);
  for (const [term, ...rest] of query.groups) {
    if (!term || rest.length > 0 || term.negated) continue;
    if (term.type !== "before" && term.type !== "after" && term.type !== "during") continue;
    dated = true;
    const { start, end } = term.period;
    if (term.type !== "before") range.from = later(range.from, term.type === "after" ? end : start);
    if (term.type !== "after") range.to = earlier(range.to, term.type === "before" ? start : end);
  }
  return dated ? range : null;
}

/**
 * Whether a date range holds fewer of the table's rows than the words do
 * (`share` of them): then reading the range and testing each row's words is
 * the narrower way. "feedback after:2026-01" on remote posts all received
 * since was read through the tags index and its words tested (13.7 ms at
 * 100,000 posts) instead of intersecting with the words' index (9.4 ms).
 */
async function narrowedByDate(
  ctx: Ctx,
  table: SearchTable,
  query: Pick<SearchQuery, "groups">,
  share: number,
): Promise<boolean> {
  const range = publishedRange(query);
  if (!range) return false;
  const [inRange, rows] = await Promise.all([
    rowsPublished(ctx, table, range),
    searchedRows(ctx, table),
  ]);
  return inRange < share * rows;
}

/**
 * The tags to test on each row rather than look up in the tags index: the
 * common ones (frequency.ts), when `from:` or `in:` picks the rows already;
 * or, on entries, when a date range bounds a walk of the newest rows and
 * that walk collects a relevance window in fewer rows than the tags index
 * would hand over: "feedback #design after:2026-01" at a million entries
 * took 29 ms to build the bitmaps of the tag's 66,000 entries and the date
 * range's 49,000 before reading a row, and 9.6 ms walking 19,000 rows. The
 * range must hold at most twice the tag's entries: a tag used only long ago
 * would have the walk read all of it.
 */
async function testedTags(
  ctx: Ctx,
  table: SearchTable,
  query: Pick<SearchQuery, "groups">,
  text: number,
): Promise<Set<string>> {
  const tags = [...new Set(query.groups.flat().flatMap((t) => (t.type === "tag" ? [t.tag] : [])))];
  const common = await Promise.all(tags.map((tag) => isCommonTag(ctx, table, tag)));
  const tested = new Set(tags.filter((_, i) => common[i]));
  if (tested.size === 0 || narrowedBy(query, FEW_ROWS)) return tested;
  const range = table === "entries" ? publishedRange(query) : null;
  if (!range) return new Set();
  const indexed = Math.min(...(await Promise.all(tags.map((tag) => tagRows(ctx, table, tag)))));
  const walked = await walkedRows(ctx, table, query, text);
  return walked < indexed && (await rowsPublished(ctx, table, range)) <= 2 * indexed
    ? tested
    : new Set();
}

/**
 * What a walk of the newest entries can test from the index alone (SearchPlan's
 * `walk`): the tags `tested` on each row, and the dates, each a term on its
 * own and not excluded (every result carries them). Null when no tag is
 * tested that way, or when `from:` or `in:` picks the rows instead.
 */
function walkOf(query: Pick<SearchQuery, "groups">, tested: Set<string>, viewer: Viewer) {
  if (tested.size === 0 || narrowedBy(query, FEW_ROWS)) return null;
  const alone = query.groups.flatMap(([term, ...rest]) =>
    term && rest.length === 0 && !term.negated ? [term] : [],
  );
  const tags = alone.flatMap((t) =>
    t.type === "tag" && tested.has(t.tag) ? [hashesTag(t.tag)] : [],
  );
  const dates = alone.flatMap((t) =>
    t.type === "before" || t.type === "after" || t.type === "during"
      ? [clauseCondition(t, viewer)]
      : [],
  );
  return tags.length > 0 ? (allOf([...tags, ...dates]) ?? null) : null;
}

/** The query's groups of only words and phrases (not excluded), as tsqueries. */
function textGroups(
  query: Pick<SearchQuery, "groups">,
  tsqueryOf: (term: Term) => string | null,
): { tsquery: string; phrase: boolean }[][] {
  return query.groups
    .filter((group) => group.every((term) => isTextClause(term) && !term.negated))
    .map((group) =>
      group.flatMap((term) => {
        const tsquery = tsqueryOf(term);
        return tsquery === null ? [] : [{ tsquery, phrase: term.type === "phrase" }];
      }),
    )
    .filter((group) => group.length > 0);
}

/**
 * How a table's rows are found for the words: `share`, of the documents
 * holding them (frequency.ts); `common` when that is at least COMMON_SHARE;
 * `indexed` when they are looked up in the text index, which is always,
 * unless they are common and an indexed operator narrows the query (which
 * then finds the rows and has their words tested).
 */
async function textAccess(
  ctx: Ctx,
  table: SearchTable,
  query: Pick<SearchQuery, "groups">,
  tsqueryOf: (term: Term) => string | null,
): Promise<{ share: number; common: boolean; indexed: boolean }> {
  const groups = textGroups(query, tsqueryOf);
  const share = await textShare(ctx, table, groups);
  const common = groups.length > 0 && share >= COMMON_SHARE;
  const narrowed =
    common &&
    (narrowedBy(query, NARROWING[table]) || (await narrowedByDate(ctx, table, query, share)));
  return { share, common, indexed: !narrowed };
}

/** Turns the query into SQL for this viewer; words become tsquery constants first. */
export async function planSearch(
  ctx: Ctx,
  viewer: Viewer,
  query: SearchQuery,
): Promise<SearchPlan> {
  const textTerms = query.groups.flat().filter(isTextClause);
  const compiled = await compileTerms(ctx, query, textTerms);
  const tsqueries = new Map<Term, string | null>();
  const ignored: string[] = [];
  textTerms.forEach((term, i) => {
    const tsquery = compiled.match[i] ?? "";
    tsqueries.set(term, tsquery === "" ? null : tsquery);
    if (tsquery === "") ignored.push(formatTerm({ ...term, negated: false }));
  });
  const tsqueryOf = (term: Term) => tsqueries.get(term) ?? null;

  const entryAccess = await textAccess(ctx, "entries", query, tsqueryOf);
  const entryText = entryAccess.indexed
    ? matchesText
    : (tsquery: string) => testsText(entries.search, tsquery);
  const entryTags = await testedTags(ctx, "entries", query, entryAccess.share);
  const where = conditionsOf(query, tsqueryOf, entryText, (term) =>
    termConditionWith(term, tsqueryOf, entryText, (clause) =>
      clause.type === "tag" && entryTags.has(clause.tag)
        ? testsTag(entries.tags, clause.tag)
        : clauseCondition(clause, viewer),
    ),
  );
  const groups = remoteGroups(query, tsqueryOf);
  const remoteQuery = { groups: groups ?? [], notes: [] };
  const remoteAccess = await textAccess(ctx, "remote_posts", remoteQuery, tsqueryOf);
  const remoteText = remoteAccess.indexed
    ? remoteMatchesText
    : (tsquery: string) => testsText(remotePosts.search, tsquery);
  const remoteTags = await testedTags(ctx, "remote_posts", remoteQuery, remoteAccess.share);
  const remoteWhere =
    groups === null
      ? null
      : conditionsOf(remoteQuery, tsqueryOf, remoteText, (term) =>
          termConditionWith(term, tsqueryOf, remoteText, (clause) =>
            clause.type === "tag" && remoteTags.has(clause.tag)
              ? testsTag(remotePosts.tags, clause.tag)
              : remoteClauseCondition(clause),
          ),
        );

  const positive = textTerms.flatMap((term, i) => {
    const tsquery = tsqueryOf(term);
    return !term.negated && tsquery !== null
      ? [{ rank: wrap(tsquery, false), highlight: wrap(compiled.highlight[i] || tsquery, false) }]
      : [];
  });
  return {
    where,
    walk: walkOf(query, entryTags, viewer),
    remoteWhere,
    common: { entries: entryAccess.common, remote: remoteAccess.common },
    rank: positive.length > 0 ? positive.map((p) => p.rank).join(" | ") : null,
    highlight: positive.length > 0 ? positive.map((p) => p.highlight).join(" | ") : null,
    ignored,
  };
}
