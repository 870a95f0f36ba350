import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { entryMediaIds, ownMedia } from "../../../domain/media/index.ts";
import type { AppEnv } from "../../env.ts";
import { mediaSection } from "../../views/media-composer.ts";
import type { Errors, Values } from "../accounts/forms.ts";
import { withCsrfQuery } from "./streaming.ts";

/**
 * The composer's media section for the signed-in member: the files named in
 * the submitted form, or (editing, nothing submitted yet) the entry's own.
 */
export async function composerMedia(
  c: Context<AppEnv>,
  values: Values,
  errors: Errors,
  entryId?: string,
): Promise<HtmlEscapedString> {
  const ctx = c.get("ctx");
  const user = c.get("user");
  if (!user) return html``;
  const removed = new Set((values.remove ?? "").split(","));
  const ids =
    values.media !== undefined
      ? values.media.split(",").filter((id) => id && !removed.has(id))
      : entryId
        ? await entryMediaIds(ctx, user, entryId)
        : [];
  const { media } = ctx.config;
  return await mediaSection({
    items: await ownMedia(ctx, user, [...new Set(ids)]),
    values,
    errors,
    csrfToken: c.get("csrfToken"),
    limits: {
      image: media.maxImageBytes,
      audio: media.maxAudioBytes,
      video: media.maxVideoBytes,
      seconds: media.maxDurationSeconds,
    },
  });
}

/** A composer form's action: its CSRF token in the query, so the streamed body needs no reading first. */
export function composerAction(c: Context<AppEnv>, action: string): string {
  return withCsrfQuery(action, c.get("csrfToken"));
}
