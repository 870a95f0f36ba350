import { Activity, CryptographicKey } from "@fedify/vocab";

/**
 * Two memos around Fedify's JSON-LD parsing on the inbox's hot path. Fedify
 * offers no hook for either, so each wraps a static `fromJsonLd` once per
 * process. Both are pure: the same document in gives the same immutable object
 * out. docs/adr/0025-inbox-parse-memos.md
 *
 * - Public keys, by their exact JSON-LD. Fedify's key cache reads the key from
 *   our KV store on every request (we keep that read: a deleted key must stop
 *   working in every process at once) and then parses it and imports its PEM
 *   through WebCrypto again. A changed or rotated key is a different document
 *   and is parsed afresh.
 * - An activity, by the identity of its JSON object, for one request: Fedify
 *   parses each received activity once to look for object proofs and, when
 *   there are none, again after checking the HTTP signature, from the same
 *   object.
 */
const MAX_KEYS = 2_000;

type ParseOptions = { baseUrl?: URL } | undefined;

const parsedKeys = new Map<string, Promise<CryptographicKey>>();
const parsedActivities = new WeakMap<object, { baseUrl: string; parsing: Promise<Activity> }>();
let installed = false;

export function installParseMemos(): void {
  if (installed) return;
  installed = true;
  const parseKey = CryptographicKey.fromJsonLd;
  CryptographicKey.fromJsonLd = function (json, options) {
    // Strings (IRIs), subclasses and anything unusual go straight through.
    if (this !== CryptographicKey || json === null || typeof json !== "object") {
      return parseKey.call(this, json, options);
    }
    const key = `${baseOf(options)} ${JSON.stringify(json)}`;
    const known = parsedKeys.get(key);
    if (known) {
      // Least recently used leaves first: a Map keeps insertion order.
      parsedKeys.delete(key);
      parsedKeys.set(key, known);
      return known;
    }
    // Remembered at once (a second caller shares the parse), forgotten if it fails.
    const parsing = parseKey.call(this, json, options);
    parsedKeys.set(key, parsing);
    parsing.catch(() => parsedKeys.delete(key));
    if (parsedKeys.size > MAX_KEYS) {
      const oldest = parsedKeys.keys().next().value;
      if (oldest !== undefined) parsedKeys.delete(oldest);
    }
    return parsing;
  };

  const parseActivity = Activity.fromJsonLd;
  Activity.fromJsonLd = function (json, options) {
    // A subclass's parser calls this one (`super.fromJsonLd`) with itself as `this`.
    if (this !== Activity || json === null || typeof json !== "object") {
      return parseActivity.call(this, json, options);
    }
    const baseUrl = baseOf(options);
    const known = parsedActivities.get(json);
    if (known && known.baseUrl === baseUrl) return known.parsing;
    const parsing = parseActivity.call(this, json, options);
    parsedActivities.set(json, { baseUrl, parsing });
    parsing.catch(() => parsedActivities.delete(json));
    return parsing;
  };
}

function baseOf(options: ParseOptions): string {
  return options?.baseUrl?.href ?? "";
}

/** How many parsed keys this process remembers (for tests). */
export function parsedKeyCount(): number {
  return parsedKeys.size;
}
