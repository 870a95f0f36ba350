import {
  Column,
  type DriverValueDecoder,
  fillPlaceholders,
  is,
  noopDecoder,
  SQL,
  sql,
} from "drizzle-orm";
import type postgres from "postgres";
import type { Executor } from "../../db/client.ts";
import { ANONYMOUS, type Viewer } from "../viewer.ts";

/**
 * The client API's hot reads (timelines, statuses, accounts) are built once
 * per shape — whether the viewer is signed in, which page bounds are set —
 * and then run with new values through placeholders: building a query that
 * carries the authorization rule costs drizzle more CPU than PostgreSQL
 * needs to run it. The SQL is the same as a freshly built query's; only the
 * values are filled in later, so the rule applies unchanged.
 *
 * Prepared queries belong to the executor they were built on: the pool's
 * live as long as the process, a transaction's are dropped with it.
 */
const built = new WeakMap<Executor, Map<string, unknown>>();

export function preparedOn<T>(db: Executor, shape: string, build: () => T): T {
  let queries = built.get(db);
  if (!queries) {
    queries = new Map();
    built.set(db, queries);
  }
  let query = queries.get(shape) as T | undefined;
  if (query === undefined) {
    query = build();
    queries.set(shape, query);
  }
  return query;
}

/**
 * The viewer a prepared query is built for: its id is the `viewer`
 * placeholder (authorization rules only ask whether there is an id, then
 * put it in the SQL), or no one for an anonymous visitor.
 */
const VIEWER_PARAM: Viewer = Object.freeze({
  actorId: sql.placeholder("viewer") as unknown as string,
});

function viewerShape(viewer: Viewer): { viewer: Viewer; key: string } {
  return viewer.actorId === null
    ? { viewer: ANONYMOUS, key: "anonymous" }
    : { viewer: VIEWER_PARAM, key: "member" };
}

/** The query of `shape` for this kind of viewer, built by `build` the first time. */
export function preparedForViewer<T>(
  db: Executor,
  viewer: Viewer,
  shape: string,
  build: (viewer: Viewer) => T,
): T {
  const who = viewerShape(viewer);
  return preparedOn(db, `${shape}:${who.key}`, () => build(who.viewer));
}

/**
 * The constants of a prepared query's SQL written as literals (drizzle
 * quotes them), its placeholders left as parameters. The authorization rules
 * bind their constants ('published', 'public'…) as parameters, which hides
 * them from the plan PostgreSQL keeps for a prepared query: it could not use
 * the partial indexes nor the statistics of those values, and would plan
 * every call afresh instead.
 */
export function inlined(condition: SQL | undefined): SQL {
  return sql`${condition ?? sql`true`}`.inlineParams();
}

type Decode = (value: unknown) => unknown;

/** How drizzle would turn a selected field's raw value into its JS value. */
function decoderOf(field: unknown): Decode {
  if (is(field, Column)) return (value) => field.mapFromDriverValue(value);
  if (is(field, SQL)) {
    const decoder =
      (field as unknown as { decoder?: DriverValueDecoder<unknown, unknown> }).decoder ??
      noopDecoder;
    return (value) => decoder.mapFromDriverValue(value);
  }
  // Nested objects would not map to one column each: fastSelect takes flat fields only.
  throw new Error("fastSelect takes columns and sql fields, not nested objects");
}

/** A flat select built by drizzle once, then run straight on postgres.js. */
export interface FastSelect<Row> {
  execute(values: Record<string, unknown>): Promise<Row[]>;
}

/**
 * Prepares a flat select (`fields` as given to `db.select`) to run on the
 * executor's postgres.js client and map its rows by position with decoders
 * chosen once: drizzle's own mapping re-inspects every field of every row,
 * which costs more CPU than reading a page's rows. Same SQL, same values.
 */
export function fastSelect<Builder extends { toSQL(): { sql: string; params: unknown[] } }, Row>(
  db: Executor,
  fields: Record<string, unknown>,
  builder: Builder & { execute(): Promise<Row[]> },
): FastSelect<Row> {
  const { sql: text, params } = builder.toSQL();
  const keys = Object.keys(fields);
  const decoders = keys.map((key) => decoderOf(fields[key]));
  const client = (db._.session as unknown as { client: postgres.Sql }).client;
  return {
    async execute(values) {
      const filled = fillPlaceholders(params, values) as postgres.ParameterOrJSON<never>[];
      const rows = await client.unsafe(text, filled, { prepare: true }).values();
      return rows.map((raw) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) {
          const value = raw[i];
          row[keys[i] as string] = value === null ? null : (decoders[i] as Decode)(value);
        }
        return row as Row;
      });
    },
  };
}
