import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { type ENTRY_AUDIENCES, entries } from "../db/schema/entries.ts";
import { remotePosts } from "../db/schema/federation.ts";
import { portfolios } from "../db/schema/portfolios.ts";
import type { Viewer } from "./viewer.ts";

/**
 * How the viewer reaches an entry:
 * - "listing": it would appear in a list (profile, tag page, feed, search);
 * - "direct": the viewer holds its link (permalink, edit page).
 */
export type Access = "listing" | "direct";

type Audience = (typeof ENTRY_AUDIENCES)[number];

/**
 * THE authorization rule for entries. Every channel that shows entries (pages,
 * feeds, API, federation, search, exports) filters with this predicate inside
 * its SQL query, so there is exactly one place that decides who sees what.
 *
 * - The author sees every published entry of theirs in lists, and drafts and
 *   scheduled ones by direct link (their journal asks for "direct").
 * - Others see published entries only:
 *   public: anyone, anywhere;
 *   unlisted: anyone holding the link, never in lists;
 *   followers: accepted followers of the author;
 *   direct: the actors the entry mentions (entry_mentions);
 *   private: nobody else.
 * - An author who blocked the viewer is invisible to them, whatever the audience.
 */
export function entryVisibleTo(viewer: Viewer, access: Access): SQL {
  const published = eq(entries.status, "published");
  const forEveryone =
    access === "direct"
      ? or(eq(entries.audience, "public"), eq(entries.audience, "unlisted"))!
      : eq(entries.audience, "public");
  if (viewer.actorId === null) return and(published, forEveryone)!;
  const isFollower = sql`exists (select 1 from follows f where f.followed_id = ${entries.authorId}
    and f.follower_id = ${viewer.actorId} and f.state = 'accepted')`;
  const isMentioned = sql`exists (select 1 from entry_mentions m where m.entry_id = ${entries.id}
    and m.actor_id = ${viewer.actorId})`;
  const notBlocked = sql`not exists (select 1 from blocks b where b.actor_id = ${entries.authorId}
    and b.target_id = ${viewer.actorId})`;
  const byViewer = eq(entries.authorId, viewer.actorId);
  return or(
    access === "direct" ? byViewer : and(byViewer, published),
    and(
      published,
      notBlocked,
      or(
        forEveryone,
        and(eq(entries.audience, "followers"), isFollower),
        and(eq(entries.audience, "direct"), isMentioned),
      ),
    ),
  )!;
}

/**
 * What every entry `entryVisibleTo(viewer, "listing")` admits also is, as the
 * partial indexes of publication times state it: published, and public for
 * a visitor. For reading candidates from those indexes only: each one must
 * then pass the rule itself.
 */
export function entryListedAtMost(viewer: Viewer): SQL {
  return viewer.actorId === null
    ? entryVisibleTo(viewer, "listing")
    : eq(entries.status, "published");
}

/**
 * THE rule for posts by remote actors (`remote_posts`), mirroring
 * `entryVisibleTo`: public ones to anyone (unlisted ones only by direct
 * access), followers-only ones to local accepted followers of the author,
 * direct ones to the local actors they addressed (remote_post_recipients).
 * An author who blocked the viewer, or whom the viewer blocked, stays hidden.
 */
export function remotePostVisibleTo(viewer: Viewer, access: Access): SQL {
  const forEveryone =
    access === "direct"
      ? inArray(remotePosts.audience, ["public", "unlisted"])
      : eq(remotePosts.audience, "public");
  if (viewer.actorId === null) return forEveryone;
  const isFollower = sql`exists (select 1 from follows f where f.followed_id = ${remotePosts.authorId}
    and f.follower_id = ${viewer.actorId} and f.state = 'accepted')`;
  const isRecipient = sql`exists (select 1 from remote_post_recipients r
    where r.remote_post_id = ${remotePosts.id} and r.actor_id = ${viewer.actorId})`;
  const notBlocked = sql`not exists (select 1 from blocks b where
    (b.actor_id = ${remotePosts.authorId} and b.target_id = ${viewer.actorId})
    or (b.actor_id = ${viewer.actorId} and b.target_id = ${remotePosts.authorId}))`;
  return and(
    notBlocked,
    or(
      forEveryone,
      and(eq(remotePosts.audience, "followers"), isFollower),
      and(eq(remotePosts.audience, "direct"), isRecipient),
    ),
  )!;
}

/** Whether the viewer follows the actor in `ownerColumn` (an accepted follow). */
function followsOwner(viewerId: string, ownerColumn: SQL | typeof portfolios.ownerId): SQL {
  return sql`exists (select 1 from follows f where f.followed_id = ${ownerColumn}
    and f.follower_id = ${viewerId} and f.state = 'accepted')`;
}

/**
 * THE rule for portfolios, a condition on the `portfolios` table. Audiences
 * work as for entries (public listed; unlisted by link; followers; private =
 * the owner only). A viewer carrying a share grant (a valid share link, see
 * `domain/portfolios/share-links.ts`) also sees that one portfolio, reached
 * directly — never in a list.
 */
export function portfolioVisibleTo(viewer: Viewer, access: Access): SQL {
  const forEveryone =
    access === "direct"
      ? inArray(portfolios.audience, ["public", "unlisted"])
      : eq(portfolios.audience, "public");
  const shared =
    access === "direct" && viewer.sharedPortfolioId
      ? eq(portfolios.id, viewer.sharedPortfolioId)
      : undefined;
  if (viewer.actorId === null) return or(forEveryone, shared)!;
  return or(
    eq(portfolios.ownerId, viewer.actorId),
    forEveryone,
    and(eq(portfolios.audience, "followers"), followsOwner(viewer.actorId, portfolios.ownerId)),
    shared,
  )!;
}

/**
 * An entry shown through one portfolio, a condition on the `entries` table.
 * Inside a portfolio a published entry is visible to everyone who may see
 * the portfolio, whatever its own audience: the member confirmed that when
 * adding it (see `lessVisibleThan`). Its permalink, lists and feeds still use
 * `entryVisibleTo`, so outside the portfolio it keeps its own audience.
 */
export function entryInPortfolioVisibleTo(viewer: Viewer, portfolioId: string): SQL {
  return and(
    eq(entries.status, "published"),
    // "entries"."id" written out: drizzle would leave it unqualified in a one-table query.
    sql`exists (select 1 from portfolio_items pi join portfolios on portfolios.id = pi.portfolio_id
      where pi.entry_id = "entries"."id" and pi.portfolio_id = ${portfolioId}
      and ${portfolioVisibleTo(viewer, "direct")})`,
  )!;
}

/** How far each audience reaches, narrowest first. */
const REACH: Record<Audience, number> = {
  private: 0,
  direct: 0.5,
  followers: 1,
  unlisted: 2,
  public: 3,
};

/**
 * Whether showing an entry with `entryAudience` in a portfolio exposes it to
 * people its own audience leaves out: the portfolio's audience reaches
 * further, or the portfolio has share links (which reach like "unlisted":
 * anyone holding the link). Adding such an entry needs the member's consent.
 */
export function lessVisibleThan(
  entryAudience: Audience,
  portfolio: { audience: Exclude<Audience, "direct">; activeShareLinks: number },
): boolean {
  const shareReach = portfolio.activeShareLinks > 0 ? REACH.unlisted : REACH.private;
  return REACH[entryAudience] < Math.max(REACH[portfolio.audience], shareReach);
}

/** Whether audience `next` reaches people that `current` does not. */
export function reachesFurther(next: Audience, current: Audience): boolean {
  return REACH[next] > REACH[current];
}
