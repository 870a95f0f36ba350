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
 * take one. Transactions (and their savepoints) get their own client from
 * postgres.js: it is wrapped the same way, so a write's statements cost one
 * round trip each too (an inbox activity's transaction runs several).
 */
function preparing<S extends postgres.Sql | postgres.TransactionSql>(sql: S): S {
  const unsafe = sql.unsafe.bind(sql);
  const prepared = ((query: string, args?: unknown[], options?: postgres.UnsafeQueryOptions) =>
    unsafe(query, args as never, { ...options, prepare: true })) as S["unsafe"];
  // begin(options?, fn) and savepoint(name?, fn): the callback receives the wrapped client.
  const scoped =
    (method: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const callback = args.pop() as (client: postgres.TransactionSql) => unknown;
      return method(...args, (client: postgres.TransactionSql) => callback(preparing(client)));
    };
  return new Proxy(sql, {
    get: (target, key, receiver) => {
      if (key === "unsafe") return prepared;
      if (key === "begin" || key === "savepoint") {
        const method = Reflect.get(target, key, receiver) as (...args: unknown[]) => unknown;
        return typeof method === "function" ? scoped(method.bind(target)) : method;
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

export interface ConnectOptions {
  max?: number;
  /** Commit without waiting for the WAL flush (`synchronous_commit = off`; worker processes). */
  asyncCommit?: boolean;
}

/**
 * The URL without a `host=/folder` parameter, and the Unix socket it names
 * (libpq's form, `postgres://u:p@localhost:5432/db?host=/tmp`, which
 * postgres.js does not read): `folder/.s.PGSQL.<port>`.
 */
export function socketOf(url: string): { url: string; socket: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, socket: undefined };
  }
  const folder = parsed.searchParams.get("host");
  if (!folder?.startsWith("/")) return { url, socket: undefined };
  parsed.searchParams.delete("host");
  return { url: parsed.toString(), socket: `${folder}/.s.PGSQL.${parsed.port || "5432"}` };
}

export function connect(connectionString: string, options: ConnectOptions = {}): DbHandle {
  const { url, socket } = socketOf(connectionString);
  const sql = postgres(url, {
    ...(socket ? { path: socket } : {}),
    max: options.max ?? 10,
    ...(options.asyncCommit ? { connection: { synchronous_commit: "off" } } : {}),
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
