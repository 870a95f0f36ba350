import { and, asc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { MEDIA_VARIANTS, media, type StoredVariant } from "../../db/schema/media.ts";
import type { ByteRange } from "../../media/storage.ts";
import { mediaStorage } from "../../media/storage.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { idIn, isUuid } from "../ids.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";
import type { MediaKind } from "./files.ts";

export type VariantName = (typeof MEDIA_VARIANTS)[number];

/** One derived file as pages link it: `/media/<id>/<file>`. */
export interface VariantView {
  file: string;
  type: string;
  bytes: number;
  width: number | null;
  height: number | null;
}

/** A media item ready to render. */
export interface MediaView {
  id: string;
  kind: MediaKind;
  state: "processing" | "ready" | "failed";
  failureReason: string | null;
  /** Shown to the owner only. */
  originalName: string;
  alt: string;
  transcript: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  blurhash: string | null;
  /** Focal point, -1..1 each (null: the centre). */
  focusX: number | null;
  focusY: number | null;
  peaks: number[] | null;
  locationRemoved: boolean;
  variants: Partial<Record<VariantName, VariantView>>;
}

const mediaColumns = {
  id: media.id,
  entryId: media.entryId,
  kind: media.kind,
  state: media.state,
  failureReason: media.failureReason,
  originalName: media.originalName,
  alt: media.alt,
  transcript: media.transcript,
  width: media.width,
  height: media.height,
  durationMs: media.durationMs,
  blurhash: media.blurhash,
  focusX: media.focusX,
  focusY: media.focusY,
  peaks: media.peaks,
  locationRemoved: media.locationRemoved,
  variants: media.variants,
};

/** The file name a variant is served under: its name and the extension of its key. */
function fileName(name: string, variant: StoredVariant): string {
  return `${name}.${variant.key.split(".").pop()}`;
}

function toView(
  row: { [K in keyof typeof mediaColumns]: (typeof media.$inferSelect)[K] },
): MediaView {
  const variants: MediaView["variants"] = {};
  for (const name of MEDIA_VARIANTS) {
    const v = row.variants[name];
    if (v) {
      variants[name] = {
        file: fileName(name, v),
        type: v.type,
        bytes: v.bytes,
        width: v.width ?? null,
        height: v.height ?? null,
      };
    }
  }
  const { entryId: _, variants: __, ...rest } = row;
  return { ...rest, variants };
}

/**
 * The media of entries the caller already selected with the authorization
 * rule (a page of entries), in gallery order, in one query.
 */
export async function mediaForEntries(
  ctx: Ctx,
  entryIds: string[],
): Promise<Map<string, MediaView[]>> {
  const byEntry = new Map<string, MediaView[]>();
  if (entryIds.length === 0) return byEntry;
  const rows = await ctx.db
    .select(mediaColumns)
    .from(media)
    .where(idIn(media.entryId, entryIds))
    .orderBy(asc(media.entryId), asc(media.position));
  for (const row of rows) {
    const list = byEntry.get(row.entryId!) ?? [];
    list.push(toView(row));
    byEntry.set(row.entryId!, list);
  }
  return byEntry;
}

/** The member's own uploads among `ids` (a composer re-shown), in that order. */
export async function ownMedia(ctx: Ctx, owner: CurrentUser, ids: string[]): Promise<MediaView[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  const rows = await ctx.db
    .select(mediaColumns)
    .from(media)
    .where(and(inArray(media.id, wanted), eq(media.ownerId, owner.actorId)));
  const byId = new Map(rows.map((row) => [row.id, toView(row)]));
  return wanted.map((id) => byId.get(id)).filter((view): view is MediaView => !!view);
}

/** The media attached to the author's entry, in order (the edit form). */
export async function entryMediaIds(
  ctx: Ctx,
  owner: CurrentUser,
  entryId: string,
): Promise<string[]> {
  if (!isUuid(entryId)) return [];
  const rows = await ctx.db
    .select({ id: media.id })
    .from(media)
    .where(and(eq(media.entryId, entryId), eq(media.ownerId, owner.actorId)))
    .orderBy(asc(media.position));
  return rows.map((row) => row.id);
}

/** A file to serve, once the viewer may see it. */
export interface MediaFile {
  key: string;
  type: string;
  bytes: number;
  etag: string;
  /** Anyone may see it (a published public entry): shared caches may keep it. */
  public: boolean;
  read(range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
}

/**
 * The file `/media/<id>/<file>` for this viewer, or null. An item on an entry
 * is visible exactly to those who may see that entry (`entryVisibleTo`, as
 * by its link); an item on no entry yet, to its uploader only.
 */
export async function mediaFileFor(
  ctx: Ctx,
  viewer: Viewer,
  id: string,
  file: string,
  /** Who may see the entry; portfolios pass `entryInPortfolioVisibleTo` (authorization.ts). */
  entryVisible: SQL = entryVisibleTo(viewer, "direct"),
): Promise<MediaFile | null> {
  if (!isUuid(id)) return null;
  const [name] = file.split(".");
  if (!name || !(MEDIA_VARIANTS as readonly string[]).includes(name)) return null;
  const unattachedOwn =
    viewer.actorId === null
      ? sql`false`
      : and(isNull(media.entryId), eq(media.ownerId, viewer.actorId));
  const [row] = await ctx.db
    .select({
      variants: media.variants,
      isPublic: sql<boolean>`coalesce(${entries.status} = 'published' and ${entries.audience} = 'public', false)`,
    })
    .from(media)
    .leftJoin(entries, eq(entries.id, media.entryId))
    .where(and(eq(media.id, id), eq(media.state, "ready"), or(unattachedOwn, entryVisible)))
    .limit(1);
  const variant = row?.variants[name as VariantName];
  if (!row || !variant || fileName(name, variant) !== file) return null;
  const storage = mediaStorage(ctx.config);
  return {
    key: variant.key,
    type: variant.type,
    bytes: variant.bytes,
    etag: variant.etag,
    public: row.isPublic,
    read: (range) => storage.read(variant.key, range),
  };
}
