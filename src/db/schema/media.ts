import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";
import { entries } from "./entries.ts";

export const MEDIA_KINDS = ["image", "audio", "video"] as const;
/** processing: uploaded, waiting for or in its job; ready: variants stored; failed: see failureReason. */
export const MEDIA_STATES = ["processing", "ready", "failed"] as const;
export const MEDIA_VARIANTS = ["thumb", "display", "original", "poster", "video", "audio"] as const;

/** One stored file derived from an upload. */
export interface StoredVariant {
  /** Storage key, under the media storage root. */
  key: string;
  /** Content-Type it is served with. */
  type: string;
  bytes: number;
  width?: number;
  height?: number;
  /** Strong validator for HTTP caching: derived files never change. */
  etag: string;
}

export type StoredVariants = Partial<Record<(typeof MEDIA_VARIANTS)[number], StoredVariant>>;

/** What ffprobe found, for the member and for deciding what to transcode. */
export interface ProbeSummary {
  container: string;
  videoCodec: string | null;
  audioCodec: string | null;
  transcoded: boolean;
}

/**
 * An uploaded photo, audio or video. It belongs to its uploader, and to an
 * entry once attached (until then only the uploader sees it; the sweep
 * removes uploads never attached within a day).
 */
export const media = pgTable(
  "media",
  {
    id: uuid("id").primaryKey(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    entryId: uuid("entry_id").references(() => entries.id, { onDelete: "cascade" }),
    /** Order within the entry (a gallery's order). */
    position: integer("position").notNull().default(0),
    kind: text("kind", { enum: MEDIA_KINDS }).notNull(),
    /** The format decided from the bytes (jpeg, png, mp4, webm…). */
    format: text("format").notNull(),
    state: text("state", { enum: MEDIA_STATES }).notNull().default("processing"),
    /** Why processing failed, in words the member can act on. */
    failureReason: text("failure_reason"),
    /** The file name as uploaded (shown to its owner only). */
    originalName: text("original_name").notNull().default(""),
    /** The upload as received, until processing replaces it with variants. */
    incomingKey: text("incoming_key"),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    /** Alt text (images) or description (video, audio). */
    alt: text("alt").notNull().default(""),
    /** Plain text under an audio or video player. */
    transcript: text("transcript").notNull().default(""),
    width: integer("width"),
    height: integer("height"),
    durationMs: integer("duration_ms"),
    blurhash: text("blurhash"),
    /** Focal point for cropping, -1..1 each (Mastodon's `focus`). */
    focusX: real("focus_x"),
    focusY: real("focus_y"),
    /** Waveform peaks of audio, 0–1. */
    peaks: jsonb("peaks").$type<number[]>(),
    probe: jsonb("probe").$type<ProbeSummary>(),
    /** The photo carried GPS coordinates, which were removed. */
    locationRemoved: boolean("location_removed").notNull().default(false),
    variants: jsonb("variants").$type<StoredVariants>().notNull().default({}),
    createdAt: ts("created_at").notNull().defaultNow(),
    processedAt: ts("processed_at"),
  },
  (t) => [
    index("media_entry_idx").on(t.entryId, t.position),
    index("media_owner_idx").on(t.ownerId, t.createdAt),
    index("media_unattached_idx").on(t.createdAt).where(sql`${t.entryId} is null`),
  ],
);
