import { html } from "hono/html";
import type { InteractionKind, Person } from "../../domain/reflection/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";

const KIND_TEXT: Record<InteractionKind, string> = {
  "followed-you": "followed you",
  "you-followed": "you followed them",
  replied: "replied",
  answered: "answered a question",
  shared: "shared your work",
  liked: "liked your work",
  "you-replied": "you replied to them",
};

export function personLink(person: Person): Html {
  const handle = person.host ? `@${person.handle}@${person.host}` : `@${person.handle}`;
  const href = person.host
    ? `https://${person.host}/@${person.handle}`
    : paths.profile(person.handle);
  return html`<a href="${href}">${person.displayName || handle}</a> <span class="handle">${handle}</span>`;
}

/** People with what they did ("followed you · you followed them"), optionally how often. */
export function peopleList(
  people: readonly Person[],
  empty: string,
  options: { showCount?: boolean; showMoments?: boolean } = {},
): Html {
  if (people.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="reflection-people">${people.map(
    (person) =>
      html`<li>${personLink(person)} <span class="small muted">— ${person.kinds.map((kind) => KIND_TEXT[kind]).join(" · ")}${options.showCount ? ` · ${person.count} ${person.count === 1 ? "interaction" : "interactions"}` : ""}</span>${options.showMoments && person.moments.length > 0 ? momentLinks(person.moments) : ""}</li>`,
  )}</ul>`;
}

/** Links to where someone helped: local paths, or http(s) URLs of remote posts. */
function momentLinks(moments: readonly string[]): Html {
  const safe = moments.filter((m) => m.startsWith("/") || /^https?:\/\//.test(m));
  return html` <span class="small">${safe.map(
    (href, i) =>
      html`${i > 0 ? " · " : ""}<a href="${href}">${i === 0 ? "see it" : `and ${i === 1 ? "another" : "one more"}`}</a>`,
  )}</span>`;
}
