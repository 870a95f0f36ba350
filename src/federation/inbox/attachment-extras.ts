import type { Object as APObject } from "@fedify/fedify/vocab";
import { isNode, type MediaExtras } from "../object-media-extras.ts";

type Json = Record<string, unknown>;
const listOf = (value: unknown): unknown[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

/** Blurhash's base-83 alphabet; 6 characters for 1×1 components up to 166 for 9×9. */
const BLURHASH = /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,166}$/;

const TOOT = "http://joinmastodon.org/ns#";
const AS = "https://www.w3.org/ns/activitystreams#";

/**
 * A property's value however the JSON we hold spells it: compact with the
 * term (Mastodon, GoToSocial, us), prefixed, or under its full IRI (what
 * Fedify's inbox keeps after it compacts a signed activity with its own
 * context), or expanded (`[{"@value": …}]`, what Fedify keeps of items inside
 * a collection page).
 */
function propertyOf(node: Json, term: string, namespace: string): unknown {
  const prefix = namespace === TOOT ? "toot" : "as";
  const value = node[term] ?? node[`${prefix}:${term}`] ?? node[`${namespace}${term}`];
  const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return isNode(single) && "@value" in single ? single["@value"] : single;
}

function blurhashOf(node: Json): string | null {
  const text = propertyOf(node, "blurhash", TOOT);
  return typeof text === "string" && BLURHASH.test(text) ? text : null;
}

/** `[x, y]`, both in -1..1; a list may come as `{"@list": [x, y]}` once expanded. */
function focalPointOf(node: Json): [number, number] | null {
  const value = propertyOf(node, "focalPoint", TOOT);
  const list = isNode(value) ? value["@list"] : value;
  if (!Array.isArray(list) || list.length !== 2) return null;
  const [x, y] = list.map((n) => (isNode(n) ? n["@value"] : n));
  const inRange = (n: unknown): n is number =>
    typeof n === "number" && Number.isFinite(n) && n >= -1 && n <= 1;
  return inRange(x) && inRange(y) ? [x, y] : null;
}

/** The first http(s) URL of an attachment: a string, a Link (`href`) or a node (`@id`). */
function urlOf(node: Json): string | null {
  for (const item of listOf(node.url ?? node[`${AS}url`])) {
    const href = isNode(item) ? (item.href ?? item["@id"] ?? propertyOf(item, "href", AS)) : item;
    const text = isNode(href) ? href["@id"] : href;
    if (typeof text === "string" && URL.canParse(text)) return new URL(text).href;
  }
  return null;
}

const idOf = (node: Json) => node.id ?? node["@id"];

/**
 * The blurhashes and focal points (Mastodon's extensions: FEDERATION.md) of
 * a post's attachments, by URL. Fedify's vocabulary drops them, so they are
 * read from the JSON as received: the activity's, which embeds the post, or
 * the post's own when it was fetched on its own (Fedify keeps both).
 */
export async function receivedMediaExtras(
  object: APObject,
  activity?: { toJsonLd(): Promise<unknown> },
): Promise<Map<string, MediaExtras>> {
  const found = new Map<string, MediaExtras>();
  const sent = activity ? await activity.toJsonLd() : null;
  const inner = isNode(sent) ? listOf(sent.object ?? sent[`${AS}object`])[0] : null;
  const embedded = isNode(inner) && idOf(inner) === object.id?.href ? inner : null;
  // Not embedded: the post was fetched on its own, and its own JSON is as received.
  const node = embedded ?? (await object.toJsonLd());
  if (!isNode(node)) return found;
  for (const attachment of listOf(node.attachment ?? node[`${AS}attachment`])) {
    if (!isNode(attachment)) continue;
    const url = urlOf(attachment);
    const extras = { blurhash: blurhashOf(attachment), focalPoint: focalPointOf(attachment) };
    if (url && (extras.blurhash || extras.focalPoint)) found.set(url, extras);
  }
  return found;
}
