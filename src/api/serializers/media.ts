import type { RemoteAttachment } from "../../domain/api/status-views.ts";
import type { MediaView, VariantView } from "../../domain/media/index.ts";

/** Mastodon's MediaAttachment entity (https://docs.joinmastodon.org/entities/MediaAttachment/). */
export interface MastodonAttachment {
  id: string;
  type: "image" | "gifv" | "video" | "audio" | "unknown";
  url: string | null;
  preview_url: string | null;
  remote_url: string | null;
  preview_remote_url: null;
  text_url: null;
  meta: Record<string, unknown>;
  description: string | null;
  blurhash: string | null;
}

function dimensions(width: number | null | undefined, height: number | null | undefined) {
  if (!width || !height) return {};
  return { width, height, size: `${width}x${height}`, aspect: width / height };
}

const fileUrl = (publicUrl: string, id: string, variant: VariantView | undefined) =>
  variant ? `${publicUrl}/media/${id}/${variant.file}` : null;

/**
 * One of our media items as Mastodon shows it. While it processes, `url` is
 * null (as Mastodon answers before the file is ready).
 */
export function serializeMedia(item: MediaView, publicUrl: string): MastodonAttachment {
  const v = item.variants;
  const main =
    item.kind === "image"
      ? (v.display ?? v.original)
      : item.kind === "video"
        ? (v.video ?? v.original)
        : (v.audio ?? v.original);
  const preview = v.thumb ?? v.poster ?? (item.kind === "image" ? main : undefined);
  const ready = item.state === "ready";
  const meta: Record<string, unknown> = {};
  if (ready) {
    meta.original = {
      ...dimensions(main?.width ?? item.width, main?.height ?? item.height),
      ...(item.durationMs !== null
        ? { duration: item.durationMs / 1000, length: formatLength(item.durationMs) }
        : {}),
    };
    if (preview) meta.small = dimensions(preview.width, preview.height);
  }
  if (item.focusX !== null && item.focusY !== null) {
    meta.focus = { x: item.focusX, y: item.focusY };
  }
  return {
    id: item.id,
    type: item.kind,
    url: ready ? fileUrl(publicUrl, item.id, main) : null,
    preview_url: ready ? fileUrl(publicUrl, item.id, preview) : null,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta,
    description: item.alt || null,
    blurhash: item.blurhash,
  };
}

function formatLength(ms: number): string {
  const total = Math.round(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}

/** A remote post's attachment, pointing at its origin. */
export function serializeRemoteMedia(
  item: RemoteAttachment,
  postId: string,
  index: number,
): MastodonAttachment {
  return {
    // Stable per post and position: remote attachments have no id of ours.
    id: `${postId}-${index}`,
    type: item.type === "document" ? "unknown" : item.type,
    url: item.url,
    preview_url: item.type === "image" ? item.url : null,
    remote_url: item.url,
    preview_remote_url: null,
    text_url: null,
    meta: {
      original: dimensions(item.width, item.height),
      ...(item.focalPoint ? { focus: { x: item.focalPoint[0], y: item.focalPoint[1] } } : {}),
    },
    description: item.name || null,
    blurhash: item.blurhash,
  };
}
