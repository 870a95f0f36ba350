import { and, asc, count, eq, inArray } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { portfolioItems } from "../../db/schema/portfolios.ts";
import { parseInput } from "../accounts/members.ts";
import { lessVisibleThan } from "../authorization.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { conflict, invalid } from "../errors.ts";
import { newId } from "../ids.ts";
import { renderMarkdown } from "../markdown.ts";
import type { CurrentUser } from "../viewer.ts";
import { entryExposureMessage } from "./exposure.ts";
import {
  type Direction,
  directionSchema,
  type FormInput,
  itemUpdateSchema,
  MAX_ITEMS,
  type NewItemInput,
  newItemSchema,
  orderSchema,
} from "./schema.ts";
import {
  activeShareLinkCount,
  itemIds,
  lockOwnPortfolio,
  moved,
  type PortfolioRow,
  requireItem,
  requireSection,
  touch,
  writeOrder,
} from "./store.ts";

/** Items: entries placed in a portfolio's sections, with captions, in order. */

async function ownPublishedEntry(tx: TxCtx, owner: CurrentUser, entryId: string) {
  const [entry] = await tx.db
    .select({ id: entries.id, audience: entries.audience })
    .from(entries)
    .where(
      and(
        eq(entries.id, entryId),
        eq(entries.authorId, owner.actorId),
        eq(entries.status, "published"),
      ),
    );
  if (!entry) {
    throw invalid("Choose one of your published entries.", {
      entryId: "Choose one of your published entries",
    });
  }
  return entry;
}

/** Refuses, with the words the member must read, an entry the portfolio would expose. */
async function checkExposure(
  tx: TxCtx,
  portfolio: PortfolioRow,
  entryAudience: (typeof entries.$inferSelect)["audience"],
  confirmed: boolean,
): Promise<void> {
  if (confirmed) return;
  const reach = {
    audience: portfolio.audience,
    activeShareLinks: await activeShareLinkCount(tx, portfolio.id),
  };
  if (lessVisibleThan(entryAudience, reach)) {
    const message = entryExposureMessage(entryAudience, reach);
    throw invalid(message, { confirm: message });
  }
}

/**
 * Adds one of the owner's published entries to a section, at its end. An
 * entry less visible than the portfolio needs `confirm` (see exposure.ts).
 */
export async function addItem(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: NewItemInput | FormInput,
): Promise<{ id: string }> {
  const data = parseInput(newItemSchema, input);
  return transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    await requireSection(tx, portfolio.id, data.sectionId);
    const entry = await ownPublishedEntry(tx, owner, data.entryId);
    const [total] = await tx.db
      .select({ n: count() })
      .from(portfolioItems)
      .where(eq(portfolioItems.portfolioId, portfolio.id));
    if ((total?.n ?? 0) >= MAX_ITEMS) {
      throw invalid(`A portfolio holds at most ${MAX_ITEMS} entries.`);
    }
    const [present] = await tx.db
      .select({ id: portfolioItems.id })
      .from(portfolioItems)
      .where(
        and(eq(portfolioItems.portfolioId, portfolio.id), eq(portfolioItems.entryId, entry.id)),
      );
    if (present) {
      throw conflict("That entry is already in this portfolio.", {
        entryId: "Already in this portfolio",
      });
    }
    await checkExposure(tx, portfolio, entry.audience, data.confirm);
    const id = newId();
    await tx.db.insert(portfolioItems).values({
      id,
      portfolioId: portfolio.id,
      sectionId: data.sectionId,
      entryId: entry.id,
      captionMarkdown: data.caption,
      captionHtml: renderMarkdown(data.caption),
      position: (await itemIds(tx, data.sectionId)).length,
      createdAt: tx.now(),
    });
    await touch(tx, portfolio.id);
    return { id };
  });
}

/** Changes an item's caption, or moves it to the end of another section. */
export async function updateItem(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  itemId: string,
  input: { sectionId?: string; caption?: string },
): Promise<void> {
  const data = parseInput(itemUpdateSchema, input);
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const item = await requireItem(tx, portfolio.id, itemId);
    await requireSection(tx, portfolio.id, data.sectionId);
    const moving = item.sectionId !== data.sectionId;
    await tx.db
      .update(portfolioItems)
      .set({
        captionMarkdown: data.caption,
        captionHtml: renderMarkdown(data.caption),
        sectionId: data.sectionId,
        ...(moving ? { position: (await itemIds(tx, data.sectionId)).length } : {}),
      })
      .where(eq(portfolioItems.id, item.id));
    if (moving) await writeOrder(tx, portfolioItems, await itemIds(tx, item.sectionId));
    await touch(tx, portfolio.id);
  });
}

/** Takes an entry out of the portfolio (the entry itself stays). */
export async function removeItem(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  itemId: string,
): Promise<void> {
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const item = await requireItem(tx, portfolio.id, itemId);
    await tx.db.delete(portfolioItems).where(eq(portfolioItems.id, item.id));
    await writeOrder(tx, portfolioItems, await itemIds(tx, item.sectionId));
    await touch(tx, portfolio.id);
  });
}

/** Moves an item one place up or down in its section (the no-JavaScript buttons). */
export async function moveItem(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  itemId: string,
  input: { direction?: string },
): Promise<void> {
  const { direction } = parseInput(directionSchema, input);
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const item = await requireItem(tx, portfolio.id, itemId);
    const ids = await itemIds(tx, item.sectionId);
    await writeOrder(tx, portfolioItems, moved(ids, item.id, direction as Direction));
    await touch(tx, portfolio.id);
  });
}

/**
 * Puts items into a section in the order given (drag and drop, also across
 * sections). Items of that section left out follow in their old order.
 */
export async function reorderItems(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  sectionId: string,
  input: { ids?: unknown },
): Promise<void> {
  const wanted = [...new Set(parseInput(orderSchema, input).ids)];
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    await requireSection(tx, portfolio.id, sectionId);
    const rows = await tx.db
      .select({ id: portfolioItems.id, sectionId: portfolioItems.sectionId })
      .from(portfolioItems)
      .where(and(eq(portfolioItems.portfolioId, portfolio.id), inArray(portfolioItems.id, wanted)))
      .orderBy(asc(portfolioItems.position));
    if (rows.length !== wanted.length) throw notShown();
    await tx.db.update(portfolioItems).set({ sectionId }).where(inArray(portfolioItems.id, wanted));
    const rest = (await itemIds(tx, sectionId)).filter((id) => !wanted.includes(id));
    await writeOrder(tx, portfolioItems, [...wanted, ...rest]);
    const others = new Set(rows.map((row) => row.sectionId).filter((id) => id !== sectionId));
    for (const other of others) await writeOrder(tx, portfolioItems, await itemIds(tx, other));
    await touch(tx, portfolio.id);
  });
}
