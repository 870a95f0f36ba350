import { html } from "hono/html";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";

/** Up to two initials of a name, for members without an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((word) => Array.from(word)[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** The member's picture, or their initials on a tinted disc. Decorative: the name is beside it. */
export function avatar(
  member: { displayName: string; avatarKey: string | null },
  small = false,
): Html {
  const size = small ? "avatar avatar-small" : "avatar";
  if (member.avatarKey) {
    return html`<img class="${size} u-photo" src="${paths.avatar(member.avatarKey)}" alt="" width="${small ? 40 : 96}" height="${small ? 40 : 96}">`;
  }
  return html`<span class="${size}" aria-hidden="true">${initials(member.displayName)}</span>`;
}
