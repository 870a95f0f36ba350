import type { Context } from "hono";
import { html } from "hono/html";
import { currentNudge } from "../../../domain/reflection/index.ts";
import type { AppEnv } from "../../env.ts";
import type { Html } from "../../layout.ts";
import { nudgeCard } from "../../views/reflection-nudge.ts";
import { reflectionPaths } from "../../views/reflection-paths.ts";

/**
 * For the member's home page and journal: the current question card (when
 * one waits) and the way to their digest, insights and rhythm.
 */
export async function nudgeFor(c: Context<AppEnv>): Promise<Html> {
  const user = c.get("user");
  if (!user) return html``;
  const nudge = await currentNudge(c.get("ctx"), user);
  return html`${nudgeCard(c, nudge)}<p class="small muted reflection-links">Look back: <a href="${reflectionPaths.digest()}">this week's digest</a> · <a href="${reflectionPaths.insights}">your insights</a> · <a href="${reflectionPaths.settings}">reflection rhythm</a></p>`;
}
