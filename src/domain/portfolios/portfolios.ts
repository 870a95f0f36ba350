import { and, count, eq, like, sql } from "drizzle-orm";
import { portfolioSections, portfolios } from "../../db/schema/portfolios.ts";
import { NotAnImageError } from "../../media/avatars.ts";
import {
  imageAsJpeg,
  MAX_COVER_BYTES,
  processCover,
  readCover,
  removeCover,
  saveCover,
} from "../../media/covers.ts";
import { parseInput } from "../accounts/members.ts";
import { lessVisibleThan, reachesFurther } from "../authorization.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { conflict, invalid } from "../errors.ts";
import { newId } from "../ids.ts";
import { renderMarkdown } from "../markdown.ts";
import type { CurrentUser } from "../viewer.ts";
import { portfolioExposureMessage, whoSeesPortfolio } from "./exposure.ts";
import {
  coverSchema,
  type FormInput,
  MAX_PORTFOLIOS,
  type PortfolioInput,
  portfolioSchema,
} from "./schema.ts";
import { freeSlug, slugify } from "./slug.ts";
import { activeShareLinkCount, itemAudiences, lockOwnPortfolio } from "./store.ts";

/** Creating, changing and deleting portfolios (their owner only). */

export const FIRST_SECTION_TITLE = "Selected work";

async function slugsLike(tx: TxCtx, ownerId: string, stem: string): Promise<Set<string>> {
  const rows = await tx.db
    .select({ slug: portfolios.slug })
    .from(portfolios)
    .where(and(eq(portfolios.ownerId, ownerId), like(portfolios.slug, `${stem || "portfolio"}%`)));
  return new Set(rows.map((row) => row.slug.toLowerCase()));
}

async function slugTaken(tx: TxCtx, ownerId: string, slug: string, except?: string) {
  const rows = await tx.db
    .select({ id: portfolios.id })
    .from(portfolios)
    .where(and(eq(portfolios.ownerId, ownerId), sql`lower(${portfolios.slug}) = lower(${slug})`));
  return rows.some((row) => row.id !== except);
}

const slugConflict = () =>
  conflict("You already have a portfolio at that address.", {
    slug: "You already use this address for another portfolio",
  });

/** A new portfolio with one empty section; private until the member says otherwise. */
export async function createPortfolio(
  ctx: Ctx,
  owner: CurrentUser,
  input: PortfolioInput | FormInput,
): Promise<{ id: string; slug: string }> {
  const data = parseInput(portfolioSchema, input);
  return transactional(ctx, async (tx) => {
    // One creation at a time per member, so the slug chosen stays free.
    await tx.db.execute(sql`select id from actors where id = ${owner.actorId} for update`);
    const [existing] = await tx.db
      .select({ n: count() })
      .from(portfolios)
      .where(eq(portfolios.ownerId, owner.actorId));
    if ((existing?.n ?? 0) >= MAX_PORTFOLIOS) {
      throw invalid(`You can have at most ${MAX_PORTFOLIOS} portfolios.`);
    }
    let slug = data.slug;
    if (slug && (await slugTaken(tx, owner.actorId, slug))) throw slugConflict();
    if (!slug) {
      const stem = slugify(data.title);
      slug = freeSlug(stem, await slugsLike(tx, owner.actorId, stem), "portfolio");
    }
    const id = newId();
    const now = tx.now();
    await tx.db.insert(portfolios).values({
      id,
      ownerId: owner.actorId,
      slug,
      title: data.title,
      introMarkdown: data.intro,
      introHtml: renderMarkdown(data.intro),
      layout: data.layout,
      // Nothing is in it yet, so no entry can be exposed by its audience.
      audience: data.audience,
      createdAt: now,
      updatedAt: now,
    });
    await tx.db
      .insert(portfolioSections)
      .values({ id: newId(), portfolioId: id, title: FIRST_SECTION_TITLE, position: 0 });
    return { id, slug };
  });
}

/**
 * Changes title, address, intro, layout and audience. An audience that
 * reaches further than before while some entries inside are less visible on
 * their own needs `confirm`: the member is told who will now see them.
 */
