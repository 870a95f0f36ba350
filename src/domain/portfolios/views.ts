import { and, asc, count, desc, eq, notExists, type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import {
  portfolioItems,
  portfolioSections,
  portfolioShareLinks,
  portfolios,
} from "../../db/schema/portfolios.ts";
import { HANDLE_PATTERN, isLocalHandle } from "../accounts/members.ts";
import {
  type Access,
  entryInPortfolioVisibleTo,
  entryVisibleTo,
  portfolioVisibleTo,
} from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import type { PortfolioAudience as Audience } from "../entries/schema.ts";
import { type AuthorView, type EntryView, pageOfEntries } from "../entries/view-model.ts";
import { excerpt, htmlToText } from "../markdown.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";
import { entriesById } from "./entries-by-id.ts";
import type { PortfolioLayout } from "./schema.ts";
import type { ShareGrant } from "./share-links.ts";
import { SLUG_PATTERN } from "./slug.ts";
import { activeLink } from "./store.ts";

/**
 * Reads of portfolios for one viewer. The portfolio row carries
 * `portfolioVisibleTo`, its entries `entryInPortfolioVisibleTo`: both in SQL.
 */

export interface PortfolioCover {
  key: string;
  alt: string;
  width: number | null;
  height: number | null;
}

export interface ItemView {
  id: string;
  sectionId: string;
  captionHtml: string;
  captionMarkdown: string;
  entry: EntryView;
  /** The viewer may open the entry's own page (its own audience lets them). */
  ownLink: boolean;
}

export interface SectionView {
  id: string;
  title: string;
  items: ItemView[];
}

export interface PortfolioView {
  id: string;
  slug: string;
  title: string;
  introHtml: string;
  introMarkdown: string;
  /** The intro as plain text, at most 200 characters. */
  summary: string;
  cover: PortfolioCover | null;
  layout: PortfolioLayout;
  audience: Audience;
  createdAt: Date;
  updatedAt: Date;
  owner: AuthorView;
  isOwner: boolean;
  /** Opened through a share link (pages then link nowhere else of the member). */
  viaShareLink: boolean;
  sections: SectionView[];
  itemCount: number;
}

export interface PortfolioSummary {
  slug: string;
  title: string;
  /** Plain text, at most 200 characters. */
  summary: string;
  audience: Audience;
  layout: PortfolioLayout;
  cover: PortfolioCover | null;
  itemCount: number;
  updatedAt: Date;
  ownerHandle: string;
}

const portfolioColumns = {
  id: portfolios.id,
  slug: portfolios.slug,
  title: portfolios.title,
  introHtml: portfolios.introHtml,
  introMarkdown: portfolios.introMarkdown,
  coverKey: portfolios.coverKey,
  coverAlt: portfolios.coverAlt,
  coverWidth: portfolios.coverWidth,
  coverHeight: portfolios.coverHeight,
  layout: portfolios.layout,
  audience: portfolios.audience,
  createdAt: portfolios.createdAt,
  updatedAt: portfolios.updatedAt,
  ownerId: actors.id,
  ownerHandle: actors.handle,
  ownerName: actors.displayName,
  ownerAvatarKey: actors.avatarKey,
};

const summaryOf = (introHtml: string) => excerpt(htmlToText(introHtml), 200);

function coverOf(row: {
  coverKey: string | null;
  coverAlt: string;
  coverWidth: number | null;
  coverHeight: number | null;
}): PortfolioCover | null {
  if (!row.coverKey) return null;
  return { key: row.coverKey, alt: row.coverAlt, width: row.coverWidth, height: row.coverHeight };
}

/** The portfolio at `/@handle/portfolios/<slug>` if the viewer may see it (joined with its owner). */
export function portfolioAt(viewer: Viewer, handle: string, slug: string, access: Access): SQL {
  if (!HANDLE_PATTERN.test(handle) || !SLUG_PATTERN.test(slug.toLowerCase())) throw notShown();
  return and(
    isLocalHandle(handle),
    sql`lower(${portfolios.slug}) = lower(${slug})`,
    portfolioVisibleTo(viewer, access),
  )!;
}

/** The portfolio's items the viewer may see, in section order, with their entries. */
async function itemsOf(ctx: Ctx, viewer: Viewer, portfolioId: string) {
  const visible = entryInPortfolioVisibleTo(viewer, portfolioId);
  const rows = await ctx.db
    .select({
      id: portfolioItems.id,
      sectionId: portfolioItems.sectionId,
      captionHtml: portfolioItems.captionHtml,
      captionMarkdown: portfolioItems.captionMarkdown,
      entryId: portfolioItems.entryId,
      ownLink: sql<boolean>`(${entryVisibleTo(viewer, "direct")})`,
    })
    .from(portfolioItems)
    .innerJoin(entries, eq(entries.id, portfolioItems.entryId))
    .where(and(eq(portfolioItems.portfolioId, portfolioId), visible))
    .orderBy(asc(portfolioItems.position), asc(portfolioItems.id));
  if (rows.length === 0) return [];
  const byId = await entriesById(
    ctx,
    rows.map((row) => row.entryId),
    visible,
  );
  return rows.flatMap((row) => {
    const entry = byId.get(row.entryId);
    return entry ? [{ ...row, entry }] : [];
  });
}

/**
 * The portfolio at `/@handle/portfolios/<slug>` as this viewer may see it:
 * its sections in order, each with the items the viewer may see. Not found
 * (indistinguishable from missing) when the viewer may not see it.
 */
export async function portfolioForViewer(
  ctx: Ctx,
  viewer: Viewer,
  handle: string,
  slug: string,
  access: Access = "direct",
): Promise<PortfolioView> {
  const [row] = await ctx.db
    .select(portfolioColumns)
    .from(portfolios)
    .innerJoin(actors, eq(actors.id, portfolios.ownerId))
    .where(portfolioAt(viewer, handle, slug, access))
    .limit(1);
  if (!row) throw notShown();
  const [sections, items] = await Promise.all([
    ctx.db
      .select({ id: portfolioSections.id, title: portfolioSections.title })
      .from(portfolioSections)
      .where(eq(portfolioSections.portfolioId, row.id))
      .orderBy(asc(portfolioSections.position), asc(portfolioSections.id)),
    itemsOf(ctx, viewer, row.id),
  ]);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    introHtml: row.introHtml,
    introMarkdown: row.introMarkdown,
    summary: summaryOf(row.introHtml),
    cover: coverOf(row),
    layout: row.layout,
    audience: row.audience,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    owner: {
      id: row.ownerId,
      handle: row.ownerHandle,
      displayName: row.ownerName || row.ownerHandle,
      avatarKey: row.ownerAvatarKey,
    },
    isOwner: viewer.actorId === row.ownerId,
    viaShareLink: viewer.sharedPortfolioId === row.id && viewer.actorId !== row.ownerId,
    sections: sections.map((section) => ({
      ...section,
      items: items.filter((item) => item.sectionId === section.id),
    })),
    itemCount: items.length,
  };
}

