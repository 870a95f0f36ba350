import { html } from "hono/html";
import type { RatingView } from "../../domain/skills/index.ts";
import type { Html } from "../layout.ts";
import { formatDate } from "./labels.ts";

/**
 * The self-rating history as a small SVG line chart (drawn on the server: no
 * script), with the same figures in a table for screen readers and print.
 */

const WIDTH = 480;
const HEIGHT = 160;
const PAD = { left: 28, right: 12, top: 12, bottom: 24 };

export function ratingChart(ratings: readonly RatingView[], id: string): Html {
  if (ratings.length === 0) return html`<p class="empty">No self-ratings yet.</p>`;
  const first = ratings[0]?.ratedAt.getTime() ?? 0;
  const last = ratings.at(-1)?.ratedAt.getTime() ?? first;
  const span = Math.max(last - first, 1);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (at: Date) =>
    ratings.length === 1
      ? PAD.left + plotW / 2
      : PAD.left + ((at.getTime() - first) / span) * plotW;
  const y = (rating: number) => PAD.top + ((5 - rating) / 4) * plotH;
  const points = ratings
    .map((r) => `${x(r.ratedAt).toFixed(1)},${y(r.rating).toFixed(1)}`)
    .join(" ");
  const latest = ratings.at(-1);
  return html`<figure class="skill-chart">
  <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title">
    <title id="${id}-title">Self-rating over time: ${ratings.length} ratings, latest ${latest?.rating} of 5</title>
    ${[1, 2, 3, 4, 5].map(
      (
        level,
      ) => html`<line class="skill-chart-grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(level)}" y2="${y(level)}"></line>
    <text class="skill-chart-label" x="${PAD.left - 8}" y="${y(level) + 4}" text-anchor="end">${level}</text>`,
    )}
    <polyline class="skill-chart-line" fill="none" points="${points}"></polyline>
    ${ratings.map(
      (r) =>
        html`<circle class="skill-chart-point" cx="${x(r.ratedAt).toFixed(1)}" cy="${y(r.rating).toFixed(1)}" r="4"></circle>`,
    )}
    <text class="skill-chart-label" x="${PAD.left}" y="${HEIGHT - 6}">${formatDate(ratings[0]?.ratedAt ?? new Date(first))}</text>
    ${ratings.length > 1 ? html`<text class="skill-chart-label" x="${WIDTH - PAD.right}" y="${HEIGHT - 6}" text-anchor="end">${formatDate(latest?.ratedAt ?? new Date(last))}</text>` : ""}
  </svg>
  <figcaption><details><summary>The ratings as a table</summary>
    <table><thead><tr><th scope="col">Date</th><th scope="col">Rating</th><th scope="col">Note</th></tr></thead>
    <tbody>${ratings.map((r) => html`<tr><td>${formatDate(r.ratedAt)}</td><td>${r.rating} of 5</td><td>${r.note}</td></tr>`)}</tbody></table>
  </details></figcaption>
</figure>`;
}
