import fs from "node:fs";
import { strToU8, type Zippable, zipSync } from "fflate";
import { html } from "hono/html";
import type { MediaFile } from "../../domain/media/index.ts";
import type { PortfolioView } from "../../domain/portfolios/index.ts";
import { atomFeed } from "../feeds/atom.ts";
import { jsonFeed } from "../feeds/json-feed.ts";
import { type FeedDocument, feedItems, lastUpdated } from "../feeds/model.ts";
import { paths } from "../urls.ts";
import { entryName } from "../views/labels.ts";
import { allItems } from "../views/portfolio-items.ts";
import { exportDocument, exportEntryDocument, toHtmlString } from "./document.ts";
import { localizedPortfolio } from "./localize.ts";

/**
 * The static-site export: a zip that opens from disk and can be hosted
 * anywhere. Every link and resource is relative and inside the zip:
 *
 *   index.html            the portfolio
 *   entries/<id>.html     each entry on its own page
 *   style.css             the export stylesheet
 *   cover.webp            the cover, when there is one
 *   media/<id>/<file>     the photos, audio and video the pages show (up to a size cap)
 *   feed.xml, feed.json   Atom and JSON Feed of the entries
 */

export const EXPORT_STYLESHEET = fs.readFileSync(
  new URL("../static/portfolio-export.css", import.meta.url),
);

const entryFile = (id: string) => `${id}.html`;

function feedDocument(portfolio: PortfolioView, origin: string, exportedAt: Date): FeedDocument {
  const items = allItems(portfolio);
  const feed = feedItems(
    items.map((item) => item.entry),
    origin,
  ).map((entry, i) => ({ ...entry, url: `entries/${entryFile(items[i]?.entry.id ?? "")}` }));
  return {
    title: portfolio.title,
    description: portfolio.summary || `A portfolio by ${portfolio.owner.displayName}`,
    homeUrl: "index.html",
    feedUrls: { atom: "feed.xml", rss: "feed.xml", json: "feed.json" },
    updated: lastUpdated(feed, exportedAt),
    author: {
      name: portfolio.owner.displayName,
      url: origin + paths.profile(portfolio.owner.handle),
    },
    items: feed,
  };
}

/** Media bytes a zip carries at most; past it, files are left out (the pages say so by a broken image). */
export const MAX_ZIP_MEDIA_BYTES = 200 * 1024 * 1024;

type MediaSource = (id: string, file: string) => Promise<MediaFile | null>;

async function bytesOf(file: MediaFile): Promise<Uint8Array | null> {
  const stream = await file.read();
  if (!stream) return null;
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The media files the pages reference (`media/<id>/<file>`), read for the same viewer. */
async function mediaFiles(pages: readonly string[], source: MediaSource): Promise<Zippable> {
  const wanted = new Set<string>();
  for (const page of pages) {
    for (const match of page.matchAll(/media\/([0-9a-f-]{36})\/([a-z]+\.[a-z0-9]+)/g)) {
      wanted.add(`${match[1]}/${match[2]}`);
    }
  }
  const folders: Record<string, Zippable> = {};
  let total = 0;
  for (const path of wanted) {
    const [id = "", name = ""] = path.split("/");
    const file = await source(id, name);
    if (!file || total + file.bytes > MAX_ZIP_MEDIA_BYTES) continue;
    const data = await bytesOf(file);
    if (!data) continue;
    total += data.byteLength;
    folders[id] ??= {};
    (folders[id] as Zippable)[name] = data;
  }
  return folders;
}

export async function portfolioZip(
  original: PortfolioView,
  options: { origin: string; cover: Uint8Array | null; exportedAt: Date; media: MediaSource },
): Promise<Uint8Array> {
  const portfolio = localizedPortfolio(original);
  const mtime = options.exportedAt;
  const file = (data: Uint8Array): [Uint8Array, { mtime: Date }] => [data, { mtime }];
  const entries: Zippable = {};
  const pages: string[] = [];
  for (const item of allItems(portfolio)) {
    const page = exportEntryDocument(portfolio, item, {
      stylesheet: "../style.css",
      home: "../index.html",
      title: entryName(item.entry),
      mediaBase: "../",
    });
    const markup = await toHtmlString(page);
    pages.push(markup);
    entries[entryFile(item.entry.id)] = file(strToU8(markup));
  }
  const index = exportDocument(portfolio, {
    stylesheet: "style.css",
    coverSrc: portfolio.cover && options.cover ? "cover.webp" : null,
    entryHref: (item) => `entries/${entryFile(item.entry.id)}`,
    mediaBase: "",
    head: html`<link rel="alternate" type="application/atom+xml" title="${portfolio.title} (Atom)" href="feed.xml">
<link rel="alternate" type="application/feed+json" title="${portfolio.title} (JSON Feed)" href="feed.json">`,
    footer: html`<p class="small">Feeds: <a href="feed.xml">Atom</a> · <a href="feed.json">JSON Feed</a></p>`,
    exportedAt: options.exportedAt,
  });
  const feed = feedDocument(portfolio, options.origin, options.exportedAt);
  const indexMarkup = await toHtmlString(index);
  const files: Zippable = {
    "index.html": file(strToU8(indexMarkup)),
    "style.css": file(new Uint8Array(EXPORT_STYLESHEET)),
    "feed.xml": file(strToU8(atomFeed(feed))),
    "feed.json": file(strToU8(jsonFeed(feed))),
    entries,
    media: await mediaFiles([indexMarkup, ...pages], options.media),
  };
  if (portfolio.cover && options.cover) files["cover.webp"] = file(options.cover);
  return zipSync(files, { level: 6 });
}
