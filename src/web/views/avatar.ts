import { html } from "hono/html";
import { remoteImagePath } from "../../domain/media/remote-images.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";

/** Up to two initials of a name, for members without an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** Anyone with a picture: a member's stored avatar, or a remote account's avatar URL. */
export interface AvatarOwner {
  displayName: string;
  avatarKey: string | null;
  /** Remote accounts: their id, host and avatar URL (shown through our proxy). */
  id?: string;
  host?: string | null;
  avatarUrl?: string | null;
}

/** Where the picture is on this server, or null (initials instead). */
export function avatarSrc(owner: AvatarOwner, small: boolean): string | null {
  if (owner.avatarKey) return paths.avatar(owner.avatarKey);
  if (owner.host && owner.id && owner.avatarUrl) {
    // Never the remote URL itself: readers' browsers must not contact other servers (ADR 0015).
    return remoteImagePath(owner.id, owner.avatarUrl, small ? "a96" : "a400");
  }
  return null;
}

/**
 * The account's picture, or their initials on a tinted disc. Decorative:
 * the name is beside it. The one avatar markup for members and remote accounts.
 */
export function avatar(owner: AvatarOwner, small = false): Html {
  const size = small ? "avatar avatar-small" : "avatar";
  const src = avatarSrc(owner, small);
  if (src) {
    const px = small ? 40 : 96;
    return html`<img class="${size} u-photo" src="${src}" alt="" width="${px}" height="${px}"${small ? html` loading="lazy"` : ""}>`;
  }
  return html`<span class="${size}" aria-hidden="true">${initials(owner.displayName)}</span>`;
}
