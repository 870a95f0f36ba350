import { and, eq, lt } from "drizzle-orm";
import { idempotencyKeys } from "../../db/schema/api.ts";
import type { Ctx, TxCtx } from "../context.ts";

/**
 * How long an `Idempotency-Key` means "the same request": long enough for an
 * app retrying after a lost connection or a night offline (Mastodon keeps them
 * an hour); after it, the key is free again and the sweep forgets it.
 */
export const IDEMPOTENCY_KEY_HOURS = 24;

const expiryOf = (now: Date) => new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3600 * 1000);

/**
 * Claims `key` for this request: true when it was free or had expired (an
 * expired key starts over with this request's hash), false when a live claim
 * exists (the caller then replays or refuses it).
 */
export async function claimIdempotencyKey(
  tx: TxCtx,
  userId: string,
  key: string,
  requestHash: string,
): Promise<boolean> {
  const now = tx.now();
  const claimed = await tx.db
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash, createdAt: now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      set: { requestHash, response: null, createdAt: now },
      setWhere: lt(idempotencyKeys.createdAt, expiryOf(now)),
    })
    .returning({ key: idempotencyKeys.key });
  return claimed.length > 0;
}

/** The live claim of `key`, for a replay. */
export async function idempotencyClaim(tx: TxCtx, userId: string, key: string) {
  const [claim] = await tx.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return claim ?? null;
}

/** Records what the first request answered, for replays. */
export async function rememberIdempotentResponse(
  tx: TxCtx,
  userId: string,
  key: string,
  response: unknown,
): Promise<void> {
  await tx.db
    .update(idempotencyKeys)
    .set({ response })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** Deletes expired keys (the periodic sweep); returns how many. */
export async function forgetOldIdempotencyKeys(ctx: Ctx): Promise<number> {
  const gone = await ctx.db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, expiryOf(ctx.now())))
    .returning({ key: idempotencyKeys.key });
  return gone.length;
}
