import { and, eq, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import { federationKv } from "../../db/schema/federation.ts";
import { batched } from "../batched.ts";
import type { Ctx } from "../context.ts";
import { boundedMap, kvName } from "./kv-memory.ts";

/**
 * Fedify's key-value store on PostgreSQL (the shape of its `KvStore`,
 * written without importing Fedify: the domain stays Fedify-free).
 * Expired rows read as absent; writes sweep a few of them.
 */
export type KvKey = readonly [string] | readonly [string, ...string[]];

/** Fedify passes a Temporal.Duration; only its length in milliseconds matters here. */
export interface KvTtl {
  total(unit: "millisecond"): number;
}

export interface KvSetOptions {
  ttl?: KvTtl;
}

function expiry(ctx: Ctx, options?: KvSetOptions): Date | null {
  return options?.ttl ? new Date(ctx.now().getTime() + options.ttl.total("millisecond")) : null;
}

/** Raw SQL takes timestamps as text (postgres.js does not encode a Date there). */
function nowText(ctx: Ctx): string {
  return ctx.now().toISOString();
}

function live(ctx: Ctx): SQL {
  return or(isNull(federationKv.expiresAt), gt(federationKv.expiresAt, ctx.now()))!;
}

function keyArray(key: KvKey): string[] {
  return [...key];
}

/** A key as an SQL text[] literal (a bare JS array would become a list of parameters). */
function textArray(key: KvKey): SQL {
  return sql`array[${sql.join(
    key.map((part) => sql`${part}`),
    sql`, `,
  )}]::text[]`;
}

export interface KvStoreOptions {
  /**
   * Key prefixes whose entries are caches with a time to live (what a
   * remote server said, kept for a while): read from this process's memory
   * until they expire or grow older than `memoMaxAgeMs`. Everything else
   * (idempotence marks, locks, circuit breakers, entries kept without
   * expiry) is always read from the database, where every process sees the
   * same value at once.
   */
  memoPrefixes?: readonly KvKey[];
  /** Most entries kept in memory (least recently used go first). */
  memoSize?: number;
  /**
   * Longest an entry is served from memory before the row is read again
   * (default a minute): a document another process fetched again replaces
   * the one remembered here within this time.
   */
  memoMaxAgeMs?: number;
}

export function postgresKvStore(ctx: Ctx, options: KvStoreOptions = {}) {
  const memo = kvMemo(ctx, options);
  return {
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      const remembered = memo.get(key);
      if (remembered) return remembered.value as T;
      const writes = memo.writes;
      const row = await readRow(ctx, key);
      // A write here while the row was read may be newer than the row: then it stays.
      if (row && memo.writes === writes) memo.keep(key, row.value, row.expiresAt);
      return row ? (row.value as T) : undefined;
    },

    async set(key: KvKey, value: unknown, options?: KvSetOptions): Promise<void> {
      const expiresAt = expiry(ctx, options);
      memo.forget(key);
      // A JSON null (Fedify caches "this key is gone" so), not an SQL NULL.
      const json = value === null ? "null" : JSON.stringify(value);
      await writeRow(ctx, { key, json, expiresAt });
      memo.keep(key, value, expiresAt);
    },

    async delete(key: KvKey): Promise<void> {
      memo.forget(key);
      await ctx.db.delete(federationKv).where(eq(federationKv.key, keyArray(key)));
    },

    /** Compare-and-swap in one statement: true when the stored value was `expected`. */
    async cas(
      key: KvKey,
      expected: unknown,
      next: unknown,
      options?: KvSetOptions,
    ): Promise<boolean> {
      const expiresAt = expiry(ctx, options);
      memo.forget(key);
      const k = textArray(key);
      const value = JSON.stringify(next);
      if (expected === undefined) {
        const rows = await ctx.db.execute(sql`insert into federation_kv (key, value, expires_at)
          values (${k}, ${value}::jsonb, ${expiresAt?.toISOString() ?? null}::timestamptz)
          on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at
            where federation_kv.expires_at is not null and federation_kv.expires_at <= ${nowText(ctx)}::timestamptz
          returning 1`);
        return rows.length > 0;
      }
      const rows = await ctx.db.execute(sql`update federation_kv
        set value = ${value}::jsonb, expires_at = ${expiresAt?.toISOString() ?? null}::timestamptz
        where key = ${k} and value = ${JSON.stringify(expected)}::jsonb
          and (expires_at is null or expires_at > ${nowText(ctx)}::timestamptz)
        returning 1`);
      return rows.length > 0;
    },

    async *list(prefix?: KvKey) {
      const where = prefix
        ? and(sql`${federationKv.key}[1:${prefix.length}] = ${textArray(prefix)}`, live(ctx))
        : live(ctx);
      const rows = await ctx.db
        .select({ key: federationKv.key, value: federationKv.value })
        .from(federationKv)
        .where(where);
      for (const row of rows) yield { key: row.key as unknown as KvKey, value: row.value };
    },
  };
}

