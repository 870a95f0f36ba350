/** Tags: `#hashtags` in a body plus the composer's tag field, normalised one way. */

export const MAX_TAGS = 30;
export const MAX_TAG_LENGTH = 64;
const TAG_PATTERN = /^[\p{L}\p{M}\p{N}_]+$/u;

export interface Tag {
  /** Lower-cased, for lookups and URLs. */
  readonly tag: string;
  /** The spelling the author used. */
  readonly display: string;
}

/** The lookup form of a tag name (also for tags in URLs). */
export function tagKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

export function isValidTag(name: string): boolean {
  return name.length > 0 && name.length <= MAX_TAG_LENGTH && TAG_PATTERN.test(name);
}

/** Splits the tag field ("design, #UX research") into names, without the `#`. */
export function splitTagField(field: string | readonly string[]): string[] {
  const text = typeof field === "string" ? field : field.join(",");
  return text
    .split(/[\s,]+/)
    .map((part) => part.replace(/^#+/, "").normalize("NFC"))
    .filter((part) => part.length > 0);
}

export type TagResult = { ok: true; tags: Tag[] } | { ok: false; message: string };

/**
 * Merges body hashtags and field tags: deduplicated case-insensitively (the
 * first spelling wins), each checked, at most MAX_TAGS.
 */
export function collectTags(hashtags: readonly string[], fieldTags: readonly string[]): TagResult {
  const bad = fieldTags.find((name) => !isValidTag(name));
  if (bad !== undefined) {
    return {
      ok: false,
      message: `“${bad.slice(0, 70)}” is not a tag: use letters, digits and underscores, at most ${MAX_TAG_LENGTH}`,
    };
  }
  const byKey = new Map<string, Tag>();
  for (const display of [...hashtags, ...fieldTags]) {
    const tag = tagKey(display);
    if (!byKey.has(tag)) byKey.set(tag, { tag, display: display.normalize("NFC") });
  }
  if (byKey.size > MAX_TAGS) {
    return { ok: false, message: `Use at most ${MAX_TAGS} tags (this entry has ${byKey.size})` };
  }
  return { ok: true, tags: [...byKey.values()] };
}
