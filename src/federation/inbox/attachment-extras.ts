import type { Object as APObject } from "@fedify/fedify/vocab";
import { isNode } from "../object-media-extras.ts";

type Json = Record<string, unknown>;
const listOf = (value: unknown): unknown[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

/** Blurhash's base-83 alphabet; 6 characters for 1×1 components up to 166 for 9×9. */
const BLURHASH = /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,166}$/;

/**
 * An attachment's blurhash in compact JSON-LD: the term (Mastodon, GoToSocial,
 * us), the prefixed or the full IRI (what Fedify's inbox keeps after it
 * compacts a signed activity with its own context).
 */
function blurhashOf(node: Json): string | null {
  const text =
    node.blurhash ?? node["toot:blurhash"] ?? node["http://joinmastodon.org/ns#blurhash"];
  return typeof text === "string" && BLURHASH.test(text) ? text : null;
}

function urlOf(node: Json): string | null {
  for (const item of listOf(node.url)) {
    const href = isNode(item) ? item.href : item;
    if (typeof href === "string" && URL.canParse(href)) return new URL(href).href;
  }
  return null;
}

/**
 * The blurhashes (Mastodon's extension: FEDERATION.md) of a post's
 * attachments, by URL. Fedify's vocabulary drops them, so they are read from
 * the JSON the sender signed: the activity's, which embeds the post, or the
 * post's own when it was fetched on its own (Fedify keeps both as received).
 */
export async function receivedBlurhashes(
  object: APObject,
  activity?: { toJsonLd(): Promise<unknown> },
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const sent = activity ? await activity.toJsonLd() : null;
  const embedded = isNode(sent) && isNode(sent.object) ? sent.object : null;
  // Not embedded: the post was fetched on its own, and its own JSON is as received.
  const node = embedded?.id === object.id?.href ? embedded : await object.toJsonLd();
  if (!isNode(node)) return found;
  for (const attachment of listOf(node.attachment)) {
    if (!isNode(attachment)) continue;
    const url = urlOf(attachment);
    const blurhash = blurhashOf(attachment);
    if (url && blurhash) found.set(url, blurhash);
  }
  return found;
}
