import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { profileView } from "../../../domain/entries/index.ts";
import {
  createPortfolio,
  memberPortfolios,
  ownPortfolios,
} from "../../../domain/portfolios/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { portfolioFields } from "../../views/portfolio-forms.ts";
import { ownPortfolioCards, portfolioCards } from "../../views/portfolio-list.ts";
import { portfolioPaths } from "../../views/portfolio-paths.ts";
import {
  type Failure,
  failureOf,
  formProblem,
  formValues,
  type Values,
} from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { AT_HANDLE, handleOf, originOf, viewerOf } from "../entries/request.ts";
import { editorUrl } from "./editor.ts";

function newPortfolioPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  values: Values = {},
  failure?: Failure,
) {
  return renderPage(c, {
    title: "New portfolio",
    status: failure?.status ?? 200,
    body: html`<h1>New portfolio</h1>
<p class="lead">A portfolio shows chosen entries to one audience: an employer, a client, a course.</p>
${formProblem(failure?.message)}
<form method="post" action="${portfolioPaths.create}" class="stack">
  ${csrfField(c)}
  ${portfolioFields(values, failure?.fields ?? {}, `${originOf(c)}${portfolioPaths.list(user.handle)}/`)}
  <div class="actions"><button type="submit">Create portfolio</button></div>
</form>`,
  });
}

/** `/portfolios` (the member's own), `/portfolios/new`, and `/@handle/portfolios` (anyone's). */
export function portfolioManageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(portfolioPaths.mine, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const list = await ownPortfolios(c.get("ctx"), user);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Your portfolios",
      wide: true,
      head: html`<meta name="robots" content="noindex">`,
      body: html`<div class="page-heading">
  <h1>Your portfolios</h1>
  <a class="button" href="${portfolioPaths.create}">New portfolio</a>
</div>
${c.req.query("deleted") ? html`<p class="notice" role="status">The portfolio is deleted. Its entries are still in your journal.</p>` : ""}
<p class="muted">One portfolio per audience: “For design roles”, “Teaching 2026”. Each has its own audience and share links. <a href="${portfolioPaths.pinned}">Pinned entries</a> · <a href="/settings/skills">Skills</a></p>
${list.length > 0 ? ownPortfolioCards(list) : html`<p class="empty">No portfolios yet. Start one for the next application, client or course.</p>`}`,
    });
  });

  app.get(portfolioPaths.create, (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : newPortfolioPage(c, user);
  });

  app.post(portfolioPaths.create, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    try {
      const { slug } = await createPortfolio(c.get("ctx"), user, values);
      return c.redirect(editorUrl(user, slug, "created", "add"), 303);
    } catch (error) {
      return newPortfolioPage(c, user, values, failureOf(error));
    }
  });

  app.get(`${AT_HANDLE}/portfolios`, async (c) => {
    const ctx = c.get("ctx");
    const viewer = viewerOf(c);
    const profile = await profileView(ctx, viewer, handleOf(c));
    const list = await memberPortfolios(ctx, viewer, profile.id);
    return renderPage(c, {
      title: `Portfolios by ${profile.displayName}`,
      wide: true,
      body: html`<h1>Portfolios by <a href="${paths.profile(profile.handle)}">${profile.displayName}</a></h1>
${list.length > 0 ? portfolioCards(list) : html`<p class="empty">No portfolios to show.</p>`}`,
    });
  });

  return app;
}
