import { eq } from "drizzle-orm";
import { z } from "zod";
import { actors, type ProfileLink } from "../../db/schema/accounts.ts";
import {
  MAX_AVATAR_BYTES,
  NotAnImageError,
  processAvatar,
  readAvatar,
  removeAvatar,
  saveAvatar,
} from "../../media/avatars.ts";
import { mediaStorage } from "../../media/storage.ts";
import { type Ctx, transactional } from "../context.ts";
import { invalid, notFound } from "../errors.ts";
import { queueSocialDelivery } from "../federation/social-outgoing.ts";
import { newId } from "../ids.ts";
import { renderMarkdown } from "../markdown.ts";
import { approveAllFollowRequests } from "../moderation/follow-requests.ts";
import type { CurrentUser } from "../viewer.ts";
import { fieldErrors } from "./members.ts";
import { parseLinks } from "./profile-links.ts";

/** Languages a member can choose for their profile and pages. */
export const LOCALES = [
  { code: "en", name: "English" },
  { code: "de", name: "Deutsch" },
  { code: "es", name: "Español" },
  { code: "fr", name: "Français" },
  { code: "it", name: "Italiano" },
  { code: "nl", name: "Nederlands" },
  { code: "pt", name: "Português" },
  { code: "ja", name: "日本語" },
] as const;
const LOCALE_CODES = LOCALES.map((l) => l.code) as [string, ...string[]];

const profileSchema = z.object({
  displayName: z.string().trim().max(100, "Use at most 100 characters"),
  headline: z.string().trim().max(140, "Use at most 140 characters"),
  bio: z.string().trim().max(5000, "Use at most 5,000 characters"),
  locale: z.enum(LOCALE_CODES, "Choose one of the languages"),
});

export interface ProfileSettings {
  handle: string;
  displayName: string;
  headline: string;
  bio: string;
  bioHtml: string;
  links: ProfileLink[];
  avatarKey: string | null;
  locale: string;
  /** Listed in /directory and in others' "people to follow". */
  listedInDirectory: boolean;
  /** A locked account: follow requests wait for the member's approval. */
  manuallyApprovesFollowers: boolean;
}

export interface ProfileInput {
  displayName?: string;
  headline?: string;
  /** Markdown. */
  bio?: string;
  links?: Partial<ProfileLink>[];
  locale?: string;
  /** A new avatar image's bytes, in any accepted format. */
  avatar?: Uint8Array | null;
  removeAvatar?: boolean;
  /** Opt in to the member directory (absent: unchanged). */
  listedInDirectory?: boolean;
  /** Lock the account: approve followers one by one (absent: unchanged). */
  manuallyApprovesFollowers?: boolean;
}

/** The signed-in member's own profile, as the settings form shows it. */
export async function profileSettings(ctx: Ctx, user: CurrentUser): Promise<ProfileSettings> {
  const [row] = await ctx.db
    .select({
      handle: actors.handle,
      displayName: actors.displayName,
      headline: actors.headline,
      bio: actors.bioMarkdown,
      bioHtml: actors.bioHtml,
      links: actors.links,
      avatarKey: actors.avatarKey,
      locale: actors.locale,
      listedInDirectory: actors.listedInDirectory,
      manuallyApprovesFollowers: actors.manuallyApprovesFollowers,
    })
    .from(actors)
    .where(eq(actors.id, user.actorId))
    .limit(1);
  if (!row) throw notFound();
  return row;
}

/** Checks the avatar upload and turns it into the stored WebP (or an error message). */
async function prepareAvatar(bytes: Uint8Array): Promise<Buffer | string> {
  if (bytes.byteLength > MAX_AVATAR_BYTES) return "Use an image of at most 8 MB";
  try {
    return await processAvatar(bytes);
  } catch (error) {
    if (error instanceof NotAnImageError) return error.message;
    throw error;
  }
}

/**
 * Updates the member's profile. Every field is checked first (all problems
 * reported at once, nothing written); a new avatar is stored before the row
 * changes and the replaced file is removed only after the commit.
 */
export async function updateProfile(
  ctx: Ctx,
  user: CurrentUser,
  input: ProfileInput,
): Promise<ProfileSettings> {
  const parsed = profileSchema.safeParse({
    displayName: input.displayName ?? "",
    headline: input.headline ?? "",
    bio: input.bio ?? "",
    locale: input.locale ?? "en",
  });
  const errors: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  const { links, errors: linkErrors } = parseLinks(input.links ?? []);
  Object.assign(errors, linkErrors);
  const avatar = input.avatar?.byteLength ? await prepareAvatar(input.avatar) : null;
  if (typeof avatar === "string") errors.avatar = avatar;
  if (!parsed.success || Object.keys(errors).length > 0 || typeof avatar === "string") {
    throw invalid("Some fields need attention.", errors);
  }
  const data = parsed.data;
  const storage = mediaStorage(ctx.config);
  const newKey = avatar ? `${newId()}.webp` : null;
  if (avatar && newKey) await saveAvatar(storage, newKey, avatar);
  try {
    await transactional(ctx, async (tx) => {
      const [current] = await tx.db
        .select({
          avatarKey: actors.avatarKey,
          manuallyApprovesFollowers: actors.manuallyApprovesFollowers,
        })
        .from(actors)
        .where(eq(actors.id, user.actorId))
        .for("update");
      if (!current) throw notFound();
      const replacing = newKey !== null || input.removeAvatar === true;
      await tx.db
        .update(actors)
        .set({
          displayName: data.displayName || user.handle,
          headline: data.headline,
          bioMarkdown: data.bio,
          bioHtml: data.bio ? renderMarkdown(data.bio) : "",
          links,
          locale: data.locale,
          ...(input.listedInDirectory === undefined
            ? {}
            : { listedInDirectory: input.listedInDirectory }),
          ...(input.manuallyApprovesFollowers === undefined
            ? {}
            : { manuallyApprovesFollowers: input.manuallyApprovesFollowers }),
          ...(replacing ? { avatarKey: newKey } : {}),
          updatedAt: tx.now(),
        })
        .where(eq(actors.id, user.actorId));
      // Unlocked: whoever was still waiting is let in.
      if (current.manuallyApprovesFollowers && input.manuallyApprovesFollowers === false) {
        await approveAllFollowRequests(tx, user);
      }
      const old = current.avatarKey;
      if (replacing && old) tx.afterCommit(() => removeAvatar(storage, old));
      // Remote followers refresh what they show of the member (`Update(Person)`).
      await queueSocialDelivery(tx, { type: "update-profile", actorId: user.actorId });
    });
  } catch (error) {
    if (newKey) await removeAvatar(storage, newKey);
    throw error;
  }
  return profileSettings(ctx, user);
}

/** An avatar's bytes for serving (avatars are public), or null. */
export function avatarFile(ctx: Ctx, key: string): Promise<Buffer | null> {
  return readAvatar(mediaStorage(ctx.config), key);
}
