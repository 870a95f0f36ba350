import { html } from "hono/html";
import type { ActorSummary } from "../../domain/moderation/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";
import { avatar } from "./avatar.ts";

/** Where an account's page is here: a member's profile, or the remote account page. */
export function actorHref(actor: Pick<ActorSummary, "id" | "handle" | "host">): string {
  return actor.host === null ? paths.profile(actor.handle) : `/remote/${actor.id}`;
}

/** `@handle` for a member, `@handle@host` for a remote account. */
export function actorAddress(actor: Pick<ActorSummary, "handle" | "host">): string {
  return actor.host === null ? `@${actor.handle}` : `@${actor.handle}@${actor.host}`;
}

/**
 * An account as lists show it: picture (remote ones through the image
 * proxy, ADR 0015), name and address, linked to their page.
 */
export function actorLine(actor: ActorSummary): Html {
  return html`<a class="member actor-line" href="${actorHref(actor)}">${avatar(actor, true)}<span><span class="p-name">${actor.displayName}</span><span class="small muted member-headline">${actorAddress(actor)}</span></span></a>`;
}
