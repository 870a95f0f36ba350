import type { Context } from "hono";
import { html } from "hono/html";
import type { EntryPrompt } from "../../domain/entries/index.ts";
import {
  type Digest,
  entryLabel,
  formatLocalDate,
  type OwnEntry,
  periodName,
} from "../../domain/reflection/index.ts";
import type { AppEnv } from "../env.ts";
import { csrfField, type Html } from "../layout.ts";
import { paths } from "../urls.ts";
import { PROMPTS } from "./labels.ts";
import { skillPaths } from "./portfolio-paths.ts";
import { reflectionPaths } from "./reflection-paths.ts";
import { peopleList } from "./reflection-people.ts";

const promptLabel = (prompt: string) =>
  prompt ? PROMPTS[prompt as EntryPrompt].label : "No prompt";

function entryLinks(entries: readonly OwnEntry[]): Html {
  return html`<ul>${entries.map(
    (entry) =>
      html`<li><a href="${paths.entry(entry.handle, entry.id)}">${entryLabel(entry)}</a></li>`,
  )}</ul>`;
}

function periodNav(digest: Digest): Html {
  const of = (day: Digest["span"]["firstDay"]) => formatLocalDate(day);
  const other = digest.kind === "week" ? "month" : "week";
  return html`<nav class="pagination" aria-label="Other periods">
  <a href="${reflectionPaths.digest(digest.kind, of(digest.previous.firstDay))}">Previous ${digest.kind}</a>
  <a href="${reflectionPaths.digest(digest.kind, of(digest.next.firstDay))}">Next ${digest.kind}</a>
  <a href="${reflectionPaths.digest(other, of(digest.span.firstDay))}">See the ${other}</a>
</nav>`;
}

function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function digestPage(c: Context<AppEnv>, digest: Digest, handle: string): Html {
  const name = periodName(digest.kind, digest.span);
  const follows = digest.connections;
  return html`<div class="page-heading">
  <h1>Your digest: ${name}</h1>
  <form method="post" action="${reflectionPaths.writeReflection}" class="inline-form">
    ${csrfField(c)}
    <input type="hidden" name="period" value="${digest.kind}">
    <input type="hidden" name="of" value="${formatLocalDate(digest.span.firstDay)}">
    <button type="submit">Write a reflection</button>
  </form>
</div>
<p class="muted">Only you see this page. Days follow your time zone (${digest.timeZone}).</p>
${periodNav(digest)}
<section aria-labelledby="digest-entries">
  <h2 id="digest-entries">Your entries by prompt</h2>
  ${
    digest.byPrompt.length > 0
      ? digest.byPrompt.map(
          (group) =>
            html`<h3>${promptLabel(group.prompt)} (${group.entries.length})</h3>${entryLinks(group.entries)}`,
        )
      : html`<p class="empty">No entries in ${name}.</p>`
  }
</section>
<section aria-labelledby="digest-tags">
  <h2 id="digest-tags">Tags that grew</h2>
  ${
    digest.tagsGrew.length > 0
      ? html`<ul class="reflection-growth">${digest.tagsGrew.map(
          (row) =>
            html`<li><a href="${paths.tag(row.tag)}">#${row.display}</a> <span class="small muted">${row.now} this ${digest.kind}, ${row.before} the ${digest.kind} before</span></li>`,
        )}</ul>`
      : html`<p class="empty">No tag was used more than the ${digest.kind} before.</p>`
  }
</section>
<section aria-labelledby="digest-skills">
  <h2 id="digest-skills">Skills that gained evidence</h2>
  ${
    digest.skillsGrew.length > 0
      ? html`<ul>${digest.skillsGrew.map(
          (skill) =>
            html`<li><a href="${skillPaths.page(handle, skill.slug)}">${skill.name}</a> <span class="small muted">+${skill.added} evidence</span></li>`,
        )}</ul>`
      : html`<p class="empty">No new evidence for your skills.</p>`
  }
</section>
<section aria-labelledby="digest-connections">
  <h2 id="digest-connections">New connections</h2>
  ${peopleList(follows, `No new follows either way in ${name}.`)}
</section>
<section aria-labelledby="digest-helped">
  <h2 id="digest-helped">Who helped</h2>
  ${peopleList(digest.whoHelped, `Nobody replied to, answered, shared or liked your work in ${name}.`, { showMoments: true })}
</section>
<section aria-labelledby="digest-discussed">
  <h2 id="digest-discussed">Most discussed</h2>
  ${
    digest.mostDiscussed.length > 0
      ? html`<ol class="reflection-discussed">${digest.mostDiscussed.map(
          (entry) =>
            html`<li><a href="${paths.entry(handle, entry.id)}">${entry.title || entry.excerpt || "Untitled entry"}</a> <span class="small muted">${counted(entry.replies, "reply", "replies")} · ${counted(entry.shares, "share", "shares")} · ${counted(entry.likes, "like", "likes")}</span></li>`,
        )}</ol>`
      : html`<p class="empty">None of your entries drew replies, shares or likes in ${name}.</p>`
  }
</section>`;
}
