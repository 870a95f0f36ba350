import { and, eq } from "drizzle-orm";
import { actorKeys } from "../../db/schema/federation.ts";
import type { Ctx } from "../context.ts";

export const KEY_ALGORITHMS = ["RSASSA-PKCS1-v1_5", "Ed25519"] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export interface StoredKeyPair {
  algorithm: KeyAlgorithm;
  privateKey: JsonWebKey;
  publicKey: JsonWebKey;
}

/**
 * A local actor's key pairs, one per algorithm, generated on first use and
 * kept: `generate` runs only for a missing algorithm, and when two requests
 * race, the first stored pair wins for both.
 */
export async function actorKeyPairs(
  ctx: Ctx,
  actorId: string,
  generate: (algorithm: KeyAlgorithm) => Promise<Omit<StoredKeyPair, "algorithm">>,
): Promise<StoredKeyPair[]> {
  const pairs: StoredKeyPair[] = [];
  for (const algorithm of KEY_ALGORITHMS) {
    const where = and(eq(actorKeys.actorId, actorId), eq(actorKeys.algorithm, algorithm));
    let [row] = await ctx.db.select().from(actorKeys).where(where);
    if (!row) {
      const fresh = await generate(algorithm);
      await ctx.db
        .insert(actorKeys)
        .values({ actorId, algorithm, privateKey: fresh.privateKey, publicKey: fresh.publicKey })
        .onConflictDoNothing();
      [row] = await ctx.db.select().from(actorKeys).where(where);
    }
    if (row) {
      pairs.push({
        algorithm,
        privateKey: row.privateKey as JsonWebKey,
        publicKey: row.publicKey as JsonWebKey,
      });
    }
  }
  return pairs;
}
