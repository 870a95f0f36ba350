import type { EntryView } from "../../domain/entries/index.ts";
import { paths } from "../urls.ts";
import { entryName } from "../views/labels.ts";

/** What every feed format is written from: absolute URLs, plain and HTML text. */
export interface FeedPerson {
  name: string;
  url: string;
  avatarUrl?: string;
}

export interface FeedItem {
  /** The entry's permalink: its stable id too. */
  url: string;
  title: string;
  /** Sanitized HTML with absolute links. */
  contentHtml: string;
  summary: string;
  published: Date;
  updated: Date;
  tags: string[];
  author: FeedPerson;
  /** What a link entry points at. */
  externalUrl: string | null;
  language: string;
}

export interface FeedDocument {
  title: string;
  description: string;
  /** The page the feed mirrors. */
  homeUrl: string;
  /** The feed's own URL in each format. */
  feedUrls: { atom: string; rss: string; json: string };
  /** The profile's language; absent for instance-wide (tag) feeds. */
  language?: string;
  updated: Date;
  author?: FeedPerson;
  items: FeedItem[];
}

/** Rewrites root-relative links in our HTML (hashtags, avatars) to absolute ones. */
export function absolutizeHtml(html: string, origin: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${origin}/`);
}

/** Entries (public ones: the caller asked as the anonymous viewer) as feed items. */
export function feedItems(entries: readonly EntryView[], origin: string): FeedItem[] {
  return entries.map((entry) => {
    const url = origin + paths.entry(entry.author.handle, entry.id);
    const warning = entry.contentWarning
      ? `<p><strong>Content warning: ${escapeHtmlText(entry.contentWarning)}</strong></p>`
      : "";
    return {
      url,
      title: entryName(entry, 80),
      contentHtml: warning + absolutizeHtml(entry.bodyHtml, origin),
      summary: entry.contentWarning ? `Content warning: ${entry.contentWarning}` : entry.excerpt,
      published: entry.publishedAt ?? entry.createdAt,
      updated: entry.updatedAt,
      tags: entry.tags.map((tag) => tag.display),
      author: { name: entry.author.displayName, url: origin + paths.profile(entry.author.handle) },
      externalUrl: entry.linkUrl,
      language: entry.language,
    };
  });
}

function escapeHtmlText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The newest change among the items, or `fallback` for an empty feed. */
export function lastUpdated(items: readonly FeedItem[], fallback: Date): Date {
  return (
    items.reduce<Date | null>(
      (latest, item) => (!latest || item.updated > latest ? item.updated : latest),
      null,
    ) ?? fallback
  );
}
