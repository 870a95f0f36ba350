import type { Context } from "hono";
import { html } from "hono/html";
import type { NudgeView } from "../../domain/reflection/index.ts";
import type { AppEnv } from "../env.ts";
import { csrfField, type Html } from "../layout.ts";
import { entryPaths } from "./entry-paths.ts";
import { PROMPTS } from "./labels.ts";
import { reflectionPaths } from "./reflection-paths.ts";

/** The card with the period's question: "This week's question: What are you learning?" */
export function nudgeCard(c: Context<AppEnv>, nudge: NudgeView | null): Html {
  // Back to the page showing the card after dismissing it.
  const back = c.req.path;
  if (!nudge) return html``;
  const when = nudge.span === "week" ? "This week's question" : "Today's question";
  return html`<section class="notice nudge-card" aria-labelledby="nudge-heading">
  <h2 id="nudge-heading" class="nudge-question">${when}: <a href="${entryPaths.compose(nudge.prompt)}">${PROMPTS[nudge.prompt].question}</a></h2>
  <form method="post" action="${reflectionPaths.dismiss(nudge.id)}" class="inline-form">${csrfField(c)}<input type="hidden" name="next" value="${back}"><button type="submit" class="link-button">Dismiss</button></form>
  <p class="small muted">From your <a href="${reflectionPaths.settings}">reflection rhythm</a>.</p>
</section>`;
}
