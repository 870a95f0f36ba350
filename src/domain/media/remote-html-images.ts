import { remoteImagePath } from "./remote-images.ts";

/**
 * Images inside a remote post's HTML (`<img src>` the sanitizer kept) go
 * through our remote image proxy like its attachments (ADR 0015): pages never
 * make a reader's browser contact the post's server. This works on HTML our
 * sanitizer wrote (double-quoted attributes, entities for `&"<>`), so plain
 * patterns are enough; the proxy accepts exactly the sources `imageSources`
 * finds in the stored HTML.
 */

const IMG_TAG = /<img\b[^>]*>/gi;
const SRC = /\ssrc="([^"]*)"/i;

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" };

/** An attribute value as the browser would read it. */
function decode(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X"
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The http(s) URL an `<img>` tag loads, or null. */
function sourceOf(tag: string): string | null {
  const raw = SRC.exec(tag)?.[1];
  if (raw === undefined) return null;
  const url = decode(raw);
  return /^https?:\/\//i.test(url) && URL.canParse(url) ? url : null;
}

/** Every image URL a post's (sanitized) HTML shows. */
export function imageSources(html: string): string[] {
  return [...html.matchAll(IMG_TAG)]
    .map((match) => sourceOf(match[0]))
    .filter((url): url is string => url !== null);
}

/**
 * The post's HTML with each image loading from `/media/remote/img-<post>-<hash>.webp`
 * (prefixed with `origin` for readers elsewhere, such as API clients); an
 * `<img>` with no http(s) source is dropped, so nothing loads from elsewhere.
 */
export function proxiedImagesHtml(postId: string, html: string, origin = ""): string {
  return html.replace(IMG_TAG, (tag) => {
    const url = sourceOf(tag);
    if (!url) return "";
    return tag.replace(SRC, ` src="${origin}${remoteImagePath(postId, url, "img")}"`);
  });
}

/**
 * HTML with its images left out (a remote account's bio: the proxy keeps
 * pictures per post or avatar, and a bio image is not worth a reader's privacy).
 */
export function withoutImages(html: string): string {
  return html.replace(IMG_TAG, "");
}
