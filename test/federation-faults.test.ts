import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import {
  followRemote,
  followState,
  homeTimeline,
  remoteActorId,
} from "../src/domain/federation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { sqlRows } from "./helpers/federation-arrivals.ts";
import {
  type GatedInstance,
  spawnWorker,
  startGatedInstance,
  waitFor,
} from "./helpers/federation-faults.ts";

/** Delivery messages (Fedify's outbox queue) on the sender, with their state and attempt. */
async function deliveries(instance: Instance, activityId: string) {
  return sqlRows(
    instance,
    `select state, (payload->>'attempt')::int as attempt, payload->>'inbox' as inbox,
       extract(epoch from run_at - now())::float8 as due_in
     from jobs where kind = 'federation-message' and payload->>'type' = 'outbox'
       and payload->>'activityId' = '${activityId}' order by created_at, id`,
  );
}

/** How many times a post with this id is on the receiving side: stored, and on each home timeline. */
async function copiesOn(instance: Instance, uri: string) {
  const [stored] = await sqlRows(
    instance,
    `select count(*)::int as n from remote_posts where uri = '${uri}'`,
  );
  return Number(stored?.n);
}

/**
 * Faults between real instances on loopback. Time is moved through the job
 * queue (`run_at`, `lease_until`), never waited for; a worker that dies is
 * a real process killed with SIGKILL.
 */
describe("federation delivery under faults", () => {
  let a: GatedInstance;
  let b: Instance;
  let c: Instance;
  let bob: CurrentUser;
  /** alice and amy on A, carol on C: all follow bob on B. */
  const followers: CurrentUser[] = [];

  const homeHas = async (instance: Instance, member: CurrentUser, uri: string) => {
    const page = await homeTimeline(instance.runtime.ctx, member, { limit: 50 });
    return page.items.filter((item) => item.kind === "remote" && item.post.uri === uri).length;
  };

  before(async () => {
    [a, b, c] = await Promise.all([startGatedInstance(), startInstance(), startInstance()]);
    bob = await makeMember(b.runtime.ctx, "bob");
    for (const handle of ["alice", "amy"]) {
      const member = await makeMember(a.runtime.ctx, handle);
      followers.push(member);
      await followRemote(a.runtime.ctx, member, `@bob@${b.host}`);
    }
    const carol = await makeMember(c.runtime.ctx, "carol");
    followers.push(carol);
    await followRemote(c.runtime.ctx, carol, `@bob@${b.host}`);
    await settle(a, b, c);
    const bobOnA = await remoteActorId(a.runtime.ctx, `${b.origin}/@bob`);
    assert.ok(bobOnA);
    assert.equal(await followState(a.runtime.ctx, followers[0]!.actorId, bobOnA), "accepted");
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), c?.close()]);
  });

  it("retries with growing delays while the receiver is down, and delivers once it is back", async () => {
    await a.gate.down();
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Published while A is down",
      audience: "public",
    });
    const uri = `${b.origin}/@bob/${entry.id}`;
    const activityId = `${uri}#create`;
    await b.runtime.drainJobs();
    let toA = (await deliveries(b, activityId)).filter((d) => String(d.inbox).startsWith(a.origin));
    // The refused delivery is queued again for later (Fedify's policy: 1 min × 2^n, with jitter).
    const firstRetry = toA.find((d) => d.state === "pending");
    assert.equal(firstRetry?.attempt, 1);
    assert.ok(Number(firstRetry?.due_in) > 55 && Number(firstRetry?.due_in) <= 125);
    // Nothing is due yet: draining again sends nothing.
    assert.equal(await b.runtime.drainJobs(), 0);

    // The minute passes (moved in the queue), A is still down: the next wait is longer.
    await sqlRows(
      b,
      `update jobs set run_at = now() where state = 'pending' and kind like 'federation%'`,
    );
    await b.runtime.drainJobs();
    toA = (await deliveries(b, activityId)).filter((d) => String(d.inbox).startsWith(a.origin));
    const secondRetry = toA.find((d) => d.state === "pending");
    assert.equal(secondRetry?.attempt, 2);
    assert.ok(Number(secondRetry?.due_in) > 115 && Number(secondRetry?.due_in) <= 245);
    assert.equal(await copiesOn(a, uri), 0);
    await c.runtime.drainJobs();
    // C was never down: it has the entry already, whatever happens to A.
    assert.equal(await copiesOn(c, uri), 1);

    await a.gate.up();
    await sqlRows(
      b,
      `update jobs set run_at = now() where state = 'pending' and kind like 'federation%'`,
    );
    await settle(a, b, c);
    assert.equal(await copiesOn(a, uri), 1);
    for (const member of followers.slice(0, 2)) assert.equal(await homeHas(a, member, uri), 1);
    const pending = await sqlRows(
      b,
      `select count(*)::int as n from jobs where state = 'pending' and kind like 'federation%'`,
    );
    assert.equal(pending[0]?.n, 0, "no delivery is left to retry");
  });

  it("a sender killed mid-fan-out and restarted leaves every follower with the post exactly once", async () => {
    a.gate.mode = "hold";
    const worker = spawnWorker(b);
    let entryId = "";
    try {
      const entry = await createEntry(b.runtime.ctx, bob, {
        kind: "note",
        body: "Published as the sender dies",
        audience: "public",
      });
      entryId = entry.id;
      // A has accepted the post, but its answer never reaches B: B dies waiting for it.
      const activityId = `${b.origin}/@bob/${entryId}#create`;
      await waitFor(
        "B's worker to post to A",
        () => a.gate.held > 0 && a.gate.posted.includes(activityId),
      );
    } catch (error) {
      const jobs = await sqlRows(b, "select kind, state, attempts, last_error from jobs");
      throw new Error(`${error}\nworker: ${worker.output()}\njobs: ${JSON.stringify(jobs)}`);
    } finally {
      await worker.kill();
    }
    const uri = `${b.origin}/@bob/${entryId}`;
    const activityId = `${uri}#create`;
    const running = await sqlRows(
      b,
      `select count(*)::int as n from jobs where state = 'running'
       and payload->>'activityId' = '${activityId}' and payload->>'inbox' like '${a.origin}/%'`,
    );
    assert.equal(running[0]?.n, 1, "the dead worker's delivery to A is still leased");

    // B restarts: the dead worker's lease runs out (moved in the queue), and its jobs run again.
    a.gate.mode = "pass";
    await sqlRows(b, `update jobs set lease_until = now() where state = 'running'`);
    await settle(a, b, c);

    assert.equal(
      a.gate.posted.filter((id) => id === activityId).length,
      2,
      "A received the post twice (before and after the crash)",
    );
    assert.equal(await copiesOn(a, uri), 1, "A keeps it once");
    assert.equal(await copiesOn(c, uri), 1, "C keeps it once");
    for (const member of followers.slice(0, 2)) assert.equal(await homeHas(a, member, uri), 1);
    assert.equal(await homeHas(c, followers[2]!, uri), 1);
    const left = await sqlRows(
      b,
      `select count(*)::int as n from jobs where state in ('pending', 'running') and kind like 'federation%'`,
    );
    assert.equal(left[0]?.n, 0);
  });
});
