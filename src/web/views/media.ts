import { html } from "hono/html";
import type { EntryView } from "../../domain/entries/index.ts";
import type { MediaView, VariantView } from "../../domain/media/index.ts";
import type { Html } from "../layout.ts";
import { mediaPaths } from "./media-paths.ts";
import { waveform } from "./media-waveform.ts";

export interface MediaOptions {
  /** The entry page: the whole gallery, transcripts open. */
  standalone: boolean;
  /** The viewer owns the entry: they also see processing and failed files. */
  own: boolean;
  /** Where list thumbnails link to. */
  permalink: string;
}

const url = (item: MediaView, variant: VariantView) => mediaPaths.file(item.id, variant.file);

/** "3:07" or "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** An image with its sizes in srcset, its size reserved, lazily loaded, a blurhash behind it. */
export function photo(item: MediaView, sizes: string, eager = false): Html {
  const { thumb, display, original } = item.variants;
  const main = display ?? thumb ?? original;
  if (!main) return html``;
  const candidates = [thumb, display, original].filter((v): v is VariantView => !!v?.width);
  const srcset = candidates.map((v) => `${url(item, v)} ${v.width}w`).join(", ");
  return html`<img class="u-photo" src="${url(item, main)}" srcset="${srcset}" sizes="${sizes}" width="${main.width ?? ""}" height="${main.height ?? ""}" alt="${item.alt}"${eager ? "" : html` loading="lazy"`} decoding="async"${item.blurhash ? html` data-blurhash="${item.blurhash}"` : ""}>`;
}

function transcript(item: MediaView, open: boolean): Html {
  if (!item.transcript) return html``;
  const paragraphs = item.transcript.split(/\n{2,}/).map((p) => html`<p>${p}</p>`);
  return html`<details class="transcript"${open ? html` open` : ""}><summary>Transcript</summary><div class="transcript-text">${paragraphs}</div></details>`;
}

function audioPlayer(item: MediaView, options: MediaOptions): Html {
  const file = item.variants.audio;
  if (!file) return html``;
  const label = item.alt || "Audio recording";
  return html`<figure class="media-audio">
  ${waveform(item.peaks)}
  <audio class="u-audio" controls preload="metadata" src="${url(item, file)}" aria-label="${label}"></audio>
  ${item.alt ? html`<figcaption class="small muted">${item.alt}</figcaption>` : ""}
  ${transcript(item, options.standalone)}
</figure>`;
}

function videoPlayer(item: MediaView, options: MediaOptions): Html {
  const file = item.variants.video;
  if (!file) return html``;
  const poster = item.variants.poster;
  return html`<figure class="media-video">
  <video class="u-video" controls preload="metadata" playsinline${poster ? html` poster="${url(item, poster)}"` : ""} width="${file.width ?? ""}" height="${file.height ?? ""}" aria-label="${item.alt || "Video"}"${item.blurhash ? html` data-blurhash="${item.blurhash}"` : ""}>
    <source src="${url(item, file)}" type="${file.type}">
    <p>Your browser cannot play this video here. <a href="${url(item, file)}">Download it</a>.</p>
  </video>
  ${transcript(item, options.standalone)}
</figure>`;
}

const KIND_WORDS = { image: "photo", audio: "recording", video: "video" } as const;

/** What the owner sees for files not ready: still processing, or failed and why. */
function notReady(items: MediaView[], own: boolean): Html {
  const pending = items.filter((item) => item.state === "processing");
  const failed = own ? items.filter((item) => item.state === "failed") : [];
  return html`${pending.map(
    (item) =>
      html`<p class="media-pending" role="status">Processing ${own && item.originalName ? `“${item.originalName}”` : `a ${KIND_WORDS[item.kind]}`}… It appears here when it is ready.</p>`,
  )}${failed.map(
    (item) =>
      html`<p class="notice notice-warning media-failed">“${item.originalName || KIND_WORDS[item.kind]}” could not be processed: ${item.failureReason ?? "unknown reason"} Edit the entry to remove or replace it.</p>`,
  )}`;
}

const GALLERY_SIZES = "(min-width: 50rem) 46rem, 100vw";
const GRID_SHOWN = 4;

/** The entry page's gallery: every photo in full; the gallery script adds keyboard navigation. */
function gallery(images: MediaView[], own: boolean): Html {
  return html`<section class="gallery" data-gallery aria-label="${images.length > 1 ? `Photos (${images.length})` : "Photo"}">
  <ul class="gallery-items">${images.map(
    (item, i) => html`<li class="gallery-item" id="photo-${i + 1}">
    <figure>
      <a href="${url(item, item.variants.original ?? item.variants.display!)}">${photo(item, GALLERY_SIZES, i === 0)}</a>
      ${own && item.locationRemoved ? html`<figcaption class="small muted">Location data removed from this photo.</figcaption>` : ""}
    </figure>
  </li>`,
  )}</ul>
</section>`;
}

/** In lists: up to four thumbnails linking to the entry, the last one saying how many more. */
function galleryGrid(images: MediaView[], permalink: string): Html {
  const shown = images.slice(0, GRID_SHOWN);
  const more = images.length - shown.length;
  return html`<ul class="gallery-grid" data-count="${shown.length}">${shown.map(
    (item, i) =>
      html`<li><a href="${permalink}#photo-${i + 1}">${photo(item, "(min-width: 50rem) 23rem, 50vw")}${
        more > 0 && i === shown.length - 1
          ? html`<span class="gallery-more">+${more}<span class="visually-hidden"> more photos</span></span>`
          : ""
      }</a></li>`,
  )}</ul>`;
}

/** An entry's photos, players and pending files, in gallery order. */
export function entryMedia(entry: Pick<EntryView, "media">, options: MediaOptions): Html {
  if (entry.media.length === 0) return html``;
  const ready = entry.media.filter((item) => item.state === "ready");
  const images = ready.filter((item) => item.kind === "image");
  const players = ready.filter((item) => item.kind !== "image");
  return html`<div class="entry-media">
  ${images.length > 0 ? (options.standalone ? gallery(images, options.own) : galleryGrid(images, options.permalink)) : ""}
  ${players.map((item) => (item.kind === "audio" ? audioPlayer(item, options) : videoPlayer(item, options)))}
  ${notReady(entry.media, options.own)}
</div>
${images.length > 0 || players.some((p) => p.blurhash) ? html`<script src="/static/media-blurhash.js" defer></script>` : ""}
${options.standalone && images.length > 1 ? html`<script src="/static/media-gallery.js" defer></script>` : ""}`;
}

/** The image for link previews (OpenGraph): the entry's first photo, or a video's poster. */
export function previewImage(
  entry: Pick<EntryView, "media">,
): { path: string; alt: string } | null {
  for (const item of entry.media) {
    if (item.state !== "ready") continue;
    const variant = item.kind === "image" ? item.variants.display : item.variants.poster;
    if (variant) return { path: url(item, variant), alt: item.alt };
  }
  return null;
}
