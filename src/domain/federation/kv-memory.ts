import type { KvKey } from "./kv.ts";

/** The name a key is remembered under in memory. */
export const kvName = (key: KvKey) => JSON.stringify(key);

/** Whether `key` lies strictly under `prefix` (`["_fedify", "circuit"]` holds `[…, host]`). */
export const kvUnder = (prefix: readonly string[], key: KvKey) =>
  key.length > prefix.length && prefix.every((part, i) => key[i] === part);

/**
 * A Map that forgets its least recently set entries beyond `size` (the
 * in-memory copies in front of the key-value store are bounded).
 */
export function boundedMap<V>(size: number) {
  const map = new Map<string, V>();
  return {
    get: (name: string) => map.get(name),
    set(name: string, value: V) {
      map.delete(name);
      map.set(name, value);
      if (map.size > size) map.delete(map.keys().next().value as string);
    },
    delete: (name: string) => map.delete(name),
  };
}
