import { html } from "hono/html";
import type { RemotePostView } from "../../domain/federation/index.ts";
import { remoteImagePath } from "../../domain/media/remote-images.ts";
import type { Html } from "../layout.ts";

/** The box the proxy fits post images in (src/media/remote-image.ts). */
const BOX = 1280;

/** Width and height attributes that keep the received aspect ratio within the box. */
function dimensions(width: number | null, height: number | null): Html {
  if (!width || !height || width <= 0 || height <= 0) return html``;
  const scale = Math.min(1, BOX / Math.max(width, height));
  return html` width="${Math.round(width * scale)}" height="${Math.round(height * scale)}"`;
}

const KIND_WORDS = { video: "A video", audio: "A recording", document: "A file" } as const;

/**
 * A remote post's attachments: images through our proxy with the alt text
 * the author wrote and the sender's blurhash drawn while they load; other kinds as a link to the original (a reader's own
 * choice to leave this server).
 */
export function remoteAttachments(post: Pick<RemotePostView, "id" | "attachments">): Html {
  if (post.attachments.length === 0) return html``;
  const host = (url: string) => {
    try {
      return new URL(url).host;
    } catch {
      return "another server";
    }
  };
  return html`<div class="remote-media">${post.attachments.map((a) => {
    if (a.type === "image") {
      const src = remoteImagePath(post.id, a.url, "img");
      return html`<figure class="remote-image"><a href="${src}"><img src="${src}" alt="${a.name}"${dimensions(a.width, a.height)} loading="lazy"${a.blurhash ? html` data-blurhash="${a.blurhash}"` : ""}></a>${a.name ? "" : html`<figcaption class="small muted">No description given.</figcaption>`}</figure>`;
    }
    return html`<p class="small remote-attachment"><a href="${a.url}" rel="nofollow noopener ugc">${KIND_WORDS[a.type]}${a.name ? html`: ${a.name}` : ""}</a> <span class="muted">(on ${host(a.url)})</span></p>`;
  })}</div>${
    post.attachments.some((a) => a.type === "image" && a.blurhash)
      ? html`<script src="/static/media-blurhash.js" defer></script>`
      : ""
  }`;
}
