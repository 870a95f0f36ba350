import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import {
  acceptFollow,
  DELIVER_ENTRY_JOB,
  deliverInBatches,
  postgresMessageQueue,
  type RemoteRecipient,
  storeRemoteActor,
} from "../src/domain/federation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { enqueue } from "../src/jobs/queue.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type Instance, startInstance } from "./helpers/federation.ts";
import { sqlRows } from "./helpers/federation-arrivals.ts";
import { startFakeInboxes } from "./helpers/federation-faults.ts";

/** A remote follower of `member` whose server's shared inbox is `sharedInbox`. */
async function remoteFollower(
  instance: Instance,
  member: CurrentUser,
  uri: string,
  sharedInbox: string | null,
) {
  const url = new URL(uri);
  const id = await storeRemoteActor(instance.runtime.ctx, {
    uri,
    handle: url.pathname.split("/").pop() ?? "someone",
    host: url.host,
    displayName: "",
    bioHtml: "",
    inboxUrl: `${uri}/inbox`,
    sharedInboxUrl: sharedInbox,
    url: null,
  });
  await acceptFollow(instance.runtime.ctx, id, member.actorId);
}

/** Fedify's delivery messages (one per inbox) now on the instance's queue. */
const outboxMessages = (instance: Instance) =>
  sqlRows(
    instance,
    `select payload->>'inbox' as inbox, (payload->>'attempt')::int as attempt, state
     from jobs where kind = 'federation-message' and payload->>'type' = 'outbox'
     order by payload->>'inbox'`,
  );

describe("two-stage fan-out of an entry", () => {
  let b: Instance;
  let bob: CurrentUser;
  let receivers: Awaited<ReturnType<typeof startFakeInboxes>>;

  before(async () => {
    b = await startInstance();
    bob = await makeMember(b.runtime.ctx, "bob");
    receivers = await startFakeInboxes((path) =>
      path.startsWith("/gone") ? 410 : path.startsWith("/broken") ? 500 : 202,
    );
  });
  after(async () => {
    await receivers?.close();
    await b?.close();
  });

  it("publishing queues one job; it expands to one delivery per shared inbox", async () => {
    // Six followers on three servers: two share an inbox per server.
    for (const server of ["live", "gone", "broken"]) {
      for (const n of [1, 2]) {
        await remoteFollower(
          b,
          bob,
          `${receivers.origin}/${server}/users/${server}${n}`,
          `${receivers.origin}/${server}/inbox`,
        );
      }
    }
    await createEntry(b.runtime.ctx, bob, { kind: "note", body: "Hello", audience: "public" });
    const queued = await sqlRows(b, `select kind from jobs where state = 'pending'`);
    assert.deepEqual(
      queued.map((job) => job.kind),
      [DELIVER_ENTRY_JOB],
    );
    await b.runtime.drainJobs();
    // Each server's shared inbox was posted to (a refusal is tried with both signature
    // specifications: Fedify's double knock, so two posts for one delivery attempt).
    assert.equal(receivers.hits.get("/live/inbox"), 1);
    assert.ok((receivers.hits.get("/gone/inbox") ?? 0) > 0);
    assert.ok((receivers.hits.get("/broken/inbox") ?? 0) > 0);
    assert.equal(receivers.hits.size, 3);
    const messages = await outboxMessages(b);
    // 410 is permanent (never again); 500 is queued again for later; 202 is done.
    const retries = messages.filter((m) => m.state === "pending");
    assert.deepEqual(
      retries.map((m) => [m.inbox, m.attempt]),
      [[`${receivers.origin}/broken/inbox`, 1]],
    );
    assert.equal(await b.runtime.drainJobs(), 0, "the retry waits for its time");
  });

  it("a fan-out interrupted between batches resumes after the last whole batch", async () => {
    const ctx = b.runtime.ctx;
    const jobId = await enqueue(ctx.db, "test-fan-out", { entryId: "x" });
    const queue = postgresMessageQueue(ctx);
    const sent: string[][] = [];
    let calls = 0;
    // Each batch writes its delivery messages through Fedify's queue, as the real sender does.
    const send = async (recipients: RemoteRecipient[]) => {
      calls++;
      await queue.enqueueMany(recipients.map((r) => ({ type: "test", to: r.uri })));
      if (calls === 3) throw new Error("the worker dies");
      sent.push(recipients.map((r) => r.uri));
    };
    const targets = { authorId: bob.actorId, addressees: [], toFollowers: true };
    const readJob = async () => {
      const [row] = await sqlRows(b, `select id, payload from jobs where id = '${jobId}'`);
      return { id: String(row?.id), payload: row?.payload };
    };
    // One inbox a batch: the third batch fails, its transaction (messages and progress) rolls back.
    await assert.rejects(deliverInBatches(ctx, await readJob(), targets, send, 1), /dies/);
    assert.equal(sent.length, 2);
    // Taken again, the job starts after the last batch that committed.
    await deliverInBatches(ctx, await readJob(), targets, send, 1);
    const inboxes = sent.map((batch) => new URL(batch[0]!).pathname.split("/")[1]);
    assert.deepEqual(inboxes, ["broken", "gone", "live"], "each server's batch exactly once");
    assert.deepEqual(
      sent.map((batch) => batch.length),
      [2, 2, 2],
    );
    const written = await sqlRows(
      b,
      `select payload->>'to' as uri, count(*)::int as n from jobs
       where payload->>'type' = 'test' group by 1 order by 1`,
    );
    assert.equal(written.length, 6);
    assert.ok(
      written.every((row) => row.n === 1),
      "no delivery message written twice",
    );
  });
});
