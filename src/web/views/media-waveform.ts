import { html, raw } from "hono/html";
import type { Html } from "../layout.ts";

/** Audio peaks as bars in an SVG: drawn by the server, no script needed. Decorative. */
export function waveform(peaks: number[] | null): Html {
  if (!peaks || peaks.length === 0) return html``;
  const width = peaks.length;
  const bars = peaks.map((peak, i) => {
    const height = Math.max(0.04, peak) * 38;
    return `<rect x="${i + 0.15}" y="${(40 - height) / 2}" width="0.7" height="${height.toFixed(2)}"/>`;
  });
  // Built from numbers only: nothing in it comes from a member.
  return html`<svg class="waveform" viewBox="0 0 ${width} 40" preserveAspectRatio="none" aria-hidden="true" focusable="false">${raw(bars.join(""))}</svg>`;
}
