import { html } from "hono/html";
import { MAX_ALT_CHARS, type MediaView } from "../../domain/media/index.ts";
import type { Html } from "../layout.ts";
import type { Errors, Values } from "../routes/accounts/forms.ts";
import { formatDuration } from "./media.ts";
import { mediaPaths } from "./media-paths.ts";

export interface MediaSectionOptions {
  items: MediaView[];
  values: Values;
  errors: Errors;
  csrfToken: string;
  /** Upload limits, for the hint: bytes per kind, seconds. */
  limits: { image: number; audio: number; video: number; seconds: number };
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

function errorText(id: string, error?: string): Html {
  return error ? html`<p class="error" id="${id}-error">${error}</p>` : html``;
}

/** A labelled textarea for one item's alt text or transcript. */
function itemText(
  name: string,
  label: string,
  value: string,
  error: string | undefined,
  rows: number,
  hint?: string,
): Html {
  const described = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<div class="field">
  <label for="${name}">${label}</label>
  <textarea id="${name}" name="${name}" rows="${rows}"${name.startsWith("alt") ? html` maxlength="${MAX_ALT_CHARS}"` : ""}${described ? html` aria-describedby="${described}"` : ""}${error ? html` aria-invalid="true"` : ""}>${value}</textarea>
  ${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ""}
  ${errorText(name, error)}
</div>`;
}

function preview(item: MediaView): Html {
  const thumb = item.variants.thumb ?? item.variants.poster;
  if (item.state === "failed") return html`<span class="media-item-state">Failed</span>`;
  if (item.state === "processing") return html`<span class="media-item-state">Processing…</span>`;
  if (thumb) {
    return html`<img src="${mediaPaths.file(item.id, thumb.file)}" alt="" width="${thumb.width ?? ""}" height="${thumb.height ?? ""}">`;
  }
  return html`<span class="media-item-state">${item.kind === "audio" ? "Audio" : "Video"}${item.durationMs ? ` · ${formatDuration(item.durationMs)}` : ""}</span>`;
}

const ALT_LABELS = {
  image: "Alt text",
  video: "Description",
  audio: "Description (optional)",
} as const;
const ALT_HINTS = {
  image: "What the photo shows, for people who cannot see it.",
  video: "What the video shows, for people who cannot see it.",
  audio: "",
} as const;

/** One attached file: its preview, alt text, transcript and a way to remove it. */
function item(media: MediaView, values: Values, errors: Errors): Html {
  const alt = `alt-${media.id}`;
  const transcript = `transcript-${media.id}`;
  return html`<li class="media-item" data-media-id="${media.id}" data-state="${media.state}">
  <input type="hidden" name="media" value="${media.id}">
  <div class="media-item-preview">${preview(media)}</div>
  <div class="media-item-fields">
    <p class="media-item-name">${media.originalName || "Uploaded file"}${media.locationRemoved ? html` · <span class="media-location">Location data removed</span>` : ""}${media.state === "failed" ? html` · <span class="error">${media.failureReason}</span>` : ""}</p>
    ${itemText(alt, ALT_LABELS[media.kind], values[alt] ?? media.alt, errors[alt], 2, ALT_HINTS[media.kind] || undefined)}
    ${media.kind !== "image" ? itemText(transcript, "Transcript (optional)", values[transcript] ?? media.transcript, errors[transcript], 4, "Plain text, shown under the player.") : ""}
    <div class="choice"><input type="checkbox" id="remove-${media.id}" name="remove" value="${media.id}"><label for="remove-${media.id}">Remove this file</label></div>
  </div>
</li>`;
}

/** What the upload script clones for each file it sends (ids filled in when the server answers). */
const itemTemplate = html`<template id="media-item-template">
<li class="media-item" data-state="uploading">
  <input type="hidden" name="media" value="" disabled>
  <div class="media-item-preview"><span class="media-item-state">Uploading…</span></div>
  <div class="media-item-fields">
    <p class="media-item-name"></p>
    <progress class="upload-progress" max="100" value="0"></progress>
    <p class="media-item-message" role="status"></p>
    <div class="field" data-alt><label>Alt text</label><textarea rows="2" maxlength="${MAX_ALT_CHARS}"></textarea><p class="hint">What the photo shows, for people who cannot see it.</p></div>
    <div class="field" data-transcript hidden><label>Transcript (optional)</label><textarea rows="4"></textarea><p class="hint">Plain text, shown under the player.</p></div>
    <button type="button" class="button-small secondary" data-discard>Remove this file</button>
  </div>
</li>
</template>`;

/**
 * The composer's media: files already attached (alt text, transcript,
 * remove), a file input, and — for browsers without JavaScript — one
 * description for what is added. With JavaScript each chosen file uploads at
 * once with a progress bar (media-upload.js).
 */
export function mediaSection(o: MediaSectionOptions): Html {
  const { limits } = o;
  const mediaError = o.errors.media;
  return html`<fieldset class="field media-fieldset" id="media" data-media-uploader data-upload-url="${mediaPaths.upload}" data-csrf="${o.csrfToken}"${mediaError ? html` aria-describedby="media-error"` : ""}>
  <legend>Photos, audio and video</legend>
  <input type="hidden" name="media" value="">
  ${errorText("media", mediaError)}
  <ol class="media-items">${o.items.map((media) => item(media, o.values, o.errors))}</ol>
  <div class="field">
    <label for="media-files">Add photos, audio or video</label>
    <input id="media-files" name="files" type="file" multiple accept="image/jpeg,image/png,image/webp,image/gif,image/avif,audio/*,video/*" aria-describedby="media-files-hint">
    <p class="hint" id="media-files-hint">Photos (JPEG, PNG, WebP, GIF, AVIF) up to ${mb(limits.image)}; audio (MP3, M4A, AAC, Ogg, Opus, WAV, FLAC) up to ${mb(limits.audio)}; video (MP4, MOV, WebM, MKV, AVI) up to ${mb(limits.video)}; recordings up to ${Math.round(limits.seconds / 60)} minutes. Camera and location data are removed from every file.</p>
  </div>
  <div class="field" data-no-script>
    <label for="alt-new">Alt text for the file you add</label>
    <textarea id="alt-new" name="alt-new" rows="2" maxlength="${MAX_ALT_CHARS}" aria-describedby="alt-new-hint">${o.values["alt-new"] ?? ""}</textarea>
    <p class="hint" id="alt-new-hint">Describe what it shows. Adding several files at once? Describe each one on the next page.</p>
  </div>
  ${itemTemplate}
</fieldset>
<script src="/static/media-upload.js" defer></script>`;
}
