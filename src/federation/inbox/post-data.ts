import {
  type Object as APObject,
  Article,
  Audio,
  Document,
  Hashtag,
  Image,
  LanguageString,
  Link,
  Mention,
  Note,
  Page,
  PUBLIC_COLLECTION,
  Question,
  Video,
} from "@fedify/fedify/vocab";
import type { IncomingPost, RemoteAttachment } from "../../domain/federation/index.ts";
import type { MediaExtras } from "../object-media-extras.ts";
import { receivedMediaExtras } from "./attachment-extras.ts";
import { dateOf, type Fed, localHandlesIn } from "./shared.ts";

/** The object types kept as remote posts. */
export type PostObject = Note | Article | Question | Page;

export function isPostObject(object: unknown): object is PostObject {
  return (
    object instanceof Note ||
    object instanceof Article ||
    object instanceof Question ||
    object instanceof Page
  );
}

const MAX_TAGS = 64;
const MAX_ATTACHMENTS = 16;

/** Public, unlisted, followers-only or direct, read from an object's to/cc. */
function audienceOf(object: PostObject): IncomingPost["audience"] {
  const isPublic = (ids: URL[]) => ids.some((id) => id.href === PUBLIC_COLLECTION.href);
  if (isPublic(object.toIds)) return "public";
  if (isPublic(object.ccIds)) return "unlisted";
  const all = [...object.toIds, ...object.ccIds];
  return all.some((id) => id.pathname.endsWith("/followers")) ? "followers" : "direct";
}

function typeOf(object: PostObject): string {
  if (object instanceof Article) return "Article";
  if (object instanceof Question) return "Question";
  if (object instanceof Page) return "Page";
  return "Note";
}

/** Hashtag names (lower case, no `#`) and the URIs `Mention` tags name. */
async function tagsOf(fed: Fed, object: PostObject) {
  const hashtags = new Set<string>();
  const mentions: URL[] = [];
  let seen = 0;
  for await (const tag of object.getTags({ ...fed, suppressError: true })) {
    if (++seen > MAX_TAGS) break;
    if (tag instanceof Hashtag) {
      const name = tag.name?.toString().replace(/^#/, "").trim().toLowerCase();
      if (name) hashtags.add(name.slice(0, 100));
    } else if (tag instanceof Mention && tag.href) {
      mentions.push(tag.href);
    }
  }
  return { hashtags: [...hashtags], mentions };
}

function attachmentType(item: APObject): RemoteAttachment["type"] | null {
  if (item instanceof Image) return "image";
  if (item instanceof Video) return "video";
  if (item instanceof Audio) return "audio";
  if (item instanceof Document) return "document";
  return null;
}

/** Attachments as the remote server described them (http(s) URLs only). */
async function attachmentsOf(
  fed: Fed,
  object: PostObject,
  extras: Map<string, MediaExtras>,
): Promise<RemoteAttachment[]> {
  const list: RemoteAttachment[] = [];
  for await (const item of object.getAttachments({ ...fed, suppressError: true })) {
    if (list.length >= MAX_ATTACHMENTS) break;
    if (item instanceof Link) continue;
    const type = attachmentType(item as APObject);
    const document = item as Document;
    const url = document.url instanceof Link ? document.url.href : document.url;
    if (!type || !url || !/^https?:$/.test(url.protocol)) continue;
    list.push({
      type,
      url: url.href,
      mediaType: document.mediaType ?? null,
      name: document.name?.toString().slice(0, 1500) ?? "",
      width: document.width ?? null,
      height: document.height ?? null,
      blurhash: extras.get(url.href)?.blurhash ?? null,
      focalPoint: extras.get(url.href)?.focalPoint ?? null,
    });
  }
  return list;
}

/** The language the content is written in, when the object says (`contentMap`). */
function languageOf(object: PostObject): string | null {
  const tagged = object.contents.find((c) => c instanceof LanguageString);
  return tagged instanceof LanguageString ? tagged.locale.baseName : null;
}

/**
 * What we keep of a post object by `authorId` (content sanitized later, in
 * the domain). `activity`: the one that embedded it, for what Fedify drops.
 */
export async function incomingPost(
  fed: Fed,
  object: PostObject & { id: URL },
  authorId: string,
  activity?: APObject,
): Promise<IncomingPost> {
  const { hashtags, mentions } = await tagsOf(fed, object);
  const addressed = [
    ...object.toIds,
    ...object.ccIds,
    ...object.btoIds,
    ...object.bccIds,
    ...mentions,
  ];
  const url = object.url instanceof Link ? object.url.href : object.url;
  return {
    uri: object.id.href,
    authorId,
    type: typeOf(object),
    url: url?.href ?? null,
    name: object.name?.toString() ?? "",
    summary: object.summary?.toString() ?? "",
    contentHtml: object.content?.toString() ?? "",
    sensitive: object.sensitive ?? false,
    audience: audienceOf(object),
    publishedAt: dateOf(object.published),
    updatedAt: dateOf(object.updated),
    language: languageOf(object),
    tags: hashtags,
    attachments: await attachmentsOf(fed, object, await receivedMediaExtras(object, activity)),
    inReplyToUri: object.replyTargetId?.href ?? null,
    addressedHandles: localHandlesIn(fed, addressed),
  };
}