export async function updatePortfolio(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: PortfolioInput | FormInput,
): Promise<{ slug: string }> {
  const data = parseInput(portfolioSchema, input);
  return transactional(ctx, async (tx) => {
    const current = await lockOwnPortfolio(tx, owner, slug);
    const newSlug = data.slug || current.slug;
    if (newSlug !== current.slug && (await slugTaken(tx, owner.actorId, newSlug, current.id))) {
      throw slugConflict();
    }
    if (reachesFurther(data.audience, current.audience) && !data.confirm) {
      const activeShareLinks = await activeShareLinkCount(tx, current.id);
      const reach = { audience: data.audience, activeShareLinks };
      const exposed = (await itemAudiences(tx, current.id)).filter((item) =>
        lessVisibleThan(item.audience, reach),
      );
      if (exposed.length > 0) {
        const message = portfolioExposureMessage(
          exposed.length,
          whoSeesPortfolio(data.audience, activeShareLinks),
        );
        throw invalid(message, { confirm: message });
      }
    }
    await tx.db
      .update(portfolios)
      .set({
        slug: newSlug,
        title: data.title,
        introMarkdown: data.intro,
        introHtml: renderMarkdown(data.intro),
        layout: data.layout,
        audience: data.audience,
        updatedAt: tx.now(),
      })
      .where(eq(portfolios.id, current.id));
    return { slug: newSlug };
  });
}

export async function deletePortfolio(ctx: Ctx, owner: CurrentUser, slug: string): Promise<void> {
  await transactional(ctx, async (tx) => {
    const current = await lockOwnPortfolio(tx, owner, slug);
    await tx.db.delete(portfolios).where(eq(portfolios.id, current.id));
    const cover = current.coverKey;
    if (cover) tx.afterCommit(() => removeCover(ctx.config, cover));
  });
}

/**
 * Sets the cover's description and, with an image, replaces the cover (the
 * image is processed and stored first, outside the transaction; the old file
 * goes after the commit).
 */
export async function setPortfolioCover(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: { image?: Uint8Array | null; alt?: string },
): Promise<void> {
  const { alt } = parseInput(coverSchema, { alt: input.alt });
  const image = input.image?.byteLength ? input.image : null;
  if (image && image.byteLength > MAX_COVER_BYTES) {
    throw invalid("That image is too large.", { cover: "Use an image of at most 16 MB" });
  }
  const cover = image
    ? await processCover(image).catch((error) => {
        if (error instanceof NotAnImageError)
          throw invalid(error.message, { cover: error.message });
        throw error;
      })
    : null;
  const key = cover ? `${newId()}.webp` : null;
  if (cover && key) await saveCover(ctx.config, key, cover.data);
  try {
    await transactional(ctx, async (tx) => {
      const current = await lockOwnPortfolio(tx, owner, slug);
      const image =
        cover && key ? { coverKey: key, coverWidth: cover.width, coverHeight: cover.height } : {};
      await tx.db
        .update(portfolios)
        .set({ ...image, coverAlt: alt, updatedAt: tx.now() })
        .where(eq(portfolios.id, current.id));
      const old = current.coverKey;
      if (key && old) tx.afterCommit(() => removeCover(ctx.config, old));
    });
  } catch (error) {
    if (key) await removeCover(ctx.config, key);
    throw error;
  }
}

export async function removePortfolioCover(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
): Promise<void> {
  await transactional(ctx, async (tx) => {
    const current = await lockOwnPortfolio(tx, owner, slug);
    await tx.db
      .update(portfolios)
      .set({ coverKey: null, coverWidth: null, coverHeight: null, updatedAt: tx.now() })
      .where(eq(portfolios.id, current.id));
    const old = current.coverKey;
    if (old) tx.afterCommit(() => removeCover(ctx.config, old));
  });
}

/** The bytes of a cover (the caller checked the viewer may see its portfolio). */
export function coverBytes(ctx: Ctx, key: string, format: "webp" | "jpeg" = "webp") {
  return readCover(ctx.config, key).then((data) =>
    data && format === "jpeg" ? imageAsJpeg(data) : data,
  );
}
