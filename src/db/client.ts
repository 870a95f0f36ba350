import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Db = PostgresJsDatabase<typeof schema>;
/** The open transaction handed to a domain operation. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything a query can run on: the pool or an open transaction. */
export type Executor = Db | Tx;

export interface DbHandle {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/**
 * Drizzle runs its queries through `unsafe()` unprepared, and postgres.js then
 * asks the server to describe every parameterized query before running it:
 * two round trips each. Prepared (cached per connection by their text), they
 * take one. Transactions get their own client from postgres.js and stay as
 * they are: the hot path is reads on the pool.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  const unsafe = sql.unsafe.bind(sql);
  const prepared = ((query: string, args?: unknown[], options?: postgres.UnsafeQueryOptions) =>
    unsafe(query, args as never, { ...options, prepare: true })) as postgres.Sql["unsafe"];
  return new Proxy(sql, {
    get: (target, key, receiver) =>
      key === "unsafe" ? prepared : Reflect.get(target, key, receiver),
  });
}

export function connect(url: string, options: { max?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Keep timestamps as Date and bigint counts readable.
    types: {},
  });
  const db = drizzle(preparing(sql), { schema });
  return {
    db,
    sql,
    close: () => sql.end({ timeout: 5 }),
  };
}
