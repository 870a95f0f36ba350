import { type Context, Hono } from "hono";
import type { MediaFile } from "../../../domain/media/index.ts";
import {
  coverBytes,
  openShareLink,
  type PortfolioView,
  portfolioForViewer,
  portfolioMediaFile,
  sharedPortfolio,
} from "../../../domain/portfolios/index.ts";
import type { AppEnv } from "../../env.ts";
import { exportDocument, toHtmlString } from "../../exports/document.ts";
import { portfolioPdf } from "../../exports/pdf.ts";
import { portfolioZip } from "../../exports/zip.ts";
import { type ExportKind, portfolioPaths } from "../../views/portfolio-paths.ts";
import { handleOf, originOf, viewerOf } from "../entries/request.ts";
import { PORTFOLIO, privatePageHeaders, SHARED, slugOf, tokenOf } from "./request.ts";

/**
 * Exports of a portfolio: a print page, a PDF and a static-site zip. Each is
 * made from the same view the page uses, for the same viewer, so an export
 * holds exactly what that viewer may see of the portfolio — never more.
 */

/** Where one portfolio's files are, for the viewer who asked: its address or its share link. */
interface Place {
  base: string;
  cover: string;
  media: (id: string, file: string) => Promise<MediaFile | null>;
}

async function exportResponse(
  c: Context<AppEnv>,
  kind: ExportKind,
  portfolio: PortfolioView,
  place: Place,
): Promise<Response> {
  const ctx = c.get("ctx");
  const exportedAt = ctx.now();
  if (portfolio.audience !== "public" || portfolio.viaShareLink) {
    c.header("Cache-Control", "private, no-store");
  }
  if (kind === "print") {
    const page = exportDocument(portfolio, {
      stylesheet: "/static/portfolio-export.css",
      coverSrc: portfolio.cover ? place.cover : null,
      entryHref: () => null,
      mediaBase: `${place.base}/`,
      exportedAt,
    });
    return c.html(await toHtmlString(page));
  }
  const filename = `${portfolio.slug}.${kind}`;
  c.header("Content-Disposition", `attachment; filename="${filename}"`);
  if (kind === "pdf") {
    const cover = portfolio.cover ? await coverBytes(ctx, portfolio.cover.key, "jpeg") : null;
    const pdf = await portfolioPdf(portfolio, { cover, exportedAt });
    return c.body(new Uint8Array(pdf), 200, { "Content-Type": "application/pdf" });
  }
  const cover = portfolio.cover ? await coverBytes(ctx, portfolio.cover.key) : null;
  const zip = await portfolioZip(portfolio, {
    origin: originOf(c),
    cover,
    exportedAt,
    media: place.media,
  });
  return c.body(zip.slice(), 200, { "Content-Type": "application/zip" });
}

const KINDS: Record<ExportKind, string> = {
  print: "/print",
  pdf: "/export.pdf",
  zip: "/export.zip",
};

export function portfolioExportRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const [kind, suffix] of Object.entries(KINDS) as [ExportKind, string][]) {
    app.get(PORTFOLIO + suffix, async (c) => {
      const ctx = c.get("ctx");
      const viewer = viewerOf(c);
      const portfolio = await portfolioForViewer(ctx, viewer, handleOf(c), slugOf(c));
      const { handle } = portfolio.owner;
      return exportResponse(c, kind, portfolio, {
        base: portfolioPaths.page(handle, portfolio.slug),
        cover: portfolioPaths.cover(handle, portfolio.slug),
        media: (id, file) => portfolioMediaFile(ctx, viewer, handle, portfolio.slug, id, file),
      });
    });
    app.get(SHARED + suffix, async (c) => {
      privatePageHeaders(c);
      const ctx = c.get("ctx");
      const token = tokenOf(c);
      const grant = await openShareLink(ctx, viewerOf(c), token);
      const portfolio = await sharedPortfolio(ctx, grant);
      return exportResponse(c, kind, portfolio, {
        base: portfolioPaths.shared(token),
        cover: portfolioPaths.sharedCover(token),
        media: (id, file) =>
          portfolioMediaFile(ctx, grant.viewer, grant.handle, grant.slug, id, file),
      });
    });
  }
  return app;
}
