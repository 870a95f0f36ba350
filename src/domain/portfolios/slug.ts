import { z } from "zod";

/** Slugs: the readable last part of a portfolio's or skill's address. */

export const MAX_SLUG_LENGTH = 60;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** "Teaching 2026 — Déjà vu" → "teaching-2026-deja-vu"; "" when nothing is left. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, "");
}

/**
 * The first of `base`, `base-2`, `base-3`… that `taken` does not hold
 * (`fallback` when the text makes no slug, e.g. only emoji).
 */
export function freeSlug(base: string, taken: ReadonlySet<string>, fallback: string): string {
  const stem = base || fallback;
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${stem.slice(0, MAX_SLUG_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A slug a member types: empty (make one from the title) or lower-case words joined by dashes. */
export const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_SLUG_LENGTH, `Use at most ${MAX_SLUG_LENGTH} characters`)
  .refine((s) => s === "" || SLUG_PATTERN.test(s), "Use lower-case letters, digits and dashes")
  .default("");
