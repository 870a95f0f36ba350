import { accountViews } from "../../domain/api/accounts.ts";
import {
  actorIdsOf,
  type PostView,
  type StatusView,
  statusList,
} from "../../domain/api/status-views.ts";
import type { Access } from "../../domain/authorization.ts";
import type { Ctx } from "../../domain/context.ts";
import { escapeHtml } from "../../domain/markdown.ts";
import { proxiedImagesHtml } from "../../domain/media/remote-html-images.ts";
import type { Viewer } from "../../domain/viewer.ts";
import { type MastodonAccount, serializeAccount } from "./account.ts";
import { type MastodonAttachment, serializeMedia, serializeRemoteMedia } from "./media.ts";

/** Mastodon's Status entity (https://docs.joinmastodon.org/entities/Status/). */
export interface MastodonStatus {
  id: string;
  uri: string;
  url: string | null;
  created_at: string;
  account: MastodonAccount;
  content: string;
  spoiler_text: string;
  sensitive: boolean;
  visibility: "public" | "unlisted" | "private" | "direct";
  language: string | null;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  reblog: MastodonStatus | null;
  media_attachments: MastodonAttachment[];
  mentions: { id: string; username: string; url: string; acct: string }[];
  tags: { name: string; url: string }[];
  emojis: never[];
  card: null;
  poll: null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
  muted: boolean;
  pinned?: boolean;
  edited_at: string | null;
  application: { name: string; website: string | null } | null;
  /** Only in a delete's answer ("delete & redraft"). */
  text?: string;
}

/** A prompt as a hashtag: "working-on" → #WorkingOn. */
function promptTag(prompt: string): { name: string; display: string } {
  const display = prompt
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
  return { name: display.toLowerCase(), display };
}

/**
 * The post's HTML; an article's title comes first, as its own line. A remote
 * post's images load through our proxy (ADR 0015), like on our pages.
 */
function contentOf(post: PostView, publicUrl: string): string {
  const body =
    post.kind === "remote"
      ? proxiedImagesHtml(post.id, post.contentHtml, publicUrl)
      : post.contentHtml;
  if (post.entryKind === "article" && post.title) {
    return `<p><strong>${escapeHtml(post.title)}</strong></p>${body}`;
  }
  return body;
}

function serializePost(
  post: PostView,
  accounts: ReadonlyMap<string, MastodonAccount>,
  publicUrl: string,
): MastodonStatus | null {
  const account = accounts.get(post.authorId);
  if (!account) return null;
  const permalink =
    post.kind === "entry" ? `${publicUrl}/@${post.authorHandle}/${post.id}` : (post.uri ?? "");
  const tags = post.prompt ? [promptTag(post.prompt), ...post.tags] : post.tags;
  const seen = new Set<string>();
  const media =
    post.kind === "entry"
      ? post.media.map((item) => serializeMedia(item, publicUrl))
      : post.remoteMedia.map((item, index) => serializeRemoteMedia(item, post.id, index));
  return {
    id: post.id,
    uri: permalink,
    url: post.url ?? permalink,
    created_at: post.publishedAt.toISOString(),
    account,
    content: contentOf(post, publicUrl),
    spoiler_text: post.spoilerText,
    sensitive: post.sensitive,
    visibility: post.visibility,
    language: post.language,
    in_reply_to_id: post.inReplyToId,
    in_reply_to_account_id: post.inReplyToAccountId,
    reblog: null,
    media_attachments: media,
    mentions: post.mentionIds.flatMap((id) => {
      const a = accounts.get(id);
      return a ? [{ id: a.id, username: a.username, url: a.url, acct: a.acct }] : [];
    }),
    tags: tags
      .filter((tag) => !seen.has(tag.name) && seen.add(tag.name))
      .map((tag) => ({
        name: tag.display,
        url: `${publicUrl}/tags/${encodeURIComponent(tag.name)}`,
      })),
    emojis: [],
    card: null,
    poll: null,
    replies_count: post.repliesCount,
    reblogs_count: post.reblogsCount,
    favourites_count: post.favouritesCount,
    favourited: post.favourited,
    reblogged: post.reblogged,
    bookmarked: post.bookmarked,
    muted: false,
    ...(post.pinned === null ? {} : { pinned: post.pinned }),
    edited_at: post.editedAt?.toISOString() ?? null,
    application: post.kind === "entry" ? { name: "Outloud", website: null } : null,
  };
}

