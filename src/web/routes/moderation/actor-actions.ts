import { type Context, Hono } from "hono";
import { html } from "hono/html";
import {
  blockActor,
  fileReport,
  muteActor,
  otherActor,
  type ReportablePost,
  reportablePosts,
  unblockActor,
  unmuteActor,
} from "../../../domain/moderation/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { actorAddress, actorHref } from "../../views/actor-summary.ts";
import { formatDate } from "../../views/labels.ts";
import {
  type Failure,
  failureOf,
  formProblem,
  textareaField,
  type Values,
} from "../accounts/forms.ts";
import { safeNext, signedInOrRedirect } from "../accounts/request.ts";

/** Back where the button was pressed (a profile), else the account's page. */
async function backTo(c: Context<AppEnv>, fallback: string): Promise<Response> {
  const body = await c.req.parseBody();
  const next = typeof body.next === "string" ? safeNext(body.next) : null;
  return c.redirect(next ?? fallback, 303);
}

function postChoices(posts: readonly ReportablePost[], chosen: ReadonlySet<string>): Html {
  if (posts.length === 0) return html``;
  return html`<fieldset class="field report-posts">
  <legend>Posts to include (optional)</legend>
  ${posts.map(
    (post) =>
      html`<div class="choice"><input type="checkbox" id="post-${post.id}" name="postIds" value="${post.id}"${chosen.has(post.id) ? html` checked` : ""}><label for="post-${post.id}">${post.excerpt || "(no text)"} <span class="small muted">${formatDate(post.at)}</span></label></div>`,
  )}
</fieldset>`;
}

/** For a remote account: also send the report to its server (a `Flag`, from the instance actor: the member is not named). */
function forwardChoice(host: string | null, user: CurrentUser, checked: boolean): Html {
  if (!host) return html``;
  return html`<div class="choice"><input type="checkbox" id="report-forward" name="forward" value="1"${checked ? html` checked` : ""}><label for="report-forward">Also send this report to ${host}</label></div>
  <p class="small muted">Their moderators then see it too, with the posts you chose and your comment, sent in your name (@${user.handle}).</p>`;
}

async function reportPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  targetId: string,
  submitted?: { values: Values; postIds: string[]; forward: boolean },
  failure?: Failure,
) {
  const ctx = c.get("ctx");
  const target = await otherActor(ctx, user, targetId);
  const posts = await reportablePosts(ctx, user, target.id);
  const preselected = c.req.query("post");
  const chosen = new Set(submitted?.postIds ?? (preselected ? [preselected] : []));
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: `Report ${actorAddress(target)}`,
    status: failure?.status ?? 200,
    head: html`<meta name="robots" content="noindex">`,
    body: html`<h1>Report <a href="${actorHref(target)}">${target.displayName}</a></h1>
<p class="muted">${actorAddress(target)}. The admin of this server reads reports; ${target.host ? "the account's own server is told only if you tick the box below." : "the member is not told who reported them."}</p>
${formProblem(failure?.message)}
<form method="post" action="/actors/${target.id}/report" class="stack">
  ${csrfField(c)}
  ${textareaField({ name: "comment", label: "What is wrong?", value: submitted?.values.comment, error: failure?.fields.comment, maxlength: 1000, rows: 5, hint: "Spam, harassment, something illegal… A few words help the admin decide." })}
  ${postChoices(posts, chosen)}
  ${failure?.fields.postIds ? html`<p class="error">${failure.fields.postIds}</p>` : ""}
  ${forwardChoice(target.host, user, submitted?.forward ?? false)}
  <div class="actions"><button type="submit">Send report</button> <a href="${actorHref(target)}">Cancel</a></div>
</form>`,
  });
}

/** Block, unblock, mute, unmute and report, from the buttons on profiles. */
export function actorActionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const simple = [
    ["block", blockActor],
    ["unblock", unblockActor],
    ["unmute", unmuteActor],
  ] as const;
  for (const [verb, operation] of simple) {
    app.post(`/actors/:id/${verb}`, async (c) => {
      const user = signedInOrRedirect(c);
      if (user instanceof Response) return user;
      const ctx = c.get("ctx");
      const target = await otherActor(ctx, user, c.req.param("id"));
      await operation(ctx, user, target.id);
      return backTo(c, actorHref(target));
    });
  }
  app.post("/actors/:id/mute", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const ctx = c.get("ctx");
    const body = await c.req.parseBody();
    const target = await otherActor(ctx, user, c.req.param("id"));
    const duration = typeof body.duration === "string" ? Number(body.duration || "0") : 0;
    await muteActor(ctx, user, target.id, {
      hideNotifications: body.hideNotifications === "1",
      durationSeconds: duration,
    });
    return backTo(c, actorHref(target));
  });
  app.get("/actors/:id/report", (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : reportPage(c, user, c.req.param("id"));
  });
  app.post("/actors/:id/report", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const body = await c.req.parseBody({ all: true });
    const comment = typeof body.comment === "string" ? body.comment : "";
    const raw = body.postIds;
    const postIds = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === "string",
    );
    const forward = body.forward === "1";
    try {
      await fileReport(c.get("ctx"), user, {
        targetId: c.req.param("id"),
        postIds,
        comment,
        forward,
      });
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status === 404) throw error;
      const submitted = { values: { comment }, postIds, forward };
      return reportPage(c, user, c.req.param("id"), submitted, failure);
    }
    return renderPage(c, {
      title: "Report sent",
      body: html`<section class="message"><h1>Thank you, the report is sent</h1><p>The admin of this server will look at it${forward ? " (and it is on its way to the account's own server)" : ""}. You can also <a href="/settings/blocks">block or mute</a> the account so you no longer see it.</p><p><a href="/home">Back to your home timeline</a></p></section>`,
    });
  });
  return app;
}