/** The portfolio a share link opened. */
export function sharedPortfolio(ctx: Ctx, grant: ShareGrant): Promise<PortfolioView> {
  return portfolioForViewer(ctx, grant.viewer, grant.handle, grant.slug);
}

/**
 * Items of each listed portfolio (the outer `portfolios` row) that its viewers
 * see: whoever may see a portfolio sees all its published entries
 * (`entryInPortfolioVisibleTo`), so this counts those.
 */
const visibleItemCount = sql<number>`(select count(*)::int from portfolio_items pi
  join entries e on e.id = pi.entry_id
  where pi.portfolio_id = "portfolios"."id" and e.status = 'published')`;

/** A member's portfolios the viewer may see listed (profile, `/@handle/portfolios`). */
export async function memberPortfolios(
  ctx: Ctx,
  viewer: Viewer,
  ownerId: string,
  limit = 50,
): Promise<PortfolioSummary[]> {
  const rows = await ctx.db
    .select({ ...portfolioColumns, itemCount: visibleItemCount })
    .from(portfolios)
    .innerJoin(actors, eq(actors.id, portfolios.ownerId))
    .where(and(eq(portfolios.ownerId, ownerId), portfolioVisibleTo(viewer, "listing")))
    .orderBy(desc(portfolios.updatedAt), desc(portfolios.id))
    .limit(limit);
  return rows.map((row) => ({
    slug: row.slug,
    title: row.title,
    summary: summaryOf(row.introHtml),
    audience: row.audience,
    layout: row.layout,
    cover: coverOf(row),
    itemCount: row.itemCount,
    updatedAt: row.updatedAt,
    ownerHandle: row.ownerHandle,
  }));
}

export interface OwnPortfolioSummary extends PortfolioSummary {
  activeShareLinks: number;
}

/** Every portfolio of the signed-in member, for `/portfolios`. */
export async function ownPortfolios(ctx: Ctx, owner: CurrentUser): Promise<OwnPortfolioSummary[]> {
  const [list, links] = await Promise.all([
    memberPortfolios(ctx, owner, owner.actorId, 200),
    ctx.db
      .select({ slug: portfolios.slug, n: count() })
      .from(portfolioShareLinks)
      .innerJoin(portfolios, eq(portfolios.id, portfolioShareLinks.portfolioId))
      .where(and(eq(portfolios.ownerId, owner.actorId), activeLink(ctx.now())))
      .groupBy(portfolios.slug),
  ]);
  const bySlug = new Map(links.map((row) => [row.slug, row.n]));
  return list.map((item) => ({ ...item, activeShareLinks: bySlug.get(item.slug) ?? 0 }));
}

/** The owner's published entries not yet in this portfolio, newest first (the "Add" picker). */
export async function entriesToAdd(
  ctx: Ctx,
  owner: CurrentUser,
  portfolioId: string,
  limit = 100,
): Promise<EntryView[]> {
  const page = await pageOfEntries(ctx, {
    where: and(
      eq(entries.authorId, owner.actorId),
      entryVisibleTo(owner, "listing"),
      notExists(
        ctx.db
          .select({ one: sql`1` })
          .from(portfolioItems)
          .where(
            and(
              eq(portfolioItems.portfolioId, portfolioId),
              eq(portfolioItems.entryId, entries.id),
            ),
          ),
      ),
    )!,
    sort: "published",
    limit,
  });
  return page.entries;
}

/** The cover of a portfolio the viewer may see (the image route), or not found. */
export async function portfolioCoverFor(
  ctx: Ctx,
  viewer: Viewer,
  handle: string,
  slug: string,
): Promise<PortfolioCover> {
  const [row] = await ctx.db
    .select({
      coverKey: portfolios.coverKey,
      coverAlt: portfolios.coverAlt,
      coverWidth: portfolios.coverWidth,
      coverHeight: portfolios.coverHeight,
    })
    .from(portfolios)
    .innerJoin(actors, eq(actors.id, portfolios.ownerId))
    .where(portfolioAt(viewer, handle, slug, "direct"))
    .limit(1);
  const cover = row ? coverOf(row) : null;
  if (!cover) throw notShown();
  return cover;
}
