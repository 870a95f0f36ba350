import { html } from "hono/html";
import type { Html } from "../layout.ts";

/**
 * A stacked bar chart drawn on the server as SVG (see docs/adr for why no
 * charting library): no script, nothing for the CSP to block. Each series
 * has its own fill pattern as well as its own colour, the legend shows the
 * same patterns, each bar carries its total, and the figures are also in a
 * table.
 */

export interface Series {
  key: string;
  label: string;
}

export interface Bar {
  label: string;
  /** Long form for the table and the bar's tooltip ("Week of 16 March 2026"). */
  title: string;
  values: Readonly<Record<string, number>>;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 32, right: 8, top: 20, bottom: 28 };
/** One pattern per series, told apart without colour. */
const PATTERNS: readonly ((id: string) => Html)[] = [
  (id) =>
    html`<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="chart-fill" width="8" height="8"></rect></pattern>`,
  (id) =>
    html`<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="chart-bg" width="8" height="8"></rect><rect class="chart-fill" width="4" height="8"></rect></pattern>`,
  (id) =>
    html`<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="chart-bg" width="8" height="8"></rect><circle class="chart-fill" cx="4" cy="4" r="2.2"></circle></pattern>`,
  (id) =>
    html`<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="chart-bg" width="8" height="8"></rect><rect class="chart-fill" width="8" height="3"></rect></pattern>`,
  (id) =>
    html`<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect class="chart-bg" width="8" height="8"></rect><rect class="chart-fill" width="2" height="8"></rect></pattern>`,
  (id) =>
    html`<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="chart-bg" width="8" height="8"></rect><path class="chart-stroke" d="M0 0L8 8M8 0L0 8"></path></pattern>`,
  (id) =>
    html`<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse"><rect class="chart-bg" width="8" height="8"></rect><rect class="chart-fill" width="3" height="8"></rect></pattern>`,
];

const patternId = (chartId: string, index: number) => `${chartId}-p${index}`;
const seriesClass = (index: number) => `chart-series chart-series-${index % PATTERNS.length}`;

function swatch(chartId: string, index: number): Html {
  return html`<svg class="chart-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><rect class="${seriesClass(index)}" x="0.5" y="0.5" width="17" height="17" fill="url(#${patternId(chartId, index)})"></rect></svg>`;
}

export function stackedBarChart(options: {
  id: string;
  title: string;
  series: readonly Series[];
  bars: readonly Bar[];
  /** The first column's heading in the table ("Week"). */
  rowHeading: string;
}): Html {
  const { id, series, bars } = options;
  const totals = bars.map((bar) => series.reduce((sum, s) => sum + (bar.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, bars.length);
  const barW = slot * 0.7;
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const sum = totals.reduce((a, b) => a + b, 0);
  const summary = `${options.title}: ${sum} ${sum === 1 ? "entry" : "entries"} in ${bars.length} periods, at most ${max} in one.`;
  return html`<figure class="reflection-chart">
  <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${id}-title">
    <title id="${id}-title">${summary}</title>
    <defs>${series.map((_, i) => PATTERNS[i % PATTERNS.length]?.(patternId(id, i)) ?? "")}</defs>
    ${ticks.map(
      (
        tick,
      ) => html`<line class="chart-grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(tick)}" y2="${y(tick)}"></line>
    <text class="chart-label" x="${PAD.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`,
    )}
    ${bars.map((bar, b) => {
      const x = PAD.left + b * slot + (slot - barW) / 2;
      let stacked = 0;
      return html`<g><title>${bar.title}: ${totals[b]} entries</title>${series.map((s, i) => {
        const value = bar.values[s.key] ?? 0;
        if (value === 0) return "";
        const top = y(stacked + value);
        const height = y(stacked) - top;
        stacked += value;
        return html`<rect class="${seriesClass(i)}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${height.toFixed(1)}" fill="url(#${patternId(id, i)})"></rect>`;
      })}${totals[b] ? html`<text class="chart-label" x="${(x + barW / 2).toFixed(1)}" y="${(y(totals[b] ?? 0) - 4).toFixed(1)}" text-anchor="middle">${totals[b]}</text>` : ""}
      <text class="chart-label" x="${(x + barW / 2).toFixed(1)}" y="${HEIGHT - 8}" text-anchor="middle">${bar.label}</text></g>`;
    })}
  </svg>
  <figcaption>
    <ul class="chart-legend">${series.map((s, i) => html`<li>${swatch(id, i)} ${s.label}</li>`)}</ul>
    <details><summary>The figures as a table</summary>
      <table class="chart-table"><thead><tr><th scope="col">${options.rowHeading}</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}<th scope="col">Total</th></tr></thead>
      <tbody>${bars.map((bar, b) => html`<tr><th scope="row">${bar.title}</th>${series.map((s) => html`<td>${bar.values[s.key] ?? 0}</td>`)}<td>${totals[b]}</td></tr>`)}</tbody></table>
    </details>
  </figcaption>
</figure>`;
}
