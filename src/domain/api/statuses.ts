import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { media } from "../../db/schema/media.ts";
import { coachDraft } from "../coach/index.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { entryForEditing } from "../entries/author-views.ts";
import { createEntry, type NewEntryInput } from "../entries/create.ts";
import { deleteEntry } from "../entries/delete.ts";
import { notShown } from "../entries/not-shown.ts";
import type { EntryKind } from "../entries/schema.ts";
import { type EntryUpdateInput, updateEntry } from "../entries/update.ts";
import { invalid, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { extractHashtags } from "../markdown.ts";
import { entryMediaIds, ownMedia } from "../media/index.ts";
import { notify } from "../notifications/notify.ts";
import type { CurrentUser } from "../viewer.ts";
import {
  claimIdempotencyKey,
  idempotencyClaim,
  rememberIdempotentResponse,
} from "./idempotency.ts";
import { mediaChanges } from "./media.ts";
import {
  AUDIENCE_FOR,
  forClients,
  parseApiInput,
  type StatusParams,
  statusParamsSchema,
  validationFailed,
} from "./status-input.ts";
import { postIdOf } from "./status-reads.ts";

/** What posting answered: a status, or a scheduled status (`scheduled_at` given). */
export type PostOutcome = { kind: "status"; id: string } | { kind: "scheduled"; id: string };

const MAX_KEY_CHARS = 200;

/** The entry kind a set of media makes: photos, a video, a recording, or none (a note). */
function kindFor(kinds: readonly string[], fallback: EntryKind = "note"): EntryKind {
  if (kinds.includes("video")) return "video";
  if (kinds.includes("audio")) return "audio";
  if (kinds.length > 0) return "photo";
  return fallback === "photo" || fallback === "video" || fallback === "audio" ? "note" : fallback;
}

/** The member's own uploads among `ids` (422 for any other: another member's, unknown). */
async function ownUploads(ctx: Ctx, user: CurrentUser, ids: readonly string[]) {
  const unknown = ids.find((id) => !isUuid(id));
  if (unknown) throw validationFailed({ media_ids: `No media with id ${unknown}` });
  const found = await ownMedia(ctx, user, [...ids]);
  if (found.length < new Set(ids).size) {
    throw validationFailed({ media_ids: "One of the media ids is not one of your uploads" });
  }
  return found;
}

/** Applies PUT's media_attributes (description, focus) to the member's own uploads. */
async function applyMediaAttributes(tx: TxCtx, user: CurrentUser, params: StatusParams) {
  for (const attr of params.media_attributes ?? []) {
    const changes = mediaChanges(attr.description, attr.focus);
    if (!isUuid(attr.id) || Object.keys(changes).length === 0) continue;
    await tx.db
      .update(media)
      .set(changes)
      .where(and(eq(media.id, attr.id), eq(media.ownerId, user.actorId)));
  }
}

/**
 * The coach reads what arrived from an app after the fact (apps have no
 * composer of ours): anything worth a second look becomes a notification.
 */
async function coachAfterTheFact(
  ctx: Ctx,
  user: CurrentUser,
  entryId: string,
  params: StatusParams,
) {
  const findings = await coachDraft(ctx, user, {
    kind: "note",
    body: params.status,
    audience: AUDIENCE_FOR[params.visibility ?? "public"],
    language: params.language ?? "",
    inReplyToId: params.in_reply_to_id ?? undefined,
    media: params.media_ids.filter(isUuid).map((id) => ({ id })),
  });
  const worth = findings.filter((finding) => finding.severity !== "info");
  if (worth.length === 0) return;
  await transactional(ctx, (tx) =>
    notify(tx, {
      recipientId: user.actorId,
      type: "coach",
      fromActorId: null,
      entryId,
      detail: { findings: worth.map(({ rule, severity, reason }) => ({ rule, severity, reason })) },
    }),
  );
}

async function writeStatus(
  tx: TxCtx,
  user: CurrentUser,
  params: StatusParams,
): Promise<PostOutcome> {
  const uploads = await ownUploads(tx, user, params.media_ids);
  const byId = new Map(uploads.map((item) => [item.id, item]));
  const kinds = params.media_ids.map((id) => byId.get(id)?.kind ?? "image");
  const scheduling = Boolean(params.scheduled_at);
  // The media ids travel as the composer's `media` field (read by prepareEntryMedia).
  const input: NewEntryInput & { media: string[] } = {
    kind: kindFor(kinds),
    body: params.status,
    contentWarning: params.spoiler_text,
    language: params.language ?? "",
    audience: AUDIENCE_FOR[params.visibility ?? "public"],
    media: params.media_ids,
    action: scheduling ? "schedule" : "publish",
    scheduledAt: params.scheduled_at ?? null,
    // Apps may answer a reblog by its own id: the reply goes to the post it shares.
    inReplyToId: params.in_reply_to_id ? await postIdOf(tx, params.in_reply_to_id) : null,
    describeMediaLater: true,
  };
  const saved = await createEntry(tx, user, input);
  if (params.sensitive) {
    await tx.db.update(entries).set({ sensitive: true }).where(eq(entries.id, saved.id));
  }
  return { kind: scheduling ? "scheduled" : "status", id: saved.id };
}

/** JSON with every object's keys sorted: the same request hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function requestHash(params: Record<string, unknown>): string {
  return createHash("sha256").update(canonical(params)).digest("hex");
}

/**
 * Posts a status from a client app (POST /api/v1/statuses): an entry, a
 * reply, or a scheduled entry. With an Idempotency-Key the same request
 * answers the same status however often it is sent; the same key with a
 * different request is refused.
 */
export async function postStatus(
  ctx: Ctx,
  user: CurrentUser,
  raw: Record<string, unknown>,
  idempotencyKey: string | null = null,
): Promise<PostOutcome> {
  const params = parseApiInput(statusParamsSchema, raw);
  if (raw.poll !== undefined && raw.poll !== null) {
    throw validationFailed({ poll: "Polls are not supported on this server" });
  }
  if (params.status.trim() === "" && params.media_ids.length === 0) {
    throw validationFailed({ status: "Text can't be blank" });
  }
  const key = idempotencyKey?.trim() || null;
  if (key && key.length > MAX_KEY_CHARS) {
    throw invalid(`The Idempotency-Key is too long (at most ${MAX_KEY_CHARS} characters)`);
  }
  let outcome: PostOutcome & { replayed?: boolean };
  try {
    outcome = await transactional(ctx, async (tx) => {
      if (!key) return writeStatus(tx, user, params);
      const hash = requestHash(raw);
      if (!(await claimIdempotencyKey(tx, user.userId, key, hash))) {
        const earlier = await idempotencyClaim(tx, user.userId, key);
        if (!earlier || earlier.requestHash !== hash) {
          throw invalid("This Idempotency-Key was already used for a different request");
        }
        return { ...(earlier.response as PostOutcome), replayed: true };
      }
      const written = await writeStatus(tx, user, params);
      await rememberIdempotentResponse(tx, user.userId, key, written);
      return written;
    });
  } catch (error) {
    throw forClients(error);
  }
  if (!outcome.replayed) {
    await coachAfterTheFact(ctx, user, outcome.id, params).catch((error) =>
      ctx.log.error("The coach could not check status {id}: {error}", { id: outcome.id, error }),
    );
  }
  return { kind: outcome.kind, id: outcome.id };
}

/** Explicit tags of an entry (those not written as #hashtags in its body). */
function explicitTags(tags: string, body: string): string {
  const inBody = new Set(extractHashtags(body).map((tag) => tag.toLowerCase()));
  return tags
    .split(/\s+/)
    .filter((tag) => tag && !inBody.has(tag.replace(/^#/, "").toLowerCase()))
    .join(" ");
}

/**
 * Edits the member's own status (PUT /api/v1/statuses/:id): text, content
 * warning, sensitivity, language and media. The audience stays as it was,
 * as on Mastodon; the replaced text is kept as a version (the history).
 */
export async function editStatus(
  ctx: Ctx,
  user: CurrentUser,
  id: string,
  raw: Record<string, unknown>,
): Promise<void> {
  const params = parseApiInput(statusParamsSchema, raw);
  if (!isUuid(id)) throw notShown();
  const current = await entryForEditing(ctx, user, user.handle, id);
  const mediaGiven = raw.media_ids !== undefined;
  try {
    await transactional(ctx, async (tx) => {
      await applyMediaAttributes(tx, user, params);
      const ids = mediaGiven ? params.media_ids : await entryMediaIds(tx, user, id);
      if (mediaGiven) {
        const attached = new Set(await entryMediaIds(tx, user, id));
        await ownUploads(
          tx,
          user,
          ids.filter((m) => !attached.has(m)),
        );
      }
      const kinds = (await ownMedia(tx, user, ids)).map((item) => item.kind);
      const body = params.status.trim() === "" ? current.body : params.status;
      const input: EntryUpdateInput & { media: string[] } = {
        id,
        kind:
          current.kind === "article" || current.kind === "link"
            ? current.kind
            : kindFor(kinds, current.kind),
        prompt: current.prompt,
        title: current.title,
        linkUrl: current.linkUrl,
        tags: explicitTags(current.tags, current.body),
        body,
        contentWarning: params.spoiler_text,
        language: params.language ?? current.language,
        audience: current.audience,
        media: ids,
        action: "save",
        describeMediaLater: true,
      };
      await updateEntry(tx, user, input);
      await tx.db
        .update(entries)
        .set({ sensitive: params.sensitive })
        .where(and(eq(entries.id, id), eq(entries.authorId, user.actorId)));
    });
  } catch (error) {
    throw forClients(error);
  }
}

/** Deletes the member's own status (another's: not found, as if it were not there). */
export async function deleteStatus(ctx: Ctx, user: CurrentUser, id: string): Promise<void> {
  await deleteEntry(ctx, user, { id });
}

/** The text as written, for the author's editor (GET /api/v1/statuses/:id/source). */
export async function statusSource(ctx: Ctx, user: CurrentUser, id: string) {
  if (!isUuid(id)) throw notFound("Record not found");
  const [row] = await ctx.db
    .select({ text: entries.bodyMarkdown, spoilerText: entries.contentWarning })
    .from(entries)
    .where(and(eq(entries.id, id), eq(entries.authorId, user.actorId)));
  if (!row) throw notFound("Record not found");
  return { id, text: row.text, spoiler_text: row.spoilerText };
}
