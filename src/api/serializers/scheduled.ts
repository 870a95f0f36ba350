import type { ScheduledView } from "../../domain/api/scheduled.ts";
import { serializeMedia } from "./media.ts";

/** Mastodon's ScheduledStatus entity (https://docs.joinmastodon.org/entities/ScheduledStatus/). */
export function serializeScheduled(view: ScheduledView, publicUrl: string) {
  return {
    id: view.id,
    scheduled_at: view.scheduledAt.toISOString(),
    params: {
      text: view.text,
      poll: null,
      media_ids: view.media.map((item) => item.id),
      sensitive: view.sensitive,
      spoiler_text: view.spoilerText,
      visibility: view.visibility,
      in_reply_to_id: view.inReplyToId,
      language: view.language,
      application_id: null,
      scheduled_at: null,
      idempotency: null,
      with_rate_limit: false,
    },
    media_attachments: view.media.map((item) => serializeMedia(item, publicUrl)),
  };
}
