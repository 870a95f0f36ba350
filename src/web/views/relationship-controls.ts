import type { Context } from "hono";
import { html } from "hono/html";
import { relationshipFlags } from "../../domain/moderation/index.ts";
import type { AppEnv } from "../env.ts";
import { csrfField, type Html } from "../layout.ts";

/** The account a profile page is about. */
export interface ProfileTarget {
  id: string;
  handle: string;
  /** null for a member of this server. */
  host: string | null;
}

const MUTE_DURATIONS = [
  { value: "0", label: "Until I unmute" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "1 day" },
  { value: "604800", label: "1 week" },
] as const;

/**
 * Block, mute and report for a signed-in member on someone else's profile,
 * in a disclosure that works without JavaScript (the follow button, with its
 * "Requested" state, is src/web/views/follow-button.ts). Loads the
 * relationship itself (one query).
 */
export async function relationshipControls(
  c: Context<AppEnv>,
  target: ProfileTarget,
): Promise<Html> {
  const user = c.get("user");
  if (!user || user.actorId === target.id) return html``;
  const flags = (await relationshipFlags(c.get("ctx"), user, [target.id])).get(target.id);
  if (!flags) return html``;
  const back = html`<input type="hidden" name="next" value="${new URL(c.req.url).pathname}">`;
  const action = (verb: string) => `/actors/${target.id}/${verb}`;
  const blockedBy = flags.blockedBy
    ? html`<p class="small muted">This account blocked you.</p>`
    : "";
  return html`${blockedBy}<details class="relationship-controls">
  <summary>Block, mute or report</summary>
  <div class="relationship-forms">
    ${
      flags.blocking
        ? html`<form method="post" action="${action("unblock")}">${csrfField(c)}${back}<p class="small">You blocked @${target.handle}.</p><button type="submit" class="button-small secondary">Unblock</button></form>`
        : html`<form method="post" action="${action("block")}">${csrfField(c)}${back}<p class="small">Blocking ends follows both ways; neither of you sees the other's posts.</p><button type="submit" class="button-small button-danger">Block @${target.handle}</button></form>`
    }
    ${
      flags.muting
        ? html`<form method="post" action="${action("unmute")}">${csrfField(c)}${back}<p class="small">You muted @${target.handle}.</p><button type="submit" class="button-small secondary">Unmute</button></form>`
        : html`<form method="post" action="${action("mute")}" class="stack">${csrfField(c)}${back}
      <p class="small">Muting hides their posts from your home timeline; they are not told.</p>
      <div class="field"><label for="mute-duration">Mute for</label>
        <select id="mute-duration" name="duration">${MUTE_DURATIONS.map((d) => html`<option value="${d.value}">${d.label}</option>`)}</select></div>
      <div class="choice"><input type="checkbox" id="mute-notifications" name="hideNotifications" value="1" checked><label for="mute-notifications">Hide their notifications too</label></div>
      <button type="submit" class="button-small secondary">Mute @${target.handle}</button></form>`
    }
    <p><a href="${action("report")}">Report @${target.handle} to the admin</a></p>
  </div>
</details>`;
}
