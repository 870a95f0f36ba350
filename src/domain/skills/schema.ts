import { z } from "zod";
import { TAG_TYPES } from "../../db/schema/portfolios.ts";
import { slugField } from "../portfolios/slug.ts";
import { isValidTag, tagKey } from "../tags.ts";

export type TagType = (typeof TAG_TYPES)[number];
export { TAG_TYPES };

export const MAX_SKILLS = 100;
export const MAX_NAME_CHARS = 80;
export const MAX_DESCRIPTION_CHARS = 1_000;
export const MAX_NOTE_CHARS = 500;

function isFrameworkUri(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export const skillSchema = z.object({
  name: z
    .string({ error: "Name the skill" })
    .trim()
    .min(1, "Name the skill")
    .max(MAX_NAME_CHARS, `Use at most ${MAX_NAME_CHARS} characters`),
  slug: slugField,
  description: z
    .string()
    .trim()
    .max(
      MAX_DESCRIPTION_CHARS,
      `Use at most ${MAX_DESCRIPTION_CHARS.toLocaleString("en")} characters`,
    )
    .default(""),
  frameworkUri: z
    .string()
    .trim()
    .max(500, "Use at most 500 characters")
    .refine(
      (s) => s === "" || isFrameworkUri(s),
      "Use a web address (http:// or https://), e.g. an ESCO URI",
    )
    .default("")
    .transform((s) => s || null),
  tag: z
    .string()
    .trim()
    .transform((s) => s.replace(/^#+/, ""))
    .refine((s) => s === "" || isValidTag(s), "Use one tag: letters, digits and underscores")
    .default("")
    .transform((s) => (s ? tagKey(s) : null)),
});
export type SkillInput = z.input<typeof skillSchema>;

export const evidenceSchema = z.object({
  entryId: z.uuid({ error: "Choose one of your entries" }),
  note: z
    .string()
    .trim()
    .max(MAX_NOTE_CHARS, `Use at most ${MAX_NOTE_CHARS} characters`)
    .default(""),
});

export const ratingSchema = z.object({
  rating: z.coerce
    .number({ error: "Choose a rating from 1 to 5" })
    .int("Choose a rating from 1 to 5")
    .min(1, "Choose a rating from 1 to 5")
    .max(5, "Choose a rating from 1 to 5"),
  note: z.string().trim().max(300, "Use at most 300 characters").default(""),
});

/** The tag a skill suggests evidence from when the member names none: its name, squeezed. */
export function defaultSkillTag(name: string): string | null {
  const squeezed = name.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}_]/gu, "");
  return isValidTag(squeezed) ? tagKey(squeezed) : null;
}
