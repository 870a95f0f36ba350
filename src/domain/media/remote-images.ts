import { createHash } from "node:crypto";
import { and, eq, isNotNull } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { type RemoteAttachment, remotePosts } from "../../db/schema/federation.ts";
import { fetchRemoteImage, type RemoteImageVariant, toWebp } from "../../media/remote-image.ts";
import { mediaStorage } from "../../media/storage.ts";
import { remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { Viewer } from "../viewer.ts";
import { imageSources } from "./remote-html-images.ts";

/**
 * The remote image proxy (ADR 0015): pages link `/media/remote/<key>`, where
 * the key names who the picture belongs to (an actor or a remote post) and a
 * hash of its URL. Only URLs stored for actors and posts are ever fetched, by
 * the server, lazily on the first request; the WebP is kept in media storage
 * under the URL's hash, so a picture shared by many is fetched once.
 */

export type { RemoteImageVariant };

const KEY = /^(a96|a400|hdr|img)-([0-9a-f-]{36})-([0-9a-f]{32})\.webp$/;
/** A failed fetch is not tried again for this long (readers get the fallback meanwhile). */
const RETRY_AFTER_MS = 60 * 60 * 1000;
/** The variants made from one download (both avatar sizes at once). */
const MADE_TOGETHER: Record<RemoteImageVariant, RemoteImageVariant[]> = {
  a96: ["a96", "a400"],
  a400: ["a96", "a400"],
  hdr: ["hdr"],
  img: ["img"],
};

/** Where the cached copies live in media storage (the sweep expires them). */
export const REMOTE_IMAGE_PREFIX = "remote/";

const urlHash = (url: string) => createHash("sha256").update(url).digest("hex");

/** The key of a stored URL's picture: `<variant>-<owner id>-<url hash>.webp`. */
export function remoteImageKey(ownerId: string, url: string, variant: RemoteImageVariant): string {
  return `${variant}-${ownerId}-${urlHash(url).slice(0, 32)}.webp`;
}

/** Where a remote picture's proxy URL is (pages link it; nothing else fetches the original). */
export const remoteImagePath = (ownerId: string, url: string, variant: RemoteImageVariant) =>
  `/media/remote/${remoteImageKey(ownerId, url, variant)}`;

export type RemoteImage =
  | { kind: "image"; bytes: Buffer; public: boolean }
  /** Known but could not be fetched or read: avatars fall back to the default one. */
  | { kind: "failed"; avatar: boolean };

interface Wanted {
  url: string;
  variant: RemoteImageVariant;
  public: boolean;
}

/** The stored URL a key names, or null (unknown owner, no such URL, not visible to the viewer). */
async function wantedBy(ctx: Ctx, viewer: Viewer, key: string): Promise<Wanted | null> {
  const match = KEY.exec(key);
  if (!match) return null;
  const [, variant, ownerId, hash] = match as unknown as [
    string,
    RemoteImageVariant,
    string,
    string,
  ];
  const matches = (url: string | null | undefined): url is string =>
    !!url && urlHash(url).startsWith(hash);
  if (variant !== "img") {
    const [actor] = await ctx.db
      .select({ avatarUrl: actors.avatarUrl, headerUrl: actors.headerUrl })
      .from(actors)
      .where(and(eq(actors.id, ownerId), isNotNull(actors.host)));
    const url = variant === "hdr" ? actor?.headerUrl : actor?.avatarUrl;
    return matches(url) ? { url, variant, public: true } : null;
  }
  // A post's images are as visible as the post: the one rule for remote posts decides.
  const [post] = await ctx.db
    .select({
      attachments: remotePosts.attachments,
      contentHtml: remotePosts.contentHtml,
      audience: remotePosts.audience,
    })
    .from(remotePosts)
    .where(and(eq(remotePosts.id, ownerId), remotePostVisibleTo(viewer, "direct")));
  if (!post) return null;
  // Its image attachments, or an image inside its HTML (pages link those here too).
  const url =
    post.attachments.find((a: RemoteAttachment) => a.type === "image" && matches(a.url))?.url ??
    imageSources(post.contentHtml).find(matches);
  if (!url) return null;
  return { url, variant, public: ["public", "unlisted"].includes(post.audience) };
}

const storageKey = (url: string, variant: RemoteImageVariant) =>
  `${REMOTE_IMAGE_PREFIX}${variant}/${urlHash(url)}.webp`;
const failedKey = (url: string, variant: RemoteImageVariant) =>
  `${REMOTE_IMAGE_PREFIX}${variant}/${urlHash(url)}.failed`;

/** Downloads in progress in this process, so a page full of one avatar fetches it once. */
const inFlight = new Map<string, Promise<Map<RemoteImageVariant, Buffer> | null>>();

/**
 * Fetches a picture once, stores every variant made from it (the largest
 * from the original, smaller ones from that), or a failure marker.
 */
async function download(ctx: Ctx, url: string, group: RemoteImageVariant[]) {
  const storage = mediaStorage(ctx.config);
  const [largest, ...smaller] = [...group].reverse() as [
    RemoteImageVariant,
    ...RemoteImageVariant[],
  ];
  try {
    const made = new Map<RemoteImageVariant, Buffer>();
    made.set(
      largest,
      await fetchRemoteImage(url, largest, {
        allowPrivate: ctx.config.federationAllowPrivateAddress,
      }),
    );
    for (const variant of smaller) made.set(variant, await toWebp(made.get(largest)!, variant));
    for (const [variant, bytes] of made)
      await storage.put(storageKey(url, variant), bytes, "image/webp");
    return made;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log.info("Remote image {url} not kept: {reason}", { url, reason });
    await storage
      .put(failedKey(url, largest), new TextEncoder().encode(reason), "text/plain")
      .catch(() => {});
    return null;
  }
}

/**
 * The picture a key names, for this viewer: stored bytes, or fetched now
 * (once; a failure is remembered for an hour); null when the key names
 * nothing this server stores or the viewer may not see.
 */
export async function remoteImage(
  ctx: Ctx,
  viewer: Viewer,
  key: string,
): Promise<RemoteImage | null> {
  const wanted = await wantedBy(ctx, viewer, key);
  if (!wanted) return null;
  const failed: RemoteImage = { kind: "failed", avatar: wanted.variant.startsWith("a") };
  const storage = mediaStorage(ctx.config);
  const stored = await storage.readAll(storageKey(wanted.url, wanted.variant));
  if (stored) return { kind: "image", bytes: stored, public: wanted.public };
  const group = MADE_TOGETHER[wanted.variant];
  const marker = await storage.stat(failedKey(wanted.url, group.at(-1)!));
  if (marker && Date.now() - marker.modified.getTime() < RETRY_AFTER_MS) return failed;
  const flight = `${group.join(",")} ${wanted.url}`;
  let pending = inFlight.get(flight);
  if (!pending) {
    pending = download(ctx, wanted.url, group).finally(() => inFlight.delete(flight));
    inFlight.set(flight, pending);
  }
  const bytes = (await pending)?.get(wanted.variant);
  return bytes ? { kind: "image", bytes, public: wanted.public } : failed;
}
