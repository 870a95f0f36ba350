import { type Context, Hono } from "hono";
import { html } from "hono/html";
import {
  coverBytes,
  openShareLink,
  type PortfolioView,
  portfolioCoverFor,
  portfolioForViewer,
  portfolioMediaFile,
  type ShareGrant,
  sharedPortfolio,
  shareLinksOf,
} from "../../../domain/portfolios/index.ts";
import type { AppEnv } from "../../env.ts";
import { renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { feedLinks, socialMeta } from "../../views/meta.ts";
import { type PortfolioLinks, portfolioPage } from "../../views/portfolio-page.ts";
import { portfolioPaths } from "../../views/portfolio-paths.ts";
import { portfolioSearchBox } from "../../views/search-form.ts";
import { handleOf, originOf, viewerOf } from "../entries/request.ts";
import { serveFile } from "../media/serve.ts";
import { PORTFOLIO, privatePageHeaders, SHARED, slugOf, tokenOf } from "./request.ts";

/** Links of a portfolio page reached by its address. */
function addressLinks(portfolio: PortfolioView): PortfolioLinks {
  const { handle } = portfolio.owner;
  const { slug } = portfolio;
  return {
    cover: portfolio.cover ? portfolioPaths.cover(handle, slug) : null,
    exports: {
      print: portfolioPaths.export(handle, slug, "print"),
      pdf: portfolioPaths.export(handle, slug, "pdf"),
      zip: portfolioPaths.export(handle, slug, "zip"),
    },
    feed: portfolio.audience === "public" ? (f) => portfolioPaths.feed(handle, slug, f) : null,
    edit: portfolio.isOwner ? portfolioPaths.edit(handle, slug) : null,
  };
}

/** Links of a portfolio page reached by a share link: all under the link itself. */
function sharedLinks(portfolio: PortfolioView, token: string): PortfolioLinks {
  return {
    cover: portfolio.cover ? portfolioPaths.sharedCover(token) : null,
    exports: {
      print: portfolioPaths.sharedExport(token, "print"),
      pdf: portfolioPaths.sharedExport(token, "pdf"),
      zip: portfolioPaths.sharedExport(token, "zip"),
    },
    feed: null,
    edit: null,
  };
}

function coverResponse(c: Context<AppEnv>, data: Buffer | null) {
  if (!data) return c.notFound();
  c.header("Cache-Control", "private, max-age=300");
  return c.body(new Uint8Array(data), 200, { "Content-Type": "image/webp" });
}

/**
 * `/@handle/portfolios/<slug>`: the portfolio as this viewer may see it; and
 * `/s/<token>`: the same portfolio through a share link (counted, never cached).
 */
export function portfolioPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(PORTFOLIO, async (c) => {
    const ctx = c.get("ctx");
    const viewer = viewerOf(c);
    const portfolio = await portfolioForViewer(ctx, viewer, handleOf(c), slugOf(c));
    const links = addressLinks(portfolio);
    const user = c.get("user");
    const activeLinks =
      portfolio.isOwner && user
        ? (await shareLinksOf(ctx, user, portfolio.id)).filter((l) => l.state === "active").length
        : 0;
    const url = originOf(c) + portfolioPaths.page(portfolio.owner.handle, portfolio.slug);
    const description = portfolio.summary || `A portfolio by ${portfolio.owner.displayName}`;
    const head = html`${socialMeta({
      title: portfolio.title,
      description,
      url,
      type: "website",
      image: links.cover && portfolio.audience === "public" ? originOf(c) + links.cover : null,
      noindex: portfolio.audience !== "public",
    })}${links.feed ? feedLinks(portfolio.title, links.feed) : ""}`;
    if (portfolio.isOwner) c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: portfolio.title,
      description,
      head,
      wide: portfolio.layout === "grid",
      body: html`${portfolioPage(
        portfolio,
        links,
        {
          entryHref: (item) =>
            item.ownLink ? paths.entry(portfolio.owner.handle, item.entry.id) : null,
          showAudience: portfolio.isOwner,
          mediaBase: `${portfolioPaths.page(portfolio.owner.handle, portfolio.slug)}/`,
        },
        activeLinks,
      )}${
        // in: matches portfolios the viewer may see listed: not an unlisted one (src/domain/search).
        portfolio.audience !== "unlisted" || portfolio.isOwner
          ? portfolioSearchBox(portfolio.owner.handle, portfolio.slug)
          : ""
      }`,
    });
  });

  app.get(`${PORTFOLIO}/cover.webp`, async (c) => {
    const ctx = c.get("ctx");
    const cover = await portfolioCoverFor(ctx, viewerOf(c), handleOf(c), slugOf(c));
    return coverResponse(c, await coverBytes(ctx, cover.key));
  });

  app.get(SHARED, async (c) => {
    const ctx = c.get("ctx");
    privatePageHeaders(c);
    const token = tokenOf(c);
    const grant = await openShareLink(ctx, viewerOf(c), token, { countView: true });
    const portfolio = await sharedPortfolio(ctx, grant);
    return renderPage(c, {
      title: portfolio.title,
      head: html`<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">`,
      wide: portfolio.layout === "grid",
      body: portfolioPage(portfolio, sharedLinks(portfolio, token), {
        // The link opens this portfolio only: entries are shown whole, here.
        entryHref: () => null,
        showAudience: false,
        mediaBase: `${portfolioPaths.shared(token)}/`,
      }),
    });
  });

  app.get(`${SHARED}/cover.webp`, async (c) => {
    const ctx = c.get("ctx");
    privatePageHeaders(c);
    const grant: ShareGrant = await openShareLink(ctx, viewerOf(c), tokenOf(c));
    const cover = await portfolioCoverFor(ctx, grant.viewer, grant.handle, grant.slug);
    return coverResponse(c, await coverBytes(ctx, cover.key));
  });

  app.get(`${PORTFOLIO}/media/:id/:file`, async (c) => {
    const file = await portfolioMediaFile(
      c.get("ctx"),
      viewerOf(c),
      handleOf(c),
      slugOf(c),
      c.req.param("id"),
      c.req.param("file"),
    );
    return file ? serveFile(c, file) : c.notFound();
  });

  app.get(`${SHARED}/media/:id/:file`, async (c) => {
    const ctx = c.get("ctx");
    privatePageHeaders(c);
    const grant = await openShareLink(ctx, viewerOf(c), tokenOf(c));
    const file = await portfolioMediaFile(
      ctx,
      grant.viewer,
      grant.handle,
      grant.slug,
      c.req.param("id"),
      c.req.param("file"),
    );
    return file ? serveFile(c, file) : c.notFound();
  });

  return app;
}
