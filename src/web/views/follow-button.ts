import type { Context } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../env.ts";
import { csrfField, type Html } from "../layout.ts";

/** The viewer's follow of an account: none, asked and waiting, or following. */
export type FollowState = "pending" | "accepted" | null;

/** A stored follow state (`follows.state`) as the button knows it. */
export const followStateOf = (state: string | null): FollowState =>
  state === "pending" || state === "accepted" ? state : null;

/**
 * The follow button of a profile (here or on another server): "Follow",
 * "Requested — cancel" while a request waits (pressing it withdraws the
 * request), "Unfollow" once accepted. Both forms POST with CSRF.
 */
export function followButton(
  c: Context<AppEnv>,
  state: FollowState,
  actions: { follow: string; unfollow: string },
): Html {
  const csrf = csrfField(c);
  if (state === null) {
    return html`<form method="post" action="${actions.follow}" class="inline-form follow-form">${csrf}<button type="submit">Follow</button></form>`;
  }
  if (state === "pending") {
    return html`<form method="post" action="${actions.unfollow}" class="inline-form follow-form">${csrf}<button type="submit" class="secondary" title="Withdraw the follow request">Requested — cancel</button> <span class="small muted">Waiting for them to accept.</span></form>`;
  }
  return html`<form method="post" action="${actions.unfollow}" class="inline-form follow-form">${csrf}<button type="submit" class="secondary">Unfollow</button></form>`;
}
