import { and, eq } from "drizzle-orm";
import { portfolioSections } from "../../db/schema/portfolios.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { invalid } from "../errors.ts";
import { isUuid, newId } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import {
  type Direction,
  directionSchema,
  MAX_SECTIONS,
  orderSchema,
  sectionSchema,
} from "./schema.ts";
import { lockOwnPortfolio, moved, sectionIds, touch, writeOrder } from "./store.ts";

/** Sections of a portfolio: added, renamed, removed and reordered by its owner. */

export async function addSection(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: { title?: string },
): Promise<{ id: string }> {
  const data = parseInput(sectionSchema, input);
  return transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const ids = await sectionIds(tx, portfolio.id);
    if (ids.length >= MAX_SECTIONS) {
      throw invalid(`A portfolio has at most ${MAX_SECTIONS} sections.`, {
        title: `At most ${MAX_SECTIONS} sections`,
      });
    }
    const id = newId();
    await tx.db
      .insert(portfolioSections)
      .values({ id, portfolioId: portfolio.id, title: data.title, position: ids.length });
    await touch(tx, portfolio.id);
    return { id };
  });
}

export async function renameSection(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  sectionId: string,
  input: { title?: string },
): Promise<void> {
  const data = parseInput(sectionSchema, input);
  if (!isUuid(sectionId)) throw notShown();
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const changed = await tx.db
      .update(portfolioSections)
      .set({ title: data.title })
      .where(
        and(eq(portfolioSections.id, sectionId), eq(portfolioSections.portfolioId, portfolio.id)),
      )
      .returning({ id: portfolioSections.id });
    if (changed.length === 0) throw notShown();
    await touch(tx, portfolio.id);
  });
}

/** Removes a section and takes its items out of the portfolio (the entries stay). */
export async function removeSection(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  sectionId: string,
): Promise<void> {
  if (!isUuid(sectionId)) throw notShown();
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const ids = await sectionIds(tx, portfolio.id);
    if (!ids.includes(sectionId)) throw notShown();
    if (ids.length === 1) throw invalid("A portfolio keeps at least one section.");
    await tx.db.delete(portfolioSections).where(eq(portfolioSections.id, sectionId));
    await writeOrder(
      tx,
      portfolioSections,
      ids.filter((id) => id !== sectionId),
    );
    await touch(tx, portfolio.id);
  });
}

/** Moves a section one place up or down (the no-JavaScript buttons). */
export async function moveSection(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  sectionId: string,
  input: { direction?: string },
): Promise<void> {
  const { direction } = parseInput(directionSchema, input);
  await reorder(ctx, owner, slug, (ids) => {
    if (!ids.includes(sectionId)) throw notShown();
    return moved(ids, sectionId, direction as Direction);
  });
}

/** Puts the sections in the order given (drag and drop); ids left out keep their order after. */
export async function reorderSections(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: { ids?: unknown },
): Promise<void> {
  const { ids: wanted } = parseInput(orderSchema, input);
  await reorder(ctx, owner, slug, (ids) => {
    if (wanted.some((id) => !ids.includes(id))) throw notShown();
    const rest = ids.filter((id) => !wanted.includes(id));
    return [...new Set(wanted), ...rest];
  });
}

async function reorder(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  order: (ids: string[]) => string[],
): Promise<void> {
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const ids = await sectionIds(tx, portfolio.id);
    await writeOrder(tx, portfolioSections, order(ids));
    await touch(tx, portfolio.id);
  });
}
