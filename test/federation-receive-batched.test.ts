import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type IncomingPost,
  postgresKvStore,
  receivePost,
  remoteActorId,
} from "../src/domain/federation/index.ts";
import { cast, notificationsOf, remoteActor } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Activities received at the same moment share their statements
 * (src/domain/batched.ts): each must still come out exactly as if it had
 * been received alone.
 */
describe("posts received at the same moment", () => {
  let runtime: TestRuntime;
  let people: Awaited<ReturnType<typeof cast>>;
  before(async () => {
    runtime = await startTestRuntime();
    people = await cast(runtime);
    // ann follows pen: pen's posts are kept here.
    await runtime.database.sql`insert into follows (follower_id, followed_id, state)
      values (${people.ann.actorId}, ${people.pen}, 'accepted')`;
  });
  after(() => runtime.close());

  const incoming = (authorId: string, slug: string, extra: Partial<IncomingPost> = {}) => ({
    uri: `https://remote.example/posts/${slug}`,
    authorId,
    type: "Note",
    url: null,
    name: "",
    summary: "",
    contentHtml: `<p>Post ${slug}</p><script>alert(1)</script>`,
    sensitive: false,
    audience: "public" as const,
    publishedAt: new Date("2026-11-01T10:00:00Z"),
    updatedAt: null,
    addressedHandles: [],
    ...extra,
  });

  it("stores each in shared transactions, with its notifications and counts", async () => {
    const stranger = await remoteActor(runtime, "quin");
    const posts = Array.from({ length: 30 }, (_, i) => incoming(people.pen, `b${i}`));
    const mention = incoming(people.pen, "mention", { addressedHandles: ["bob"] });
    const unwanted = incoming(stranger, "nobody-follows");
    const ids = await Promise.all(
      [...posts, mention, unwanted].map((post) => receivePost(runtime.ctx, post)),
    );
    assert.equal(ids.at(-1), null, "nobody here follows quin: not kept");
    const kept = ids.slice(0, -1);
    assert.ok(
      kept.every((id) => typeof id === "string"),
      "every followed post kept",
    );
    const sql = runtime.database.sql;
    const rows = await sql<{ id: string; uri: string; content_html: string; tx: string }[]>`
      select id, uri, content_html, xmin::text as tx from remote_posts where author_id = ${people.pen}`;
    assert.equal(rows.length, 31);
    const byUri = new Map(rows.map((row) => [row.uri, row]));
    for (const [i, post] of [...posts, mention].entries()) {
      assert.equal(byUri.get(post.uri)?.id, kept[i], "each caller gets its own post's id");
    }
    assert.ok(
      rows.every((row) => !row.content_html.includes("script")),
      "sanitized as when alone",
    );
    const transactions = new Set(rows.map((row) => row.tx)).size;
    assert.ok(transactions < 31, `31 posts in ${transactions} transactions`);
    const bobs = await notificationsOf(runtime, people.bob);
    assert.deepEqual(
      bobs.map((n) => [n.type, n.from_actor_id]),
      [["mention", people.pen]],
    );
    const [stats] = await sql<{ n: number }[]>`
      select statuses_count::int as n from actor_stats where actor_id = ${people.pen}`;
    assert.equal(stats?.n, 31, "the counts trigger saw every row of the shared insert");
  });

  it("fails one post that cannot be stored, not the others received with it", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const results = await Promise.allSettled([
      receivePost(runtime.ctx, incoming(people.pen, "good-1"), { keep: true }),
      receivePost(runtime.ctx, incoming(missing, "orphan"), { keep: true }),
      receivePost(runtime.ctx, incoming(people.pen, "good-2"), { keep: true }),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    const rows = await runtime.database.sql<{ uri: string }[]>`
      select uri from remote_posts where uri like '%/good-%' or uri like '%/orphan' order by uri`;
    assert.deepEqual(
      rows.map((r) => r.uri.split("/").at(-1)),
      ["good-1", "good-2"],
    );
  });

  it("keeps the same post received twice at once as one row, with the later version", async () => {
    const first = incoming(people.pen, "twice", { contentHtml: "<p>first</p>" });
    const second = incoming(people.pen, "twice", { contentHtml: "<p>second</p>" });
    const [a, b] = await Promise.all([
      receivePost(runtime.ctx, first),
      receivePost(runtime.ctx, second),
    ]);
    assert.ok(a);
    assert.equal(b, a);
    const rows = await runtime.database.sql<{ content_html: string }[]>`
      select content_html from remote_posts where uri = ${first.uri}`;
    assert.deepEqual(
      rows.map((r) => r.content_html),
      ["<p>second</p>"],
    );
  });

  it("answers actor lookups and key-value reads and writes made at once, each its own", async () => {
    const ids = await Promise.all([
      remoteActorId(runtime.ctx, "https://remote.example/users/pen"),
      remoteActorId(runtime.ctx, "https://remote.example/users/nobody"),
      remoteActorId(runtime.ctx, "https://remote.example/users/quin"),
    ]);
    assert.equal(ids[0], people.pen);
    assert.equal(ids[1], null);
    assert.equal(ids[2], await remoteActorId(runtime.ctx, "https://remote.example/users/quin"));
    assert.ok(ids[2] && ids[2] !== people.pen);

    const kv = postgresKvStore(runtime.ctx);
    const keys = Array.from({ length: 20 }, (_, i) => ["batch", `k${i}`] as const);
    await Promise.all([
      ...keys.map((key, i) => kv.set(key, { i })),
      kv.set(["batch", "same"], "older"),
      kv.set(["batch", "same"], "newer"),
    ]);
    const values = await Promise.all([
      ...keys.map((key) => kv.get(key)),
      kv.get(["batch", "same"]),
      kv.get(["batch", "absent"]),
    ]);
    assert.deepEqual(values, [...keys.map((_, i) => ({ i })), "newer", undefined]);
  });
});
