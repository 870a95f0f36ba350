import { html } from "hono/html";
import type { SkillView } from "../../domain/skills/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";
import { entryArticle } from "./entry-card.ts";
import { skillPaths } from "./portfolio-paths.ts";
import { ratingChart } from "./skill-chart.ts";

/** `/@handle/skills/<slug>`: what the skill is, the evidence, the rating history. */

const LEVELS = ["", "Beginning", "Developing", "Capable", "Strong", "Expert"];

export function ratingWords(rating: number): string {
  return `${rating} of 5 — ${LEVELS[rating] ?? ""}`;
}

export function skillPage(skill: SkillView, viewerId: string | null): Html {
  const latest = skill.ratings.at(-1);
  return html`<article class="skill h-resume">
<header class="skill-header">
  <p class="portfolio-byline">A skill of <a href="${paths.profile(skill.owner.handle)}">${skill.owner.displayName}</a></p>
  <h1 class="p-skill">${skill.name}</h1>
  ${skill.description ? html`<p class="lead">${skill.description}</p>` : ""}
  ${skill.frameworkUri ? html`<p class="small">Framework reference: <a href="${skill.frameworkUri}" rel="nofollow noopener">${skill.frameworkUri}</a></p>` : ""}
  ${latest ? html`<p><strong>Self-rating:</strong> ${ratingWords(latest.rating)}</p>` : ""}
  ${skill.isOwner ? html`<p class="no-print"><a class="button button-small" href="${skillPaths.edit(skill.owner.handle, skill.slug)}">Edit skill, evidence and rating</a></p>` : ""}
</header>
<section aria-labelledby="ratings-heading">
  <h2 id="ratings-heading">Rating over time</h2>
  ${ratingChart(skill.ratings, "rating-chart")}
</section>
<section aria-labelledby="evidence-heading">
  <h2 id="evidence-heading">Evidence</h2>
  ${
    skill.evidence.length > 0
      ? html`<ul class="entry-list">${skill.evidence.map(
          (item) =>
            html`<li>${item.note ? html`<p class="evidence-note"><strong>Evidence:</strong> ${item.note}</p>` : ""}${entryArticle(item.entry, { viewerId })}</li>`,
        )}</ul>`
      : html`<p class="empty">No evidence to show yet.</p>`
  }
</section>
</article>`;
}
