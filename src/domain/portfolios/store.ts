import { and, asc, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import {
  portfolioItems,
  portfolioSections,
  portfolioShareLinks,
  portfolios,
} from "../../db/schema/portfolios.ts";
import type { TxCtx } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { SLUG_PATTERN } from "./slug.ts";

/** Reads and writes shared by the portfolio operations, all inside their transaction. */

export type PortfolioRow = typeof portfolios.$inferSelect;

/**
 * The owner's portfolio with this slug, locked until the transaction ends:
 * edits to one portfolio (reorders above all) run one after another, so two
 * at once never interleave their reads and writes.
 */
export async function lockOwnPortfolio(
  tx: TxCtx,
  owner: CurrentUser,
  slug: string,
): Promise<PortfolioRow> {
  if (!SLUG_PATTERN.test(slug.toLowerCase())) throw notShown();
  const [row] = await tx.db
    .select()
    .from(portfolios)
    .where(
      and(eq(portfolios.ownerId, owner.actorId), sql`lower(${portfolios.slug}) = lower(${slug})`),
    )
    .for("update");
  if (!row) throw notShown();
  return row;
}

/** Share links that still open the portfolio: not revoked, not expired. */
export function activeLink(now: Date) {
  return and(
    isNull(portfolioShareLinks.revokedAt),
    or(isNull(portfolioShareLinks.expiresAt), gt(portfolioShareLinks.expiresAt, now)),
  );
}

export async function activeShareLinkCount(tx: TxCtx, portfolioId: string): Promise<number> {
  const [row] = await tx.db
    .select({ n: count() })
    .from(portfolioShareLinks)
    .where(and(eq(portfolioShareLinks.portfolioId, portfolioId), activeLink(tx.now())));
  return row?.n ?? 0;
}

/** The entries in a portfolio with their own audience (to see who a change exposes them to). */
export function itemAudiences(tx: TxCtx, portfolioId: string) {
  return tx.db
    .select({ entryId: entries.id, audience: entries.audience })
    .from(portfolioItems)
    .innerJoin(entries, eq(entries.id, portfolioItems.entryId))
    .where(eq(portfolioItems.portfolioId, portfolioId));
}

/** Section ids of a portfolio, in order. */
export async function sectionIds(tx: TxCtx, portfolioId: string): Promise<string[]> {
  const rows = await tx.db
    .select({ id: portfolioSections.id })
    .from(portfolioSections)
    .where(eq(portfolioSections.portfolioId, portfolioId))
    .orderBy(asc(portfolioSections.position), asc(portfolioSections.id));
  return rows.map((row) => row.id);
}

/** Item ids of one section, in order. */
export async function itemIds(tx: TxCtx, sectionId: string): Promise<string[]> {
  const rows = await tx.db
    .select({ id: portfolioItems.id })
    .from(portfolioItems)
    .where(eq(portfolioItems.sectionId, sectionId))
    .orderBy(asc(portfolioItems.position), asc(portfolioItems.id));
  return rows.map((row) => row.id);
}

/** A section of this portfolio, or a field error (a form sent a stale or foreign id). */
export async function requireSection(
  tx: TxCtx,
  portfolioId: string,
  sectionId: string,
): Promise<void> {
  const ids = await sectionIds(tx, portfolioId);
  if (!ids.includes(sectionId)) throw notShown();
}

/** An item of this portfolio: its id and section, or not found. */
export async function requireItem(tx: TxCtx, portfolioId: string, itemId: string) {
  if (!isUuid(itemId)) throw notShown();
  const [row] = await tx.db
    .select({ id: portfolioItems.id, sectionId: portfolioItems.sectionId })
    .from(portfolioItems)
    .where(and(eq(portfolioItems.id, itemId), eq(portfolioItems.portfolioId, portfolioId)));
  if (!row) throw notShown();
  return row;
}

/** Writes positions 0…n-1 in the order of `ids` (rows of `table` with those ids). */
export async function writeOrder(
  tx: TxCtx,
  table: typeof portfolioItems | typeof portfolioSections,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const list = sql`${`{${ids.join(",")}}`}::uuid[]`;
  await tx.db
    .update(table)
    .set({ position: sql`array_position(${list}, ${table.id}) - 1` })
    .where(sql`${table.id} = any(${list})`);
}

/** `ids` with `id` moved one place up or down (unchanged at either end). */
export function moved(ids: readonly string[], id: string, direction: "up" | "down"): string[] {
  const next = [...ids];
  const from = next.indexOf(id);
  const to = direction === "up" ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= next.length) return next;
  [next[from], next[to]] = [next[to] as string, next[from] as string];
  return next;
}

/** Marks the portfolio changed (its feed's "updated", the list's order). */
export async function touch(tx: TxCtx, portfolioId: string): Promise<void> {
  await tx.db.update(portfolios).set({ updatedAt: tx.now() }).where(eq(portfolios.id, portfolioId));
}
