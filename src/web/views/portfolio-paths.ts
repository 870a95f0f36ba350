import { paths } from "../urls.ts";
import type { FeedFormat } from "./entry-paths.ts";

/** Paths of portfolio, share-link and skill pages, in one place. */

const portfolio = (handle: string, slug: string) =>
  `${paths.profile(handle)}/portfolios/${encodeURIComponent(slug)}`;
const shared = (token: string) => `/s/${encodeURIComponent(token)}`;

export type ExportKind = "print" | "pdf" | "zip";

const EXPORT_SUFFIX: Record<ExportKind, string> = {
  print: "/print",
  pdf: "/export.pdf",
  zip: "/export.zip",
};

export const portfolioPaths = {
  mine: "/portfolios",
  create: "/portfolios/new",
  pinned: "/settings/pinned",
  list: (handle: string) => `${paths.profile(handle)}/portfolios`,
  page: portfolio,
  edit: (handle: string, slug: string) => `${portfolio(handle, slug)}/edit`,
  feed: (handle: string, slug: string, format: FeedFormat) =>
    `${portfolio(handle, slug)}/feed.${format}`,
  cover: (handle: string, slug: string) => `${portfolio(handle, slug)}/cover.webp`,
  export: (handle: string, slug: string, kind: ExportKind) =>
    portfolio(handle, slug) + EXPORT_SUFFIX[kind],
  shared,
  sharedCover: (token: string) => `${shared(token)}/cover.webp`,
  sharedExport: (token: string, kind: ExportKind) => shared(token) + EXPORT_SUFFIX[kind],
};

const skill = (handle: string, slug: string) =>
  `${paths.profile(handle)}/skills/${encodeURIComponent(slug)}`;

export const skillPaths = {
  mine: "/settings/skills",
  tagTypes: "/settings/tags",
  page: skill,
  edit: (handle: string, slug: string) => `${skill(handle, slug)}/edit`,
};
