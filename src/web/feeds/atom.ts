import type { FeedDocument, FeedPerson } from "./model.ts";
import { type Xml, xml } from "./xml.ts";

export const ATOM_TYPE = "application/atom+xml; charset=utf-8";

function person(tag: "author", p: FeedPerson): Xml {
  return xml`<${tag}><name>${p.name}</name><uri>${p.url}</uri></${tag}>`;
}

/** Atom 1.0 (RFC 4287). */
export function atomFeed(feed: FeedDocument): string {
  const entries = feed.items.map(
    (item) => xml`
  <entry>
    <id>${item.url}</id>
    <title type="text">${item.title}</title>
    <link rel="alternate" type="text/html" href="${item.url}"/>${
      item.externalUrl
        ? xml`
    <link rel="related" href="${item.externalUrl}"/>`
        : ""
    }
    <published>${item.published.toISOString()}</published>
    <updated>${item.updated.toISOString()}</updated>
    ${person("author", item.author)}${item.tags.map(
      (tag) => xml`
    <category term="${tag.toLowerCase()}" label="${tag}"/>`,
    )}
    <summary type="text">${item.summary}</summary>
    <content type="html" xml:lang="${item.language}">${item.contentHtml}</content>
  </entry>`,
  );
  return xml`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"${feed.language ? xml` xml:lang="${feed.language}"` : ""}>
  <id>${feed.homeUrl}</id>
  <title type="text">${feed.title}</title>
  <subtitle type="text">${feed.description}</subtitle>
  <updated>${feed.updated.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${feed.feedUrls.atom}"/>
  <link rel="alternate" type="text/html" href="${feed.homeUrl}"/>
  ${feed.author ? person("author", feed.author) : ""}
  <generator>Outloud</generator>${entries}
</feed>
`.text;
}
