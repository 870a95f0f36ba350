import type { KvKey, KvSetOptions } from "./kv.ts";
import { boundedMap, kvName as name, kvUnder as under } from "./kv-memory.ts";

/** The key-value store's shape (Fedify's `KvStore`), as `postgresKvStore` returns it. */
interface KvStoreLike {
  get<T = unknown>(key: KvKey): Promise<T | undefined>;
  set(key: KvKey, value: unknown, options?: KvSetOptions): Promise<void>;
  delete(key: KvKey): Promise<void>;
  cas(key: KvKey, expected: unknown, next: unknown, options?: KvSetOptions): Promise<boolean>;
}

/** Fedify's memory of the HTTP signature spec each origin accepted (its default prefix). */
const SPEC_PREFIX = ["_fedify", "httpMessageSignaturesSpec"] as const;
/** Fedify's circuit-breaker state per remote host (its default prefix). */
const CIRCUIT_PREFIX = ["_fedify", "circuit"] as const;
/** How long "this host has no circuit state" is believed without asking again. */
const NO_CIRCUIT_MS = 2000;
const MAX_ENTRIES = 10_000;

/**
 * Spares each delivery the store's round trips Fedify makes around it
 * (docs/adr/0020-federation-lanes-lease-in-groups.md): the signature spec
 * an origin accepted is read once per process and written only when it
 * changes (Fedify writes it after every delivery), and a host with no
 * circuit-breaker state — every healthy one — is believed to have none for
 * NO_CIRCUIT_MS (Fedify reads it before and after each delivery). Both are
 * hints: a spec that stops working makes Fedify knock again and write the
 * other one; a circuit opened by another process is seen here at most
 * NO_CIRCUIT_MS later, and this process's own writes are never hidden (a
 * write forgets the key; a failed compare-and-swap too, so its retry reads
 * the stored state).
 */
export function withDeliveryMemo<S extends KvStoreLike>(store: S, now = () => Date.now()): S {
  const specs = boundedMap<string>(MAX_ENTRIES);
  const noCircuitUntil = boundedMap<number>(MAX_ENTRIES);
  // Bumped by every write: a read that overlapped one is not remembered.
  let writes = 0;
  const forget = (key: KvKey) => {
    writes++;
    specs.delete(name(key));
    noCircuitUntil.delete(name(key));
  };
  return {
    ...store,
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      const id = name(key);
      if (under(SPEC_PREFIX, key)) {
        const known = specs.get(id);
        if (known !== undefined) return known as T;
      } else if (under(CIRCUIT_PREFIX, key)) {
        if ((noCircuitUntil.get(id) ?? 0) > now()) return undefined;
      } else {
        return store.get<T>(key);
      }
      const before = writes;
      const value = await store.get<T>(key);
      if (writes !== before) return value;
      if (under(SPEC_PREFIX, key) && typeof value === "string") specs.set(id, value);
      if (under(CIRCUIT_PREFIX, key) && value === undefined) {
        noCircuitUntil.set(id, now() + NO_CIRCUIT_MS);
      }
      return value;
    },
    async set(key: KvKey, value: unknown, options?: KvSetOptions): Promise<void> {
      const remembered = under(SPEC_PREFIX, key) && !options?.ttl;
      if (remembered && specs.get(name(key)) === value) return;
      forget(key);
      await store.set(key, value, options);
      if (remembered && typeof value === "string") specs.set(name(key), value);
    },
    async delete(key: KvKey): Promise<void> {
      forget(key);
      await store.delete(key);
    },
    async cas(key, expected, next, options) {
      forget(key);
      const swapped = await store.cas(key, expected, next, options);
      forget(key);
      return swapped;
    },
  };
}
