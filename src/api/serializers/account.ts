import { type AccountView, accountViews } from "../../domain/api/accounts.ts";
import type { Ctx } from "../../domain/context.ts";
import { escapeHtml } from "../../domain/markdown.ts";
import type { Viewer } from "../../domain/viewer.ts";

/** Mastodon's Account entity (https://docs.joinmastodon.org/entities/Account/). */
export interface MastodonAccount {
  id: string;
  username: string;
  acct: string;
  url: string;
  uri: string;
  display_name: string;
  note: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  locked: boolean;
  fields: MastodonField[];
  emojis: never[];
  bot: boolean;
  group: boolean;
  discoverable: boolean;
  indexable: boolean;
  hide_collections: boolean;
  noindex: boolean;
  created_at: string;
  last_status_at: string | null;
  statuses_count: number;
  followers_count: number;
  following_count: number;
  moved: MastodonAccount | null;
  source?: MastodonAccountSource;
}

export interface MastodonField {
  name: string;
  value: string;
  verified_at: string | null;
}

/** What `verify_credentials` adds for the member's own account (editable originals). */
export interface MastodonAccountSource {
  note: string;
  fields: { name: string; value: string; verified_at: null }[];
  privacy: "public";
  sensitive: boolean;
  language: string;
  follow_requests_count: number;
  discoverable: boolean;
  indexable: boolean;
  hide_collections: boolean;
}

/** Images shown when an account has none (Mastodon's "missing" images, ours). */
const MISSING_AVATAR = "/static/avatar-missing.png";
const MISSING_HEADER = "/static/header-missing.png";

/** Local avatars and headers share one image store (see src/media/headers.ts). */
function image(publicUrl: string, key: string | null, remote: string | null, missing: string) {
  if (key) return `${publicUrl}/media/avatars/${key}`;
  // Another server's image only when it is a web address: apps load it as is.
  return remote && /^https?:\/\//i.test(remote) ? remote : `${publicUrl}${missing}`;
}

function fieldOf(link: { label: string; url: string }): MastodonField {
  const href = escapeHtml(link.url);
  const shown = escapeHtml(link.url.replace(/^https?:\/\//, "").replace(/\/$/, ""));
  return {
    name: link.label,
    value: `<a href="${href}" rel="nofollow noopener noreferrer me" target="_blank">${shown}</a>`,
    verified_at: null,
  };
}

/**
 * Turns an account view (from `accountViews`) into Mastodon's Account entity.
 * `publicUrl` is the instance origin (`ctx.config.publicUrl`): every URL is absolute.
 */
export function serializeAccount(account: AccountView, publicUrl: string): MastodonAccount {
  const local = account.host === null;
  const profileUrl = `${publicUrl}/@${account.handle}`;
  const avatar = image(publicUrl, account.avatarKey, account.avatarUrl, MISSING_AVATAR);
  const header = image(publicUrl, account.headerKey, account.headerUrl, MISSING_HEADER);
  return {
    id: account.id,
    username: account.handle,
    acct: local ? account.handle : `${account.handle}@${account.host}`,
    url: local ? profileUrl : (account.url ?? account.uri ?? profileUrl),
    uri: local ? profileUrl : (account.uri ?? profileUrl),
    display_name: account.displayName,
    note: account.bioHtml,
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    locked: account.locked,
    fields: account.links.map(fieldOf),
    emojis: [],
    bot: false,
    group: false,
    discoverable: account.discoverable,
    indexable: account.discoverable,
    // Follower and follow lists are never shown to others (counts are).
    hide_collections: true,
    noindex: !account.discoverable,
    created_at: account.createdAt.toISOString(),
    // Mastodon gives a date, not a time, for the last post.
    last_status_at: account.lastStatusAt?.toISOString().slice(0, 10) ?? null,
    statuses_count: account.statusesCount,
    followers_count: account.followersCount,
    following_count: account.followingCount,
    moved: account.moved ? serializeAccount(account.moved, publicUrl) : null,
  };
}

/** The member's own account with `source`, as verify_credentials and update_credentials answer. */
export function serializeCredentialAccount(
  account: AccountView,
  publicUrl: string,
  extra: { followRequestsCount: number },
): MastodonAccount {
  return {
    ...serializeAccount(account, publicUrl),
    source: {
      note: account.bioMarkdown,
      fields: account.links.map((l) => ({ name: l.label, value: l.url, verified_at: null })),
      privacy: "public",
      sensitive: false,
      language: account.locale,
      follow_requests_count: extra.followRequestsCount,
      discoverable: account.discoverable,
      indexable: account.discoverable,
      hide_collections: true,
    },
  };
}

/**
 * Loads and serializes many accounts at once, in the order of `actorIds`
 * (unknown ids dropped): the one call a list endpoint needs.
 */
export async function loadAccounts(
  ctx: Ctx,
  viewer: Viewer,
  actorIds: readonly string[],
): Promise<MastodonAccount[]> {
  const views = await accountViews(ctx, viewer, actorIds);
  return actorIds.flatMap((id) => {
    const view = views.get(id);
    return view ? [serializeAccount(view, ctx.config.publicUrl)] : [];
  });
}
