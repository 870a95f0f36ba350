import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { portfolioShareLinks, portfolios } from "../../db/schema/portfolios.ts";
import { parseInput } from "../accounts/members.ts";
import { lessVisibleThan } from "../authorization.ts";
import { type Ctx, transactional } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { invalid } from "../errors.ts";
import { isUuid, newId } from "../ids.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";
import { portfolioExposureMessage } from "./exposure.ts";
import { type FormInput, MAX_SHARE_LINKS, type ShareLinkInput, shareLinkSchema } from "./schema.ts";
import { activeLink, itemAudiences, lockOwnPortfolio } from "./store.ts";

/**
 * Share links: a random token (256 bits) in the URL opens one portfolio for
 * whoever holds it. Only its SHA-256 is stored; the token is shown once.
 */

export const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newShareToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

export function hashShareToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Compares two hex digests without an early exit, so timing reveals nothing. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export type ShareLinkState = "active" | "expired" | "revoked";

export interface ShareLinkView {
  id: string;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  viewCount: number;
  lastViewedAt: Date | null;
  state: ShareLinkState;
}

/** A portfolio opened by a share link: who is looking now, and where the portfolio lives. */
export interface ShareGrant {
  viewer: Viewer;
  linkId: string;
  handle: string;
  slug: string;
}

const DAY_MS = 86_400_000;

/**
 * Creates a share link and returns its token (the only time it exists in
 * clear). Entries in the portfolio that are followers-only or private become
 * visible to the link's holders: that needs `confirm`.
 */
export async function createShareLink(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: ShareLinkInput | FormInput,
): Promise<{ id: string; token: string }> {
  const data = parseInput(shareLinkSchema, input);
  return transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const [links] = await tx.db
      .select({ n: count() })
      .from(portfolioShareLinks)
      .where(
        and(
          eq(portfolioShareLinks.portfolioId, portfolio.id),
          isNull(portfolioShareLinks.revokedAt),
        ),
      );
    if ((links?.n ?? 0) >= MAX_SHARE_LINKS) {
      throw invalid(`A portfolio has at most ${MAX_SHARE_LINKS} share links: revoke one first.`);
    }
    if (!data.confirm) {
      // Who a link reaches: anyone holding it, as "unlisted" reaches anyone with the address.
      const linkOnly = { audience: "private", activeShareLinks: 1 } as const;
      const exposed = (await itemAudiences(tx, portfolio.id)).filter((item) =>
        lessVisibleThan(item.audience, linkOnly),
      );
      if (exposed.length > 0) {
        const message = portfolioExposureMessage(exposed.length, "anyone holding this link");
        throw invalid(message, { confirm: message });
      }
    }
    const token = newShareToken();
    const id = newId();
    const now = tx.now();
    await tx.db.insert(portfolioShareLinks).values({
      id,
      portfolioId: portfolio.id,
      label: data.label,
      tokenHash: hashShareToken(token),
      createdAt: now,
      expiresAt: data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * DAY_MS) : null,
    });
    return { id, token };
  });
}

/** Stops a link at once; revoking twice is harmless. */
export async function revokeShareLink(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  linkId: string,
): Promise<void> {
  if (!isUuid(linkId)) throw notShown();
  await transactional(ctx, async (tx) => {
    const portfolio = await lockOwnPortfolio(tx, owner, slug);
    const rows = await tx.db
      .update(portfolioShareLinks)
      .set({
        revokedAt: sql`coalesce(${portfolioShareLinks.revokedAt}, ${tx.now().toISOString()}::timestamptz)`,
      })
      .where(
        and(eq(portfolioShareLinks.id, linkId), eq(portfolioShareLinks.portfolioId, portfolio.id)),
      )
      .returning({ id: portfolioShareLinks.id });
    if (rows.length === 0) throw notShown();
  });
}

/** The owner's view of one of their portfolios' links, newest first. */
export async function shareLinksOf(
  ctx: Ctx,
  owner: CurrentUser,
  portfolioId: string,
): Promise<ShareLinkView[]> {
  const now = ctx.now();
  const rows = await ctx.db
    .select({ link: portfolioShareLinks })
    .from(portfolioShareLinks)
    .innerJoin(portfolios, eq(portfolios.id, portfolioShareLinks.portfolioId))
    .where(
      and(eq(portfolioShareLinks.portfolioId, portfolioId), eq(portfolios.ownerId, owner.actorId)),
    )
    .orderBy(desc(portfolioShareLinks.createdAt), desc(portfolioShareLinks.id));
  return rows.map(({ link: row }) => ({
    id: row.id,
    label: row.label,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    viewCount: row.viewCount,
    lastViewedAt: row.lastViewedAt,
    state: row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active",
  }));
}

/**
 * The grant a token gives `viewer`: its portfolio, reached directly. A
 * malformed, unknown, revoked or expired token is not found, all alike.
 * With `countView` the link's view count goes up by one.
 */
export async function openShareLink(
  ctx: Ctx,
  viewer: Viewer,
  token: string,
  options: { countView?: boolean } = {},
): Promise<ShareGrant> {
  if (!TOKEN_PATTERN.test(token)) throw notShown();
  const hash = hashShareToken(token);
  const [row] = await ctx.db
    .select({
      linkId: portfolioShareLinks.id,
      tokenHash: portfolioShareLinks.tokenHash,
      portfolioId: portfolios.id,
      slug: portfolios.slug,
      handle: actors.handle,
    })
    .from(portfolioShareLinks)
    .innerJoin(portfolios, eq(portfolios.id, portfolioShareLinks.portfolioId))
    .innerJoin(actors, eq(actors.id, portfolios.ownerId))
    .where(and(eq(portfolioShareLinks.tokenHash, hash), activeLink(ctx.now())))
    .limit(1);
  if (!row || !sameDigest(row.tokenHash, hash)) throw notShown();
  if (options.countView) {
    // A counter, not content: written outside `transactional` so that reading a
    // shared portfolio does not empty the visitors' page cache.
    await ctx.db
      .update(portfolioShareLinks)
      .set({ viewCount: sql`${portfolioShareLinks.viewCount} + 1`, lastViewedAt: ctx.now() })
      .where(eq(portfolioShareLinks.id, row.linkId));
  }
  return {
    viewer: { actorId: viewer.actorId, sharedPortfolioId: row.portfolioId },
    linkId: row.linkId,
    handle: row.handle,
    slug: row.slug,
  };
}
