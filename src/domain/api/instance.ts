import { and, asc, countDistinct, eq, gt, isNotNull, isNull } from "drizzle-orm";
import { actors, users } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import { instanceUsage } from "../federation/actors.ts";
import { type RegistrationMode, registrationMode } from "../settings.ts";
import { ANONYMOUS } from "../viewer.ts";
import { type AccountView, accountView } from "./accounts.ts";
import { API_MAX_CHARS, API_MAX_MEDIA, API_MAX_SPOILER_CHARS } from "./status-input.ts";

/** Media types uploads accept (src/media/sniff.ts decides from the bytes). */
export const SUPPORTED_MIME_TYPES = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/avif",
  "audio/mpeg",
  "audio/mp3",
  "audio/aac",
  "audio/mp4",
  "audio/m4a",
  "audio/x-m4a",
  "audio/ogg",
  "audio/opus",
  "audio/wav",
  "audio/wave",
  "audio/x-wav",
  "audio/flac",
  "audio/webm",
  "video/mp4",
  "video/quicktime",
  "video/webm",
  "video/x-matroska",
  "video/ogg",
  "video/x-msvideo",
] as const;

/** What the instance endpoints report: real limits and live figures. */
export interface InstanceFacts {
  registration: RegistrationMode;
  members: number;
  localPosts: number;
  /** Other servers we know accounts of. */
  knownDomains: number;
  /** Members who published in the last 30 days. */
  activeMonth: number;
  /** The first admin: the instance's contact account. */
  contact: AccountView | null;
  limits: {
    maxCharacters: number;
    maxMediaAttachments: number;
    maxSpoilerCharacters: number;
    imageSizeLimit: number;
    imagePixelLimit: number;
    videoSizeLimit: number;
    audioSizeLimit: number;
  };
}

export async function instanceFacts(ctx: Ctx): Promise<InstanceFacts> {
  const monthAgo = new Date(ctx.now().getTime() - 30 * 86_400_000);
  const [registration, usage, [domains], [active], [admin]] = await Promise.all([
    registrationMode(ctx),
    instanceUsage(ctx),
    ctx.db
      .select({ n: countDistinct(actors.host) })
      .from(actors)
      .where(isNotNull(actors.host)),
    ctx.db
      .select({ n: countDistinct(entries.authorId) })
      .from(entries)
      .innerJoin(actors, eq(actors.id, entries.authorId))
      .where(
        and(
          isNull(actors.host),
          eq(entries.status, "published"),
          gt(entries.publishedAt, monthAgo),
        ),
      ),
    ctx.db
      .select({ actorId: users.actorId })
      .from(users)
      .where(eq(users.role, "admin"))
      .orderBy(asc(users.createdAt))
      .limit(1),
  ]);
  const media = ctx.config.media;
  return {
    registration,
    members: usage.members,
    localPosts: usage.localPosts,
    knownDomains: domains?.n ?? 0,
    activeMonth: active?.n ?? 0,
    contact: admin ? await accountView(ctx, ANONYMOUS, admin.actorId) : null,
    limits: {
      maxCharacters: API_MAX_CHARS,
      maxMediaAttachments: API_MAX_MEDIA,
      maxSpoilerCharacters: API_MAX_SPOILER_CHARS,
      imageSizeLimit: media.maxImageBytes,
      imagePixelLimit: media.maxImagePixels,
      videoSizeLimit: media.maxVideoBytes,
      audioSizeLimit: media.maxAudioBytes,
    },
  };
}
