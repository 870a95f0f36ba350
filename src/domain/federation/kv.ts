import { and, eq, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import { federationKv } from "../../db/schema/federation.ts";
import type { Ctx } from "../context.ts";

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

export function postgresKvStore(ctx: Ctx) {
  return {
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      const [row] = await ctx.db
        .select({ value: federationKv.value })
        .from(federationKv)
        .where(and(eq(federationKv.key, keyArray(key)), live(ctx)));
      return row ? (row.value as T) : undefined;
    },

    async set(key: KvKey, value: unknown, options?: KvSetOptions): Promise<void> {
      const expiresAt = expiry(ctx, options);
      // A JSON null (Fedify caches "this key is gone" so), not an SQL NULL.
      const json = value === null ? sql`'null'::jsonb` : (value as object);
      await ctx.db
        .insert(federationKv)
        .values({ key: keyArray(key), value: json, expiresAt })
        .onConflictDoUpdate({
          target: federationKv.key,
          set: { value: json, expiresAt },
        });
      await ctx.db.execute(sql`delete from federation_kv where key in (
        select key from federation_kv where expires_at < ${nowText(ctx)}::timestamptz limit 20)`);
    },

    async delete(key: KvKey): Promise<void> {
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
