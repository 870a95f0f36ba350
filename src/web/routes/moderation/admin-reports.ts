import { Hono } from "hono";
import { html } from "hono/html";
import { openReports, type ReportView, resolveReport } from "../../../domain/moderation/index.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { actorLine } from "../../views/actor-summary.ts";
import { formatDateTime } from "../../views/labels.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

function reportPosts(report: ReportView): Html {
  if (report.posts.length === 0) return html``;
  return html`<ul class="report-posts">${report.posts.map((post) =>
    post.href
      ? html`<li><a href="${post.href}"${post.href.startsWith("/") ? "" : html` rel="nofollow noopener ugc"`}>${post.excerpt || "(no text)"}</a></li>`
      : html`<li class="muted">A post you cannot see (removed, or not shared with you)</li>`,
  )}</ul>`;
}

function reportCard(c: Parameters<typeof csrfField>[0], report: ReportView): Html {
  return html`<li class="report-card">
  <div class="report-people">
    <div><span class="small muted">Reported account</span>${actorLine(report.target)}</div>
    <div><span class="small muted">Reported by</span>${report.reporter ? actorLine(report.reporter) : html`<p>Someone on another server</p>`}</div>
  </div>
  <p class="small muted"><time datetime="${report.createdAt.toISOString()}">${formatDateTime(report.createdAt)}</time>${report.remote ? " · from another server" : ""}</p>
  ${report.comment ? html`<blockquote class="report-comment">${report.comment}</blockquote>` : html`<p class="muted">No comment.</p>`}
  ${reportPosts(report)}
  <form method="post" action="/admin/reports/${report.id}/resolve" class="inline-form">${csrfField(c)}<button type="submit" class="button-small">Mark resolved</button></form>
</li>`;
}

/** `/admin/reports`: the admin's queue of open reports. */
export function adminReportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/admin/reports", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const reports = await openReports(c.get("ctx"), user);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Reports",
      wide: true,
      body: html`<p class="small"><a href="/admin">← Admin</a></p>
<h1>Reports</h1>
${c.req.query("done") === "resolved" ? html`<p class="notice" role="status">The report is resolved.</p>` : ""}
<p class="muted">Reports from members and from other servers, oldest first. Block the account or its server from their pages or <a href="/admin/domain-blocks">Blocked servers</a>, then mark the report resolved.</p>
${reports.length === 0 ? html`<p class="empty">No open reports.</p>` : html`<ul class="report-list">${reports.map((r) => reportCard(c, r))}</ul>`}`,
    });
  });
  app.post("/admin/reports/:id/resolve", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    await resolveReport(c.get("ctx"), user, c.req.param("id"));
    return c.redirect("/admin/reports?done=resolved", 303);
  });
  return app;
}
