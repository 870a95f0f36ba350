import { z } from "zod";
import { AUDIENCES } from "../../db/schema/entries.ts";
import { PORTFOLIO_LAYOUTS } from "../../db/schema/portfolios.ts";
import { slugField } from "./slug.ts";

export type PortfolioLayout = (typeof PORTFOLIO_LAYOUTS)[number];
export { PORTFOLIO_LAYOUTS };

export const MAX_TITLE_CHARS = 120;
export const MAX_INTRO_CHARS = 10_000;
export const MAX_CAPTION_CHARS = 2_000;
export const MAX_SECTION_TITLE_CHARS = 120;
export const MAX_LABEL_CHARS = 100;
/** Enough for any real showcase; bounds page size and export time. */
export const MAX_PORTFOLIOS = 100;
export const MAX_SECTIONS = 30;
export const MAX_ITEMS = 200;
export const MAX_SHARE_LINKS = 50;
export const MAX_SHARE_DAYS = 366;

/** What a form posts: strings by name, checked by the schemas here. */
export type FormInput = Readonly<Record<string, string | undefined>>;

/** A checkbox or a client's boolean: "on", "yes", "true", true. */
export const consent = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((value) => value === true || value === "on" || value === "yes" || value === "true");

export const portfolioSchema = z.object({
  title: z
    .string({ error: "Give the portfolio a title" })
    .trim()
    .min(1, "Give the portfolio a title")
    .max(MAX_TITLE_CHARS, `Use at most ${MAX_TITLE_CHARS} characters`),
  slug: slugField,
  intro: z
    .string()
    .max(MAX_INTRO_CHARS, `Use at most ${MAX_INTRO_CHARS.toLocaleString("en")} characters`)
    .default(""),
  layout: z.enum(PORTFOLIO_LAYOUTS, { error: "Choose Grid, Story or Timeline" }).default("story"),
  audience: z.enum(AUDIENCES, { error: "Choose who can see this portfolio" }).default("private"),
  /** The member agreed that entries less visible than the portfolio are shown in it. */
  confirm: consent,
});
export type PortfolioInput = z.input<typeof portfolioSchema>;

export const coverSchema = z.object({
  alt: z.string().trim().max(300, "Use at most 300 characters").default(""),
});

export const sectionSchema = z.object({
  title: z
    .string()
    .trim()
    .max(MAX_SECTION_TITLE_CHARS, `Use at most ${MAX_SECTION_TITLE_CHARS} characters`)
    .default(""),
});

const caption = z
  .string()
  .max(MAX_CAPTION_CHARS, `Use at most ${MAX_CAPTION_CHARS.toLocaleString("en")} characters`)
  .default("");

export const newItemSchema = z.object({
  entryId: z.uuid({ error: "Choose one of your entries" }),
  sectionId: z.uuid({ error: "Choose a section" }),
  caption,
  confirm: consent,
});
export type NewItemInput = z.input<typeof newItemSchema>;

export const itemUpdateSchema = z.object({
  sectionId: z.uuid({ error: "Choose a section" }),
  caption,
});

export const directionSchema = z.object({
  direction: z.enum(["up", "down"], { error: "Move up or down" }),
});
export type Direction = z.output<typeof directionSchema>["direction"];

export const orderSchema = z.object({
  ids: z
    .array(z.uuid({ error: "Not an item of this portfolio" }))
    .min(1)
    .max(MAX_ITEMS),
});

export const shareLinkSchema = z.object({
  label: z
    .string({ error: "Say who the link is for" })
    .trim()
    .min(1, "Say who the link is for, e.g. “Acme interview”")
    .max(MAX_LABEL_CHARS, `Use at most ${MAX_LABEL_CHARS} characters`),
  /** Days until it stops working; empty for never. */
  expiresInDays: z
    .union([z.literal(""), z.coerce.number()])
    .optional()
    .transform((value) => (value === "" || value === undefined ? null : value))
    .refine(
      (value) =>
        value === null || (Number.isInteger(value) && value >= 1 && value <= MAX_SHARE_DAYS),
      `Choose between 1 and ${MAX_SHARE_DAYS} days, or never`,
    ),
  confirm: consent,
});
export type ShareLinkInput = z.input<typeof shareLinkSchema>;
