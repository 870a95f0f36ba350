import { type Ctx, inTransaction } from "./context.ts";

/**
 * Concurrent callers' small statements made as one ("group commit"): calls
 * that arrive while a batch runs wait and go together in the next one.
 * Nothing waits on purpose: a call alone runs at once, and batches grow only
 * when calls arrive faster than they are served. A received post alone costs
 * about ten round trips to PostgreSQL; in a batch of twenty it shares them,
 * and a busy account's posts take the lock on its counts row once per
 * batch, not once per post.
 */
export interface BatchOptions<I, O> {
  /** Serves several items in one go; resolves with their results in the same order. */
  many(ctx: Ctx, items: I[]): Promise<O[]>;
  /** Serves one item alone (default: `many` with one item). */
  one?(ctx: Ctx, item: I): Promise<O>;
  /** Items with the same key never share a batch (one statement cannot change a row twice). */
  key?(item: I): string;
  /** The most items in one batch. */
  max: number;
}

interface Waiting<I, O> {
  ctx: Ctx;
  item: I;
  resolve(result: O): void;
  reject(error: unknown): void;
}

/**
 * A function serving one item through batches shared with concurrent
 * callers on the same database pool. Inside a transaction the item is
 * served alone, in that transaction.
 */
export function batched<I, O>(options: BatchOptions<I, O>): (ctx: Ctx, item: I) => Promise<O> {
  const one =
    options.one ?? (async (ctx: Ctx, item: I) => (await options.many(ctx, [item]))[0] as O);
  const queues = new WeakMap<Ctx["db"], (call: Waiting<I, O>) => void>();
  const queueFor = (db: Ctx["db"]) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = batchQueue({ ...options, one });
      queues.set(db, queue);
    }
    return queue;
  };
  return (ctx, item) => {
    if (inTransaction(ctx)) return one(ctx, item);
    return new Promise<O>((resolve, reject) => queueFor(ctx.db)({ ctx, item, resolve, reject }));
  };
}

/** One pool's waiting calls, served one batch at a time. */
function batchQueue<I, O>(
  options: BatchOptions<I, O> & Required<Pick<BatchOptions<I, O>, "one">>,
): (call: Waiting<I, O>) => void {
  let waiting: Waiting<I, O>[] = [];
  let serving = false;

  /** The next batch: the oldest waiting calls, each key once, up to `max`. */
  const nextBatch = () => {
    const keys = new Set<string>();
    const batch: Waiting<I, O>[] = [];
    const later: Waiting<I, O>[] = [];
    for (const call of waiting) {
      const key = options.key?.(call.item);
      if (batch.length < options.max && (key === undefined || !keys.has(key))) {
        if (key !== undefined) keys.add(key);
        batch.push(call);
      } else {
        later.push(call);
      }
    }
    waiting = later;
    return batch;
  };

  const alone = async (call: Waiting<I, O>) => {
    await options.one(call.ctx, call.item).then(call.resolve, call.reject);
  };

  const serve = async (batch: Waiting<I, O>[]) => {
    const [first] = batch;
    if (!first) return;
    if (batch.length === 1) return alone(first);
    let results: O[];
    try {
      results = await options.many(
        first.ctx,
        batch.map((call) => call.item),
      );
    } catch {
      // One bad item must not fail the others: each is served again alone, with its own outcome.
      await Promise.all(batch.map(alone));
      return;
    }
    for (const [i, call] of batch.entries()) call.resolve(results[i] as O);
  };

  const drain = async () => {
    try {
      while (waiting.length > 0) await serve(nextBatch());
    } catch (error) {
      // Only a throwing `key` gets here: its callers hear of it, and the queue goes on serving.
      for (const call of waiting.splice(0)) call.reject(error);
    } finally {
      serving = false;
    }
  };

  return (call) => {
    waiting.push(call);
    if (serving) return;
    serving = true;
    // After this turn of the event loop: calls made in the same turn share the first batch.
    setImmediate(() => void drain());
  };
}
