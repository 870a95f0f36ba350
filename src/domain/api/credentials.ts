import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import { actors, follows } from "../../db/schema/accounts.ts";
import {
  MAX_AVATAR_BYTES,
  NotAnImageError,
  removeAvatar,
  saveAvatar,
} from "../../media/avatars.ts";
import { processHeader } from "../../media/headers.ts";
import { mediaStorage } from "../../media/storage.ts";
import { LOCALES, profileSettings, updateProfile } from "../accounts/profile.ts";
import { type Ctx, transactional } from "../context.ts";
import { DomainError, invalid } from "../errors.ts";
import { queueSocialDelivery } from "../federation/social-outgoing.ts";
import { newId } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";

/** What `PATCH /api/v1/accounts/update_credentials` may change; absent fields stay. */
export interface CredentialsInput {
  displayName?: string;
  /** The bio, in Markdown like the settings page. */
  note?: string;
  avatar?: Uint8Array | null;
  header?: Uint8Array | null;
  /** Profile fields: here, links (the value must be a web address). */
  fields?: { name: string; value: string }[];
  locked?: boolean;
  discoverable?: boolean;
  language?: string;
}

const fieldsSchema = z
  .array(z.object({ name: z.string().max(255), value: z.string().max(2000) }))
  .max(20);

/** The settings form's field names, as the API's parameters are named. */
function apiFieldName(field: string): string {
  if (field.startsWith("links")) return "fields_attributes";
  return { bio: "note", displayName: "display_name", locale: "language" }[field] ?? field;
}

/** A domain error with its field problems in the message: API clients show only the message. */
function withFieldsInMessage(error: unknown): unknown {
  if (!(error instanceof DomainError) || Object.keys(error.fields).length === 0) return error;
  const problems = Object.entries(error.fields).map(
    ([field, message]) => `${apiFieldName(field)}: ${message}`,
  );
  return new DomainError(error.code, `Validation failed: ${problems.join("; ")}`, error.fields);
}

async function prepareHeader(bytes: Uint8Array): Promise<Buffer> {
  if (bytes.byteLength > MAX_AVATAR_BYTES) {
    throw invalid("Validation failed: header: use an image of at most 8 MB");
  }
  try {
    return await processHeader(bytes);
  } catch (error) {
    if (error instanceof NotAnImageError)
      throw invalid(`Validation failed: header: ${error.message}`);
    throw error;
  }
}

/**
 * Updates the member's profile through the same checks as the settings page
 * (`updateProfile`), keeping what the client did not send. A new header is
 * processed and stored first, and takes its place only once the rest passed.
 */
export async function updateCredentials(
  ctx: Ctx,
  user: CurrentUser,
  input: CredentialsInput,
): Promise<void> {
  const fields = input.fields ? fieldsSchema.safeParse(input.fields) : null;
  if (fields && !fields.success)
    throw invalid("Validation failed: fields_attributes are malformed");
  const language =
    input.language && LOCALES.some((l) => l.code === input.language) ? input.language : undefined;
  const header = input.header?.byteLength ? await prepareHeader(input.header) : null;
  const storage = mediaStorage(ctx.config);
  const headerKey = header ? `${newId()}.webp` : null;
  if (header && headerKey) await saveAvatar(storage, headerKey, header);
  try {
    const current = await profileSettings(ctx, user);
    await updateProfile(ctx, user, {
      displayName: input.displayName ?? current.displayName,
      headline: current.headline,
      bio: input.note ?? current.bio,
      links: fields?.data
        ? fields.data.map((f) => ({ label: f.name, url: f.value }))
        : current.links,
      locale: language ?? current.locale,
      avatar: input.avatar ?? null,
      listedInDirectory: input.discoverable,
      manuallyApprovesFollowers: input.locked,
    });
  } catch (error) {
    if (headerKey) await removeAvatar(storage, headerKey);
    throw withFieldsInMessage(error);
  }
  if (!headerKey) return;
  await transactional(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ old: actors.headerKey })
      .from(actors)
      .where(eq(actors.id, user.actorId))
      .for("update");
    await tx.db
      .update(actors)
      .set({ headerKey, updatedAt: tx.now() })
      .where(eq(actors.id, user.actorId));
    const old = row?.old;
    if (old) tx.afterCommit(() => removeAvatar(storage, old));
    // Usually merged into the Update the profile save queued (it has not run yet).
    await queueSocialDelivery(tx, { type: "update-profile", actorId: user.actorId });
  });
}

/** How many follow requests wait for the member (verify_credentials' `source`). */
export async function pendingFollowRequestCount(ctx: Ctx, user: CurrentUser): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(follows)
    .where(and(eq(follows.followedId, user.actorId), eq(follows.state, "pending")));
  return row?.n ?? 0;
}
