import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { postgresKvStore, withDeliveryMemo } from "../src/domain/federation/index.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** Fedify's keys: the signature spec per origin, the circuit state per host. */
const spec = (origin: string) => ["_fedify", "httpMessageSignaturesSpec", origin] as const;
const circuit = (host: string) => ["_fedify", "circuit", host] as const;

describe("the delivery memo in front of the key-value store", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(() => runtime.close());
  const stored = async (key: readonly string[]) => {
    const rows = await runtime.database.sql<{ value: unknown }[]>`
      select value from federation_kv where key = ${runtime.database.sql.array([...key])}`;
    return rows[0]?.value;
  };

  it("writes a remembered signature spec only when it changes", async () => {
    const kv = withDeliveryMemo(postgresKvStore(runtime.ctx));
    const key = spec("https://a.example");
    await kv.set(key, "rfc9421");
    assert.equal(await stored(key), "rfc9421");
    // Fedify writes the spec after every delivery: an unchanged one is not written again.
    await runtime.database
      .sql`delete from federation_kv where key = ${runtime.database.sql.array([...key])}`;
    await kv.set(key, "rfc9421");
    assert.equal(await stored(key), undefined);
    assert.equal(await kv.get(key), "rfc9421");
    // A changed spec (the server stopped accepting it) is written.
    await kv.set(key, "draft-cavage-http-signatures-12");
    assert.equal(await stored(key), "draft-cavage-http-signatures-12");
    assert.equal(await kv.get(key), "draft-cavage-http-signatures-12");
  });

  it("reads a spec another process stored, once", async () => {
    const key = spec("https://b.example");
    await postgresKvStore(runtime.ctx).set(key, "draft-cavage-http-signatures-12");
    const kv = withDeliveryMemo(postgresKvStore(runtime.ctx));
    assert.equal(await kv.get(key), "draft-cavage-http-signatures-12");
  });

  it("never hides this process's own circuit writes, and a failed swap reads the stored state", async () => {
    let clock = 0;
    const here = withDeliveryMemo(postgresKvStore(runtime.ctx), () => clock);
    const there = withDeliveryMemo(postgresKvStore(runtime.ctx), () => clock);
    const key = circuit("c.example");
    assert.equal(await here.get(key), undefined);
    // Another process opens the circuit: believed absent here for a moment…
    assert.equal(await there.cas(key, undefined, { state: "open", failures: [] }), true);
    assert.equal(await here.get(key), undefined);
    // …until this process tries to write it: the swap fails and the next read asks the store.
    assert.equal(await here.cas(key, undefined, { state: "closed", failures: ["x"] }), false);
    assert.deepEqual(await here.get(key), { state: "open", failures: [] });
    // Its own write is read back at once.
    assert.equal(
      await here.cas(key, { state: "open", failures: [] }, { state: "half-open", failures: [] }),
      true,
    );
    assert.deepEqual(await here.get(key), { state: "half-open", failures: [] });
    // And an absent state is asked again once the moment has passed.
    const other = circuit("d.example");
    assert.equal(await here.get(other), undefined);
    await there.set(other, { state: "open", failures: [] });
    clock += 5_000;
    assert.deepEqual(await here.get(other), { state: "open", failures: [] });
  });

  it("passes every other key straight through", async () => {
    const kv = withDeliveryMemo(postgresKvStore(runtime.ctx));
    const key = ["_fedify", "activityIdempotence", "x"] as const;
    await kv.set(key, true);
    await runtime.database
      .sql`delete from federation_kv where key = ${runtime.database.sql.array([...key])}`;
    assert.equal(await kv.get(key), undefined);
  });
});
