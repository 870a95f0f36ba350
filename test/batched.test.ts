import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { batched } from "../src/domain/batched.ts";
import type { Ctx } from "../src/domain/context.ts";

/**
 * The batching itself, with items served by plain functions (the database
 * side is tested where it is used: test/federation-receive-batched.test.ts).
 * A context is only a pool to batch on here.
 */
const pool = () => ({ db: {} }) as unknown as Ctx;

function recorder(options: { max?: number; key?: (n: number) => string; fail?: number } = {}) {
  const batches: number[][] = [];
  const serve = batched<number, number>({
    async many(_ctx, items) {
      batches.push(items);
      await new Promise((resolve) => setImmediate(resolve));
      if (options.fail !== undefined && items.includes(options.fail)) throw new Error("bad item");
      return items.map((n) => n * 10);
    },
    key: options.key,
    max: options.max ?? 100,
  });
  return { batches, serve };
}

describe("batched calls", () => {
  it("serves a call alone at once, and calls made together in one batch, in order", async () => {
    const { batches, serve } = recorder();
    const ctx = pool();
    assert.equal(await serve(ctx, 1), 10);
    assert.deepEqual(await Promise.all([2, 3, 4].map((n) => serve(ctx, n))), [20, 30, 40]);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
  });

  it("keeps pools apart, splits at `max`, and never puts one key twice in a batch", async () => {
    const { batches, serve } = recorder({ max: 3, key: (n) => String(n % 5) });
    const [a, b] = [pool(), pool()];
    const results = await Promise.all([...[1, 2, 3, 4, 6].map((n) => serve(a, n)), serve(b, 100)]);
    assert.deepEqual(results, [10, 20, 30, 40, 60, 1000]);
    // 6 has the key of 1: it waits for the next batch, beside the 4 that did not fit.
    assert.deepEqual(batches.sort(), [[1, 2, 3], [100], [4, 6]].sort());
  });

  it("fails only the item that fails when served alone", async () => {
    const { batches, serve } = recorder({ fail: 2 });
    const ctx = pool();
    const results = await Promise.allSettled([1, 2, 3].map((n) => serve(ctx, n)));
    assert.deepEqual(
      results.map((r) => (r.status === "fulfilled" ? r.value : "rejected")),
      [10, "rejected", 30],
    );
    assert.deepEqual(batches, [[1, 2, 3], [1], [2], [3]]);
  });

  it("serves a call inside a transaction alone, in it", async () => {
    const { batches, serve } = recorder();
    const tx = { db: {}, afterCommit() {} } as unknown as Ctx;
    assert.deepEqual(await Promise.all([serve(tx, 7), serve(tx, 8)]), [70, 80]);
    assert.deepEqual(batches, [[7], [8]]);
  });

  it("goes on serving after a key that throws", async () => {
    const serve = batched<number, number>({
      many: async (_ctx, items) => items,
      key: (n) => {
        if (n < 0) throw new Error("no key");
        return String(n);
      },
      max: 10,
    });
    const ctx = pool();
    await assert.rejects(serve(ctx, -1), /no key/);
    assert.equal(await serve(ctx, 5), 5);
  });
});
