import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { KvStore, RemoteDocument } from "@fedify/fedify";
import { sql } from "drizzle-orm";
import { openRuntime, type Runtime } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { FEDIFY_CACHE_PREFIXES, postgresKvStore } from "../src/domain/federation/index.ts";
import { cachedDocumentLoader } from "../src/federation/document-cache.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** A Temporal.Duration stand-in: the store only asks for its length in milliseconds. */
const ms = (n: number) => ({ total: (_unit: "millisecond") => n });

describe("the inbox's caches: Fedify's documents in memory, the rest in PostgreSQL", () => {
  let runtime: TestRuntime;
  /** A second process on the same database (as a worker beside the web process). */
  let other: Runtime;
  let clock = new Date("2026-01-01T00:00:00Z");
  const now = () => clock;
  const later = (millis: number) => {
    clock = new Date(clock.getTime() + millis);
  };
  before(async () => {
    runtime = await startTestRuntime({}, { now });
    other = await openRuntime(
      loadConfig({
        DATA_DIR: runtime.dataDir,
        DATABASE_URL: runtime.database.url,
        LOG_LEVEL: "error",
      }),
      { now, migrate: false },
    );
  });
  after(async () => {
    await other.close();
    await runtime.close();
  });

  const here = () => postgresKvStore(runtime.ctx, { memoPrefixes: FEDIFY_CACHE_PREFIXES });
  const there = () => postgresKvStore(other.ctx);

  it("reads idempotence marks and locks from the database every time", async () => {
    const web = here();
    const worker = there();
    const mark = ["_fedify", "activityIdempotence", "https://remote.example/a/1"] as const;
    assert.equal(await web.get(mark), undefined);
    await worker.set(mark, true, { ttl: ms(86_400_000) });
    assert.equal(
      await web.get(mark),
      true,
      "a replay is seen as soon as another process marked it",
    );
    const circuit = ["_fedify", "circuit", "remote.example"] as const;
    await worker.set(circuit, { state: "closed" });
    assert.deepEqual(await web.get(circuit), { state: "closed" });
    await worker.set(circuit, { state: "open" });
    assert.deepEqual(await web.get(circuit), { state: "open" }, "never a remembered old value");
  });

  it("reads public keys from the database: a deleted key row is fetched again at once", async () => {
    const web = here();
    const key = ["_fedify", "publicKey", "2", "https://remote.example/u/a#main-key"] as const;
    await web.set(key, { publicKeyPem: "a" });
    assert.deepEqual(await web.get(key), { publicKeyPem: "a" });
    await runtime.ctx.db.execute(sql`delete from federation_kv where key[2] = 'publicKey'`);
    assert.equal(await web.get(key), undefined);
  });

  it("serves a cached document from memory, and another process's newer copy within a minute", async () => {
    const web = here();
    const worker = there();
    const document = ["_fedify", "remoteDocument", "https://remote.example/u/a"] as const;
    await worker.set(document, { document: "old" }, { ttl: ms(300_000) });
    assert.deepEqual(await web.get(document), { document: "old" });
    // Fetched again by the other process: here it may be the old one for a while…
    await worker.set(document, { document: "new" }, { ttl: ms(300_000) });
    assert.deepEqual(await web.get(document), { document: "old" }, "from memory: no round trip");
    // …but never longer than the memo's age.
    later(61_000);
    assert.deepEqual(await web.get(document), { document: "new" });
  });

  it("drops a remembered document when its row expires, and when it is deleted or swapped", async () => {
    const web = here();
    const document = ["_fedify", "remoteDocument", "https://remote.example/u/b"] as const;
    await web.set(document, { document: { id: "b" } }, { ttl: ms(30_000) });
    assert.deepEqual(await web.get(document), { document: { id: "b" } });
    later(31_000);
    assert.equal(await web.get(document), undefined, "expired with its row");
    await web.set(document, { document: { id: "b2" } });
    assert.deepEqual(await web.get(document), { document: { id: "b2" } });
    await web.delete(document);
    assert.equal(await web.get(document), undefined, "deleted here");
    await web.set(document, 1);
    assert.equal(await web.get(document), 1);
    assert.equal(await web.cas(document, 1, 2), true);
    assert.equal(await web.get(document), 2, "swapped");
  });

  it("hands out copies: a caller changing what it read changes nothing for the next", async () => {
    const web = here();
    const key = ["_fedify", "remoteDocument", "https://remote.example/u/c"] as const;
    await web.set(key, { document: "c" });
    const read = await web.get<{ document: string }>(key);
    assert.ok(read);
    read.document = "changed by a caller";
    assert.deepEqual(await web.get(key), { document: "c" });
  });

  it("keeps at most memoSize entries (the least recently used go)", async () => {
    const web = postgresKvStore(runtime.ctx, { memoPrefixes: FEDIFY_CACHE_PREFIXES, memoSize: 2 });
    const key = (n: number) =>
      ["_fedify", "remoteDocument", `https://remote.example/n/${n}`] as const;
    for (const n of [1, 2, 3]) await web.set(key(n), n);
    await runtime.ctx.db.execute(sql`delete from federation_kv where key[2] = 'remoteDocument'
      and key[3] like 'https://remote.example/n/%'`);
    assert.equal(await web.get(key(1)), undefined, "the first went from memory");
    assert.equal(await web.get(key(3)), 3, "the last is still remembered");
  });

  it("sweeps expired rows as it writes, in the same statement", async () => {
    const web = here();
    await web.set(["sweep", "old"], "x", { ttl: ms(1_000) });
    later(2_000);
    await web.set(["sweep", "new"], "y");
    const [row] = await runtime.database.sql<{ n: number }[]>`
      select count(*)::int as n from federation_kv where key = array['sweep', 'old']`;
    assert.equal(row?.n, 0);
    assert.equal(await web.get(["sweep", "new"]), "y");
  });

  it("loads a document once per five minutes, and never a preloaded context", async () => {
    const kv = here() as unknown as KvStore;
    let fetched = 0;
    const loader = cachedDocumentLoader(async (url) => {
      fetched++;
      return { contextUrl: null, document: { id: url, n: fetched }, documentUrl: url };
    }, kv);
    const url = "https://remote.example/u/d";
    assert.deepEqual((await loader(url)).document, { id: url, n: 1 });
    assert.deepEqual((await loader(url)).document, { id: url, n: 1 });
    assert.equal(fetched, 1);
    later(5 * 60_000 + 1_000);
    assert.deepEqual((await loader(url)).document, { id: url, n: 2 }, "fetched again once stale");
    const context = (await loader("https://www.w3.org/ns/activitystreams")) as RemoteDocument & {
      tag?: string;
    };
    assert.equal(fetched, 2, "contexts Fedify ships are never fetched");
    assert.equal(context.tag, "static", "and jsonld may keep their processed form");
  });

  it("prepares a transaction's statements too (one round trip each)", async () => {
    const names = await runtime.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select 'p1-prepared-marker-2'::text as m, ${2}::int as n`);
      return tx.execute<{ statement: string }>(
        sql`select statement from pg_prepared_statements where statement like '%p1-prepared-marker-2%'
          and statement not like '%pg_prepared_statements%'`,
      );
    });
    assert.equal(names.length, 1, "the parameterized statement was prepared on its connection");
  });
});