/**
 * A status view (from `statusViews`) as Mastodon's Status; a share becomes a
 * status of the sharer whose `reblog` is the shared post. `accounts` holds
 * every actor the view names (see `actorIdsOf`); null if its author is missing.
 */
export function serializeStatus(
  view: StatusView,
  accounts: ReadonlyMap<string, MastodonAccount>,
  publicUrl: string,
): MastodonStatus | null {
  const post = serializePost(view.post, accounts, publicUrl);
  if (!post || !view.share) return post;
  const sharer = accounts.get(view.share.actorId);
  if (!sharer) return null;
  return {
    ...post,
    id: view.id,
    uri: `${publicUrl}/shares/${view.id}`,
    url: null,
    created_at: view.share.createdAt.toISOString(),
    account: sharer,
    content: "",
    spoiler_text: "",
    sensitive: false,
    visibility: view.share.visibility,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: post,
    media_attachments: [],
    mentions: [],
    tags: [],
    edited_at: null,
    application: null,
  };
}

/** The Account entities of every actor the views show, for one viewer. */
export async function accountsFor(
  ctx: Ctx,
  viewer: Viewer,
  views: Iterable<StatusView>,
  extra: readonly string[] = [],
): Promise<Map<string, MastodonAccount>> {
  const found = await accountViews(ctx, viewer, [...actorIdsOf(views), ...extra]);
  const out = new Map<string, MastodonAccount>();
  for (const [id, view] of found) out.set(id, serializeAccount(view, ctx.config.publicUrl));
  return out;
}

/** Serializes views in order (dropping any whose author is gone). */
export async function serializeStatuses(
  ctx: Ctx,
  viewer: Viewer,
  views: readonly StatusView[],
): Promise<MastodonStatus[]> {
  const accounts = await accountsFor(ctx, viewer, views);
  return views.flatMap((view) => serializeStatus(view, accounts, ctx.config.publicUrl) ?? []);
}

/**
 * The one call list endpoints make: the statuses with these ids the viewer
 * may see, in order, as Mastodon's entities.
 */
export async function loadStatuses(
  ctx: Ctx,
  viewer: Viewer,
  ids: readonly string[],
  access: Access = "direct",
): Promise<MastodonStatus[]> {
  return serializeStatuses(ctx, viewer, await statusList(ctx, viewer, ids, access));
}

/** One status by id for the viewer, or null when it is not there for them. */
export async function loadStatus(
  ctx: Ctx,
  viewer: Viewer,
  id: string,
): Promise<MastodonStatus | null> {
  const [status] = await loadStatuses(ctx, viewer, [id]);
  return status ?? null;
}

/** One version of a status as Mastodon's StatusEdit shows it (GET …/history). */
export function serializeEdit(
  post: PostView,
  edit: { title: string; contentHtml: string; spoilerText: string; at: Date },
  account: MastodonAccount,
  publicUrl: string,
) {
  const content = contentOf(
    { ...post, title: edit.title, contentHtml: edit.contentHtml },
    publicUrl,
  );
  return {
    content,
    spoiler_text: edit.spoilerText,
    sensitive: post.sensitive,
    created_at: edit.at.toISOString(),
    account,
    poll: null,
    media_attachments:
      post.kind === "entry" ? post.media.map((item) => serializeMedia(item, publicUrl)) : [],
    emojis: [],
  };
}
