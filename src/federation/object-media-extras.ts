import { Activity, Object as APObject, Article, Create, Note, Update } from "@fedify/fedify/vocab";

/**
 * Mastodon's extensions on attachments: a blurhash drawn while the file loads
 * and the focal point to crop around. Fedify's vocabulary has neither and
 * drops properties it does not know, so the outermost object we serialize
 * adds them to its own compact JSON-LD, with these terms in its `@context`.
 * Fedify signs (HTTP, Linked Data and object integrity proofs) what
 * `toJsonLd` returns, so the extras are inside every signature.
 */
export const MEDIA_EXTRAS_CONTEXT = {
  toot: "http://joinmastodon.org/ns#",
  blurhash: "toot:blurhash",
  focalPoint: { "@container": "@list", "@id": "toot:focalPoint" },
};

export interface MediaExtras {
  blurhash: string | null;
  /** x, y in -1..1 (Mastodon's `focus`); null when the author set none. */
  focalPoint: [number, number] | null;
}

/** Each attachment we built, by instance: Fedify shares attachments between clones. */
const extrasOf = new WeakMap<object, MediaExtras & { url: string }>();

/** Remembers an attachment's extras (its `url` is how its JSON is found again). */
export function withMediaExtras<T extends object>(attachment: T, url: URL, extras: MediaExtras): T {
  if (extras.blurhash || extras.focalPoint) extrasOf.set(attachment, { ...extras, url: url.href });
  return attachment;
}

async function extrasByUrl(object: APObject): Promise<Map<string, MediaExtras>> {
  const found = new Map<string, MediaExtras>();
  // Our activities always embed their object: nothing is fetched here.
  const inner = object instanceof Activity ? await object.getObject() : object;
  if (!(inner instanceof APObject)) return found;
  for await (const attachment of inner.getAttachments()) {
    const extras = extrasOf.get(attachment);
    if (extras) found.set(extras.url, extras);
  }
  return found;
}

type Json = Record<string, unknown>;
/** A JSON object (a JSON-LD node), not an array. */
export const isNode = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The node's attachments as a list (Fedify would wrap a lone one anyway), each with its extras. */
function attachmentsWithExtras(node: Json, extras: Map<string, MediaExtras>): unknown[] {
  const list = Array.isArray(node.attachment) ? node.attachment : [node.attachment];
  return list.map((item) => {
    const found = isNode(item) && typeof item.url === "string" ? extras.get(item.url) : undefined;
    if (!isNode(item) || !found) return item;
    return {
      ...item,
      ...(found.blurhash ? { blurhash: found.blurhash } : {}),
      ...(found.focalPoint ? { focalPoint: found.focalPoint } : {}),
    };
  });
}

/** A copy of compact JSON-LD with the extras on its (or its object's) attachments. */
function addExtras(json: unknown, extras: Map<string, MediaExtras>): unknown {
  if (extras.size === 0 || !isNode(json) || !("@context" in json)) return json;
  const withAttachments = (node: Json) =>
    node.attachment == null ? node : { ...node, attachment: attachmentsWithExtras(node, extras) };
  const context = Array.isArray(json["@context"]) ? json["@context"] : [json["@context"]];
  return {
    ...withAttachments(json),
    ...(isNode(json.object) ? { object: withAttachments(json.object) } : {}),
    "@context": [...context, MEDIA_EXTRAS_CONTEXT],
  };
}

/** Set on the options passed down: objects inside ours leave the extras to the outermost. */
const INSIDE = "outloudInsideMediaExtras";

type ToJsonLdOptions = Parameters<APObject["toJsonLd"]>[0];
// biome-ignore lint/suspicious/noExplicitAny: a mixin's constructor takes any arguments.
type ObjectClass = new (...args: any[]) => APObject;

function carryingMediaExtras<C extends ObjectClass>(Base: C) {
  return class extends Base {
    override async toJsonLd(options?: ToJsonLdOptions): Promise<unknown> {
      const inside = options != null && INSIDE in options;
      const json = await super.toJsonLd({ ...options, [INSIDE]: true } as ToJsonLdOptions);
      return inside ? json : addExtras(json, await extrasByUrl(this));
    }
  };
}

/** `Note`, `Article`, `Create` and `Update` that put their attachments' extras on the wire. */
export const MediaNote: typeof Note = carryingMediaExtras(Note);
export const MediaArticle: typeof Article = carryingMediaExtras(Article);
export const MediaCreate: typeof Create = carryingMediaExtras(Create);
export const MediaUpdate: typeof Update = carryingMediaExtras(Update);
