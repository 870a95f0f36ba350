import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { signInFailures } from "../../db/schema/accounts.ts";
import { type Ctx, transactional } from "../context.ts";
import { DomainError } from "../errors.ts";

/** Failed sign-ins count for this long. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Failures allowed per account, then per client address, within the window. */
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;

export interface AttemptKeys {
  /** "account:<lower handle>" (or the lower-cased login when no account matches). */
  account: string;
  /** "ip:<address>". */
  ip: string;
}

export function attemptKeys(accountName: string, ip: string): AttemptKeys {
  return { account: `account:${accountName.toLowerCase()}`, ip: `ip:${ip}` };
}

/** Minutes until `key` may try again (0: it may try now). */
async function minutesToWait(ctx: Ctx, key: string, limit: number): Promise<number> {
  const since = new Date(ctx.now().getTime() - THROTTLE_WINDOW_MS);
  // The limit-th newest failure in the window: while it exists, the key is blocked.
  const [blocking] = await ctx.db
    .select({ at: signInFailures.at })
    .from(signInFailures)
    .where(and(eq(signInFailures.key, key), gt(signInFailures.at, since)))
    .orderBy(desc(signInFailures.at))
    .offset(limit - 1)
    .limit(1);
  if (!blocking) return 0;
  const ms = blocking.at.getTime() + THROTTLE_WINDOW_MS - ctx.now().getTime();
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * Counts an attempt as a failure before the password is checked, so parallel
 * guesses cannot slip past the limit; `forgiveAttempt` takes it back when the
 * password was right. Refuses (429) once a limit is reached, without recording.
 * Returns the attempt's time, its handle for `forgiveAttempt`.
 */
export async function recordAttempt(ctx: Ctx, keys: AttemptKeys): Promise<Date> {
  return transactional(ctx, async (tx) => {
    // Always account first, then address: one lock order, no deadlocks.
    for (const key of [keys.account, keys.ip]) {
      await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
    }
    const wait = Math.max(
      await minutesToWait(tx, keys.account, ACCOUNT_LIMIT),
      await minutesToWait(tx, keys.ip, IP_LIMIT),
    );
    if (wait > 0) {
      throw new DomainError(
        "throttled",
        `Too many attempts, try again in ${wait} ${wait === 1 ? "minute" : "minutes"}.`,
      );
    }
    const at = tx.now();
    const expired = new Date(at.getTime() - THROTTLE_WINDOW_MS);
    for (const key of [keys.account, keys.ip]) {
      await tx.db
        .delete(signInFailures)
        .where(and(eq(signInFailures.key, key), lt(signInFailures.at, expired)));
    }
    await tx.db.insert(signInFailures).values([
      { key: keys.account, at },
      { key: keys.ip, at },
    ]);
    return at;
  });
}

/** After a right password: the account starts afresh and this attempt no longer counts. */
export async function forgiveAttempt(ctx: Ctx, keys: AttemptKeys, at: Date): Promise<void> {
  await transactional(ctx, async (tx) => {
    await tx.db.delete(signInFailures).where(eq(signInFailures.key, keys.account));
    // The table has no id: remove exactly one of this address's rows from this attempt.
    await tx.db
      .delete(signInFailures)
      .where(
        sql`ctid = (select ctid from ${signInFailures} where ${eq(signInFailures.key, keys.ip)} and ${eq(signInFailures.at, at)} limit 1)`,
      );
  });
}
