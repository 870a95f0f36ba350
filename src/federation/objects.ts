import type { Context, Federation, RequestContext } from "@fedify/fedify";
import {
  Object as APObject,
  type Article,
  Audio,
  Document,
  Hashtag,
  Image,
  LanguageString,
  Mention,
  type Note,
  PUBLIC_COLLECTION,
  Video,
} from "@fedify/fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Ctx } from "../domain/context.ts";
import type { EntryView } from "../domain/entries/index.ts";
import {
  type EntryReferences,
  entryForFederation,
  NO_REFERENCES,
  referencesOf,
  viewerForActorUri,
} from "../domain/federation/index.ts";
import type { MediaView } from "../domain/media/index.ts";
import { MediaArticle, MediaNote, withMediaExtras } from "./object-media-extras.ts";
import { pagePaths } from "./paths.ts";

const instant = (date: Date) => Temporal.Instant.from(date.toISOString());

/** The entry's permalink: also its ActivityPub id. */
export function entryUri(fed: Context<Ctx>, handle: string, entryId: string): URL {
  return new URL(pagePaths.entry(handle, entryId), fed.data.config.publicUrl);
}

/**
 * Who an entry is addressed to, from its audience: a direct entry to the
 * actors it mentions only (never Public, never followers); otherwise the
 * audience's collections, with the mentioned actors and the replied-to
 * author in `cc`.
 */
export function addressing(
  fed: Context<Ctx>,
  entry: Pick<EntryView, "audience" | "author">,
  refs: EntryReferences,
) {
  const self = fed.getActorUri(entry.author.handle).href;
  const people = [...refs.mentions.map((m) => m.uri), refs.inReplyTo?.authorUri ?? self];
  const named = [...new Set(people)].filter((uri) => uri !== self).map((uri) => new URL(uri));
  const followers = fed.getFollowersUri(entry.author.handle);
  if (entry.audience === "direct") {
    const mentioned = new Set(refs.mentions.map((m) => m.uri));
    return { tos: named.filter((uri) => mentioned.has(uri.href)), ccs: [] };
  }
  if (entry.audience === "public") return { tos: [PUBLIC_COLLECTION], ccs: [followers, ...named] };
  if (entry.audience === "unlisted") {
    return { tos: [followers], ccs: [PUBLIC_COLLECTION, ...named] };
  }
  return { tos: [followers], ccs: named };
}

/** A tag as a `Hashtag` linking to our tag page. */
export function hashtagOf(fed: Context<Ctx>, display: string): Hashtag {
  const href = new URL(pagePaths.tag(display), fed.data.config.publicUrl);
  return new Hashtag({ href, name: `#${display}` });
}

/** The hashtag that marks a reply as a question (`#question`; the inbox reads it back). */
export const QUESTION_TAG = "question";

/** `working-on` → `#WorkingOn`: the entry's prompt, readable as a hashtag elsewhere. */
function promptTag(prompt: string): string {
  return prompt
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** Hashtags (its own, its prompt's, `#question` for a question) and mentions. */
function tagsOf(fed: Context<Ctx>, entry: EntryView, refs: EntryReferences) {
  const names = entry.tags.map((tag) => tag.display);
  if (entry.prompt) names.push(promptTag(entry.prompt));
  if (refs.isQuestion) names.push(QUESTION_TAG);
  const unique = [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
  return [
    ...unique.map((name) => hashtagOf(fed, name)),
    ...refs.mentions.map((m) => new Mention({ href: new URL(m.uri), name: m.name })),
  ];
}

const ATTACHMENT_TYPES = { image: Image, video: Video, audio: Audio } as const;

/**
 * A ready photo, recording or video as an attachment (its alt text as
 * `name`), with its blurhash and focal point (src/federation/object-media-extras.ts).
 */
function attachmentOf(fed: Context<Ctx>, media: MediaView) {
  const variant =
    media.variants.display ??
    media.variants.video ??
    media.variants.audio ??
    media.variants.original;
  if (media.state !== "ready" || !variant) return [];
  const url = new URL(pagePaths.media(media.id, variant.file), fed.data.config.publicUrl);
  const values = {
    url,
    mediaType: variant.type,
    name: media.alt || null,
    width: variant.width ?? media.width,
    height: variant.height ?? media.height,
  };
  const Type = ATTACHMENT_TYPES[media.kind] ?? Document;
  const focused = media.focusX != null && media.focusY != null;
  return [
    withMediaExtras(new Type(values), url, {
      blurhash: media.blurhash,
      focalPoint: focused ? [media.focusX ?? 0, media.focusY ?? 0] : null,
    }),
  ];
}

/** The body as remote servers show it; a link entry leads with its link. */
function contentOf(entry: EntryView): string {
  if (!entry.linkUrl) return entry.bodyHtml;
  const href = entry.linkUrl.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<p><a href="${href}" rel="nofollow noopener noreferrer">${href}</a></p>${entry.bodyHtml}`;
}

/**
 * An entry as an ActivityPub object: `Article` for articles, `Note`
 * otherwise. `refs` (its parent, mentions, flags) come from `referencesOf`.
 */
export function objectOf(
  fed: Context<Ctx>,
  entry: EntryView,
  refs: EntryReferences = NO_REFERENCES,
): Note | Article {
  const warned = entry.contentWarning !== "";
  const published = entry.publishedAt ?? entry.createdAt;
  const content = contentOf(entry);
  const values = {
    id: entryUri(fed, entry.author.handle, entry.id),
    attribution: fed.getActorUri(entry.author.handle),
    ...addressing(fed, entry, refs),
    // `content` plus `contentMap` in the entry's language.
    contents: entry.language ? [content, new LanguageString(content, entry.language)] : [content],
    url: entryUri(fed, entry.author.handle, entry.id),
    replyTarget: refs.inReplyTo ? new URL(refs.inReplyTo.uri) : null,
    published: instant(published),
    updated: entry.updatedAt > published ? instant(entry.updatedAt) : null,
    sensitive: warned || refs.sensitive,
    tags: tagsOf(fed, entry, refs),
    attachments: entry.media.flatMap((media) => attachmentOf(fed, media)),
  };
  if (entry.kind === "article") {
    return new MediaArticle({
      ...values,
      name: entry.title || null,
      summary: warned ? entry.contentWarning : entry.excerpt || null,
    });
  }
  return new MediaNote({ ...values, summary: warned ? entry.contentWarning : null });
}

async function visibleEntry(fed: RequestContext<Ctx>, handle: string, id: string) {
  // A signature we cannot verify (or none) leaves the anonymous visitor.
  const owner = await fed.getSignedKeyOwner().catch(() => null);
  const viewer = await viewerForActorUri(fed.data, owner?.id?.href ?? null);
  const entry = await entryForFederation(fed.data, viewer, handle, id);
  return entry && entry.author.handle === handle ? entry : null;
}

/**
 * Entries at their permalinks. Visibility goes through `entryVisibleTo`: an
 * unsigned fetch is an anonymous visitor; a fetch signed by a known remote
 * actor is that actor (so a follower sees followers-only entries).
 */
export function setupObjects(federation: Federation<Ctx>) {
  // One dispatcher for both types: Note and Article share the permalink path.
  federation.setObjectDispatcher(APObject, "/@{identifier}/{id}", async (fed, values) => {
    const entry = await visibleEntry(fed, values.identifier, values.id);
    return entry ? objectOf(fed, entry, await referencesOf(fed.data, entry.id)) : null;
  });
}
