import { z } from "zod";
import { AUDIENCES, ENTRY_AUDIENCES, ENTRY_KINDS, ENTRY_PROMPTS } from "../../db/schema/entries.ts";
import { extractHashtags } from "../markdown.ts";
import { collectTags, splitTagField, type Tag } from "../tags.ts";
import { parseScheduleTime } from "./schedule-time.ts";

export type EntryKind = (typeof ENTRY_KINDS)[number];
export type EntryPrompt = (typeof ENTRY_PROMPTS)[number];
/** An entry's audience: the portfolio audiences plus "direct". */
export type Audience = (typeof ENTRY_AUDIENCES)[number];
/** A portfolio's audience (no "direct": a portfolio names no recipients). */
export type PortfolioAudience = (typeof AUDIENCES)[number];
export { AUDIENCES, ENTRY_AUDIENCES, ENTRY_KINDS, ENTRY_PROMPTS };

/** What the author asks for: keep a draft, publish now, or publish later. */
export const ENTRY_ACTIONS = ["draft", "publish", "schedule"] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];

export const MAX_BODY_CHARS = 50_000;
export const MAX_TITLE_CHARS = 200;
export const MAX_CONTENT_WARNING_CHARS = 200;
/** BCP 47, loosely: a 2–3 letter language and optional subtags (pt-BR, zh-Hant-TW). */
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** An entry's fields as a form or a client sends them. */
const fieldsSchema = z.object({
  kind: z
    .enum(ENTRY_KINDS, { error: "Choose Note, Article, Link, Photo, Audio or Video" })
    .default("note"),
  prompt: z
    .union([z.enum(ENTRY_PROMPTS), z.literal("")], { error: "Choose one of the prompts" })
    .nullish()
    .transform((value) => value || null),
  title: z
    .string()
    .trim()
    .max(MAX_TITLE_CHARS, `Use at most ${MAX_TITLE_CHARS} characters`)
    .default(""),
  body: z
    .string()
    .max(MAX_BODY_CHARS, `Use at most ${MAX_BODY_CHARS.toLocaleString("en")} characters`)
    .default(""),
  linkUrl: z.string().trim().max(2000, "Use at most 2,000 characters").nullish(),
  tags: z.union([z.string(), z.array(z.string())]).default(""),
  contentWarning: z
    .string()
    .trim()
    .max(MAX_CONTENT_WARNING_CHARS, `Use at most ${MAX_CONTENT_WARNING_CHARS} characters`)
    .default(""),
  language: z
    .string()
    .trim()
    .max(35, "Use a language code like en or pt-BR")
    .refine((value) => value === "" || LANGUAGE.test(value), "Use a language code like en or pt-BR")
    .default(""),
  audience: z.enum(ENTRY_AUDIENCES, { error: "Choose who can see this entry" }).default("public"),
  /** When to publish (action "schedule"): a Date, an ISO time, or a form's local time. */
  scheduledAt: z.union([z.date(), z.string()]).nullish(),
  /** The browser's `getTimezoneOffset()`, in minutes, for a local `scheduledAt`. */
  timezoneOffset: z.coerce.number().int().min(-840).max(840).nullish(),
});

export type EntryFields = z.input<typeof fieldsSchema>;

/** Validated, normalised entry fields, ready to store. */
export interface EntryData {
  kind: EntryKind;
  prompt: EntryPrompt | null;
  title: string;
  body: string;
  linkUrl: string | null;
  tags: Tag[];
  contentWarning: string;
  /** "" when the author left it empty: the member's locale applies. */
  language: string;
  audience: Audience;
  scheduledAt: Date | null;
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The entry schema for one moment: checks each field, then the rules between
 * fields (an article needs a title, a link a URL), reporting every problem at
 * once. With `scheduling`, `scheduledAt` must be a time within the next year.
 */
export function entrySchema(now: Date, scheduling: boolean) {
  return fieldsSchema.transform((fields, ctx): EntryData => {
    const fail = (field: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [field], message });
    if (fields.kind === "article" && fields.title === "") fail("title", "An article needs a title");
    // Links, photos, audio and video speak for themselves; notes and articles need words.
    const wordless = ["link", "photo", "audio", "video"].includes(fields.kind);
    if (!wordless && fields.body.trim() === "") fail("body", "Write something first");
    let linkUrl: string | null = null;
    if (fields.kind === "link") {
      linkUrl = fields.linkUrl ? httpUrl(fields.linkUrl) : null;
      if (!linkUrl) fail("linkUrl", "Enter a web address starting with http:// or https://");
    }
    const tags = collectTags(extractHashtags(fields.body), splitTagField(fields.tags));
    if (!tags.ok) fail("tags", tags.message);
    let scheduledAt: Date | null = null;
    if (scheduling) {
      const parsed = parseScheduleTime(fields.scheduledAt, fields.timezoneOffset ?? 0, now);
      if (parsed.ok) scheduledAt = parsed.at;
      else fail("scheduledAt", parsed.message);
    }
    return {
      kind: fields.kind,
      prompt: fields.prompt,
      title: fields.title,
      body: fields.body,
      linkUrl,
      tags: tags.ok ? tags.tags : [],
      contentWarning: fields.contentWarning,
      language: fields.language,
      audience: fields.audience,
      scheduledAt,
    };
  });
}
