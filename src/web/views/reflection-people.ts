import { html } from "hono/html";
import type { InteractionKind, Person } from "../../domain/reflection/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";

const KIND_TEXT: Record<InteractionKind, string> = {
  "followed-you": "followed you",
  "you-followed": "you followed them",
};

/** Replies, answers, shares and likes come with federation: said once, quietly. */
export const NOT_YET_MEASURED =
  "Replies, answers, shares and likes will show here once Outloud federates; today it knows follows.";

export function personLink(person: Person): Html {
  const handle = person.host ? `@${person.handle}@${person.host}` : `@${person.handle}`;
  const href = person.host
    ? `https://${person.host}/@${person.handle}`
    : paths.profile(person.handle);
  return html`<a href="${href}">${person.displayName || handle}</a> <span class="handle">${handle}</span>`;
}

/** People with what they did ("followed you · you followed them"), optionally how often. */
export function peopleList(people: readonly Person[], empty: string, showCount = false): Html {
  if (people.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="reflection-people">${people.map(
    (person) =>
      html`<li>${personLink(person)} <span class="small muted">— ${person.kinds.map((kind) => KIND_TEXT[kind]).join(" · ")}${showCount ? ` · ${person.count} ${person.count === 1 ? "interaction" : "interactions"}` : ""}</span></li>`,
  )}</ul>`;
}
