import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  FEDIFY_MESSAGE_JOB,
  postgresKvStore,
  postgresMessageQueue,
} from "../src/domain/federation/index.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** A Temporal.Duration stand-in: the store only asks for its length in milliseconds. */
const ms = (n: number) => ({ total: (_unit: "millisecond") => n });

describe("Fedify's key-value store and message queue on PostgreSQL", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-01-01T00:00:00Z");
  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
  });
  after(() => runtime.close());

  it("keeps values by key, with expiry", async () => {
    const kv = postgresKvStore(runtime.ctx);
    await kv.set(["a", "b"], { n: 1 });
    await kv.set(["a", "c"], "two", { ttl: ms(60_000) });
    assert.deepEqual(await kv.get(["a", "b"]), { n: 1 });
    assert.equal(await kv.get(["a", "c"]), "two");
    assert.equal(await kv.get(["a"]), undefined);
    clock = new Date(clock.getTime() + 61_000);
    assert.equal(await kv.get(["a", "c"]), undefined, "expired");
    await kv.delete(["a", "b"]);
    assert.equal(await kv.get(["a", "b"]), undefined);
  });

  it("swaps a value only when it still holds the expected one", async () => {
    const kv = postgresKvStore(runtime.ctx);
    assert.equal(await kv.cas(["lock"], undefined, 1), true);
    assert.equal(await kv.cas(["lock"], undefined, 2), false);
    assert.equal(await kv.cas(["lock"], 2, 3), false);
    assert.equal(await kv.cas(["lock"], 1, 3), true);
    assert.equal(await kv.get(["lock"]), 3);
  });

  it("lists by key prefix", async () => {
    const kv = postgresKvStore(runtime.ctx);
    await kv.set(["p", "x", "1"], 1);
    await kv.set(["p", "x", "2"], 2);
    await kv.set(["p", "y"], 3);
    const found: unknown[] = [];
    for await (const entry of kv.list(["p", "x"])) found.push(entry.value);
    assert.deepEqual(found.sort(), [1, 2]);
  });

  it("queues messages as durable jobs, delayed when asked", async () => {
    const queue = postgresMessageQueue(runtime.ctx);
    await queue.enqueue({ type: "outbox", n: 1 });
    await queue.enqueue({ type: "outbox", n: 2 }, { delay: ms(3_600_000) });
    const rows = await runtime.database.sql<{ payload: { n: number }; run_at: string }[]>`
      select payload, run_at from jobs where kind = ${FEDIFY_MESSAGE_JOB} order by payload->>'n'`;
    assert.equal(rows.length, 2);
    assert.equal(rows[1]?.payload.n, 2);
    assert.equal(new Date(rows[1]?.run_at ?? 0).getTime(), clock.getTime() + 3_600_000);
  });
});