interface StoredValue {
  value: unknown;
  expiresAt: Date | null;
}

/** A live row; every received activity reads one (its idempotence mark), so reads at the same moment share a query. */
const readRow = batched<KvKey, StoredValue | undefined>({
  async many(ctx, keys) {
    const rows = await ctx.db
      .select({
        key: federationKv.key,
        value: federationKv.value,
        expiresAt: federationKv.expiresAt,
      })
      .from(federationKv)
      .where(
        and(sql`${federationKv.key} in (${sql.join(keys.map(textArray), sql`, `)})`, live(ctx)),
      );
    const found = new Map(rows.map((row) => [kvName(row.key as unknown as KvKey), row]));
    return keys.map((key) => found.get(kvName(key)));
  },
  max: 100,
});

/**
 * Writes rows, and sweeps a few other expired ones, in one statement (one
 * round trip); writes at the same moment share it.
 */
const writeRow = batched<{ key: KvKey; json: string; expiresAt: Date | null }, void>({
  async many(ctx, writes) {
    const keys = writes.map((write) => textArray(write.key));
    const rows = writes.map(
      (write) =>
        sql`(${textArray(write.key)}, ${write.json}::jsonb, ${write.expiresAt?.toISOString() ?? null}::timestamptz)`,
    );
    await ctx.db.execute(sql`with swept as (
        delete from federation_kv where key in (select key from federation_kv
          where expires_at < ${nowText(ctx)}::timestamptz and key not in (${sql.join(keys, sql`, `)})
          limit 20))
      insert into federation_kv (key, value, expires_at) values ${sql.join(rows, sql`, `)}
      on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at`);
    return writes.map(() => undefined);
  },
  key: (write) => kvName(write.key),
  max: 100,
});

/**
 * Fedify's cache of fetched documents (actors, keys, objects; its default
 * prefix), each kept five minutes. Its public keys are not here: Fedify keeps
 * them without expiry and treats the stored row as the truth until a
 * signature fails, so deleting the row must make the next request fetch
 * the key again, in every process.
 */
export const FEDIFY_CACHE_PREFIXES: readonly KvKey[] = [["_fedify", "remoteDocument"]];

interface Remembered {
  value: unknown;
  /** Epoch milliseconds: the row's expiry or the memo's own limit, whichever is sooner. */
  expiresAt: number;
}

/**
 * The in-memory side of the store: entries under `memoPrefixes` only, each
 * dropped when its row expires (by `ctx.now`, as the SQL reads it) or after
 * `memoMaxAgeMs`, written through by `set` and forgotten by `delete` /
 * `cas`. Values are copied in and out, so no caller changes what another reads.
 */
function kvMemo(ctx: Ctx, options: KvStoreOptions) {
  const prefixes = options.memoPrefixes ?? [];
  const maxAge = options.memoMaxAgeMs ?? 60_000;
  const entries = boundedMap<Remembered>(options.memoSize ?? 2000);
  const memoized = (key: KvKey) =>
    prefixes.some((prefix) => prefix.length <= key.length && prefix.every((p, i) => key[i] === p));
  return {
    /** Counts writes to remembered prefixes (see `get`). */
    writes: 0,
    get(key: KvKey): { value: unknown } | null {
      if (prefixes.length === 0) return null;
      const id = kvName(key);
      const entry = entries.get(id);
      if (!entry) return null;
      if (entry.expiresAt <= ctx.now().getTime()) {
        entries.delete(id);
        return null;
      }
      entries.set(id, entry);
      return { value: structuredClone(entry.value) };
    },
    keep(key: KvKey, value: unknown, expiresAt: Date | null) {
      if (!memoized(key)) return;
      const until = ctx.now().getTime() + maxAge;
      const expires = Math.min(until, expiresAt?.getTime() ?? until);
      entries.set(kvName(key), { value: structuredClone(value), expiresAt: expires });
    },
    forget(key: KvKey) {
      if (!memoized(key)) return;
      this.writes++;
      entries.delete(kvName(key));
    },
  };
}
