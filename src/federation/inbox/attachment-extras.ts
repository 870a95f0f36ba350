import type { Object as APObject } from "@fedify/fedify/vocab";
import { isNode, type MediaExtras } from "../object-media-extras.ts";

type Json = Record<string, unknown>;
const listOf = (value: unknown): unknown[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

/** Blurhash's base-83 alphabet; 6 characters for 1×1 components up to 166 for 9×9. */
const BLURHASH = /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,166}$/;

const TOOT = "http://joinmastodon.org/ns#";

/**
 * A Mastodon extension's value in compact JSON-LD: the term (Mastodon,
 * GoToSocial, us), the prefixed or the full IRI (what Fedify's inbox keeps
 * after it compacts a signed activity with its own context).
 */
const tootValue = (node: Json, term: string) =>
  node[term] ?? node[`toot:${term}`] ?? node[`${TOOT}${term}`];

function blurhashOf(node: Json): string | null {
  const text = tootValue(node, "blurhash");
  return typeof text === "string" && BLURHASH.test(text) ? text : null;
}

/** `[x, y]`, both in -1..1; a list may come as `{"@list": [x, y]}` once expanded. */
function focalPointOf(node: Json): [number, number] | null {
  const value = tootValue(node, "focalPoint");
  const list = isNode(value) ? value["@list"] : value;
  if (!Array.isArray(list) || list.length !== 2) return null;
  const [x, y] = list.map((n) => (isNode(n) ? n["@value"] : n));
  const inRange = (n: unknown): n is number =>
    typeof n === "number" && Number.isFinite(n) && n >= -1 && n <= 1;
  return inRange(x) && inRange(y) ? [x, y] : null;
}

function urlOf(node: Json): string | null {
  for (const item of listOf(node.url)) {
    const href = isNode(item) ? item.href : item;
    if (typeof href === "string" && URL.canParse(href)) return new URL(href).href;
  }
  return null;
}

/**
 * The blurhashes and focal points (Mastodon's extensions: FEDERATION.md) of
 * a post's attachments, by URL. Fedify's vocabulary drops them, so they are read from
 * the JSON the sender signed: the activity's, which embeds the post, or the
 * post's own when it was fetched on its own (Fedify keeps both as received).
 */
export async function receivedMediaExtras(
  object: APObject,
  activity?: { toJsonLd(): Promise<unknown> },
): Promise<Map<string, MediaExtras>> {
  const found = new Map<string, MediaExtras>();
  const sent = activity ? await activity.toJsonLd() : null;
  const embedded = isNode(sent) && isNode(sent.object) ? sent.object : null;
  // Not embedded: the post was fetched on its own, and its own JSON is as received.
  const node = embedded?.id === object.id?.href ? embedded : await object.toJsonLd();
  if (!isNode(node)) return found;
  for (const attachment of listOf(node.attachment)) {
    if (!isNode(attachment)) continue;
    const url = urlOf(attachment);
    const extras = { blurhash: blurhashOf(attachment), focalPoint: focalPointOf(attachment) };
    if (url && (extras.blurhash || extras.focalPoint)) found.set(url, extras);
  }
  return found;
}
