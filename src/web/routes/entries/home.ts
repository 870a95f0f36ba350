import { type Context, Hono } from "hono";
import { html } from "hono/html";
import {
  ENTRY_PROMPTS,
  instanceEntries,
  journalEntries,
  localMembers,
  type MemberSummary,
} from "../../../domain/entries/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import { ANONYMOUS } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { avatar } from "../../views/avatar.ts";
import { entryList } from "../../views/entry-card.ts";
import { entryPaths } from "../../views/entry-paths.ts";
import { PROMPTS } from "../../views/labels.ts";
import { socialMeta } from "../../views/meta.ts";
import { nudgeFor } from "../reflection/nudge.ts";
import { originOf } from "./request.ts";

/** The reflection questions at the heart of Outloud (the sixth prompt, "reflection", is the open one). */
const QUESTION_PROMPTS = ENTRY_PROMPTS.filter((p) => p !== "reflection");

async function dashboard(c: Context<AppEnv>, user: CurrentUser) {
  const latest = await journalEntries(c.get("ctx"), user, { limit: 5 });
  return renderPage(c, {
    title: "Home",
    body: html`<div class="page-heading">
  <h1>Hello, ${user.displayName}</h1>
  <a class="button" href="/compose">New entry</a>
</div>
${nudgeFor(c)}
<section aria-labelledby="questions-heading" class="questions">
  <h2 id="questions-heading">What would you like to share?</h2>
  <ul class="question-list">${QUESTION_PROMPTS.map(
    (prompt) =>
      html`<li><a href="${entryPaths.compose(prompt)}">${PROMPTS[prompt].reflection}</a></li>`,
  )}</ul>
</section>
<section aria-labelledby="latest-heading">
  <h2 id="latest-heading">Your latest entries</h2>
  ${entryList(latest.entries, { viewerId: user.actorId }, "Nothing yet. Pick a question above to begin.")}
  ${latest.nextCursor ? html`<p><a href="/journal">See all in your journal</a></p>` : ""}
</section>`,
  });
}

function memberList(members: readonly MemberSummary[]) {
  if (members.length === 0) return html`<p class="empty">No members yet.</p>`;
  return html`<ul class="member-list">${members.map(
    (m) =>
      html`<li><a class="member h-card" href="${paths.profile(m.handle)}">${avatar(m, true)}<span><span class="p-name">${m.displayName}</span>${m.headline ? html`<span class="small muted member-headline">${m.headline}</span>` : ""}</span></a></li>`,
  )}</ul>`;
}

async function landing(c: Context<AppEnv>) {
  const ctx = c.get("ctx");
  const [recent, members] = await Promise.all([
    instanceEntries(ctx, ANONYMOUS, 10),
    localMembers(ctx),
  ]);
  const description =
    "Outloud turns social media into a work and learning portfolio: its members post what they are working on and what they are learning. Read their public entries here, or follow them from your feed reader.";
  return renderPage(c, {
    title: "",
    description,
    head: socialMeta({ title: "Outloud", description, url: `${originOf(c)}/`, type: "website" }),
    body: html`<section class="landing-intro">
  <h1>Show your work, share what you learn</h1>
  <p class="lead">${description}</p>
</section>
<section aria-labelledby="recent-heading">
  <h2 id="recent-heading">Recent entries</h2>
  ${entryList(recent, { viewerId: null, showAuthor: true }, "No public entries yet.")}
</section>
<section aria-labelledby="members-heading">
  <h2 id="members-heading">Members</h2>
  ${memberList(members)}
</section>`,
  });
}

/** `/`: a short dashboard for a member, the instance's front page for visitors. */
export function homeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => {
    const user = c.get("user");
    return user ? dashboard(c, user) : landing(c);
  });
  return app;
}
