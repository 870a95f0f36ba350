import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createMember } from "../src/domain/accounts/members.ts";
import { accountView } from "../src/domain/api/accounts.ts";
import { createEntry } from "../src/domain/entries/create.ts";
import { deleteEntry } from "../src/domain/entries/delete.ts";
import { updateEntry } from "../src/domain/entries/update.ts";
import { storeRemoteActor } from "../src/domain/federation/actors.ts";
import { deleteRemotePost, storeRemotePost } from "../src/domain/federation/remote-posts.ts";
import { follow, unfollow } from "../src/domain/follows.ts";
import { blockActor } from "../src/domain/moderation/blocks.ts";
import { ANONYMOUS, type CurrentUser } from "../src/domain/viewer.ts";
import { memberForm } from "./helpers/accounts.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * `actor_stats` (the counts on every API Account) is written by triggers
 * only. After each kind of write, the stored rows must equal a recount from
 * the source tables: any drift shows up as a differing row.
 */
const RECOUNT = `
  with posts as (
    select author_id, audience in ('public', 'unlisted') as listed, published_at as at
    from entries where status = 'published'
    union all
    select author_id, audience in ('public', 'unlisted'), coalesce(published_at, received_at)
    from remote_posts),
  counted as (
    select author_id, count(*) filter (where listed) as listed, max(at) filter (where listed) as listed_at,
      count(*) as total, max(at) as all_at
    from posts group by author_id),
  followers as (select followed_id as id, count(*) as n from follows where state = 'accepted' group by 1),
  following as (select follower_id as id, count(*) as n from follows where state = 'accepted' group by 1)
  select a.id, coalesce(c.listed, 0)::int as statuses, c.listed_at as last_at,
    coalesce(c.total, 0)::int as all_statuses, c.all_at as all_last_at,
    coalesce(fr.n, 0)::int as followers, coalesce(fg.n, 0)::int as following
  from actors a left join counted c on c.author_id = a.id
    left join followers fr on fr.id = a.id left join following fg on fg.id = a.id`;

const STORED = `
  select a.id, coalesce(s.statuses_count, 0) as statuses, s.last_status_at as last_at,
    coalesce(s.all_statuses_count, 0) as all_statuses, s.all_last_status_at as all_last_at,
    coalesce(s.followers_count, 0) as followers, coalesce(s.following_count, 0) as following
  from actors a left join actor_stats s on s.actor_id = a.id`;

describe("actor stats kept by triggers", () => {
  let runtime: TestRuntime;
  let ann: CurrentUser;
  let ben: CurrentUser;
  let cy: CurrentUser;

  async function assertNoDrift(step: string) {
    const sql = runtime.database.sql;
    const drift = await sql.unsafe(`(${RECOUNT}) except (${STORED})`);
    assert.deepEqual([...drift], [], `actor_stats drifted after: ${step}`);
    const orphans = await sql`select actor_id from actor_stats s
      where not exists (select 1 from actors a where a.id = s.actor_id)`;
    assert.equal(orphans.length, 0, `actor_stats kept a deleted actor after: ${step}`);
  }

  before(async () => {
    runtime = await startTestRuntime();
    ann = await createMember(runtime.ctx, memberForm("ann"));
    ben = await createMember(runtime.ctx, memberForm("ben"));
    cy = await createMember(runtime.ctx, memberForm("cy"));
  });
  after(() => runtime.close());

  it("stays equal to a recount through publishing, editing, deleting and following", async () => {
    const ctx = runtime.ctx;
    const post = (audience: "public" | "unlisted" | "followers" | "private", action = "publish") =>
      createEntry(ctx, ann, { kind: "note", body: `An ${audience} note`, audience, action });
    const open = await post("public");
    await post("unlisted");
    const closed = await post("followers");
    await post("private");
    const draft = await post("public", "draft");
    await assertNoDrift("publishing in every audience and saving a draft");
    let seen = await accountView(ctx, ANONYMOUS, ann.actorId);
    assert.equal(seen?.statusesCount, 2, "public and unlisted posts count for everyone");
    assert.equal((await accountView(ctx, ann, ann.actorId))?.statusesCount, 4);

    await updateEntry(ctx, ann, {
      id: open.id,
      kind: "note",
      body: "Now only for followers",
      audience: "followers",
    });
    await assertNoDrift("narrowing an entry's audience");
    seen = await accountView(ctx, ANONYMOUS, ann.actorId);
    assert.equal(seen?.statusesCount, 1, "a post that became followers-only stops counting");
    await updateEntry(ctx, ann, {
      id: draft.id,
      kind: "note",
      body: "Out now",
      audience: "public",
      action: "publish",
    });
    await assertNoDrift("publishing a draft");
    // No operation unpublishes today; the triggers follow any write, whichever code makes it.
    await runtime.database.sql`update entries set status = 'draft' where id = ${closed.id}`;
    await assertNoDrift("an entry taken back to draft");
    await deleteEntry(ctx, ann, { id: draft.id });
    await assertNoDrift("deleting the newest entry");
    assert.equal((await accountView(ctx, ANONYMOUS, ann.actorId))?.statusesCount, 1);

    await follow(ctx, ben, { handle: "ann" });
    await assertNoDrift("following");
    assert.equal((await accountView(ctx, ANONYMOUS, ann.actorId))?.followersCount, 1);
    assert.equal((await accountView(ctx, ANONYMOUS, ben.actorId))?.followingCount, 1);
    await unfollow(ctx, ben, { handle: "ann" });
    await assertNoDrift("unfollowing");
    assert.equal((await accountView(ctx, ANONYMOUS, ann.actorId))?.followersCount, 0);
  });

  it("counts remote posts, hides the counts from whom the author blocked, and goes with a deleted account", async () => {
    const ctx = runtime.ctx;
    const remoteId = await storeRemoteActor(ctx, {
      uri: "https://remote.example/users/rae",
      handle: "rae",
      host: "remote.example",
      displayName: "Rae",
      bioHtml: "",
      inboxUrl: "https://remote.example/users/rae/inbox",
      sharedInboxUrl: null,
      url: "https://remote.example/@rae",
    });
    const remote = (n: number, audience: "public" | "followers") =>
      storeRemotePost(ctx, {
        uri: `https://remote.example/notes/${n}`,
        authorId: remoteId,
        type: "Note",
        url: null,
        name: "",
        summary: "",
        contentHtml: `<p>Note ${n}</p>`,
        sensitive: false,
        audience,
        publishedAt: new Date(Date.UTC(2026, 0, n)),
        updatedAt: null,
      });
    await remote(1, "public");
    await remote(2, "followers");
    await remote(3, "public");
    await assertNoDrift("receiving remote posts");
    // An Update that widens a post's audience.
    await remote(2, "public");
    await assertNoDrift("a remote post's audience updated");
    await deleteRemotePost(ctx, "https://remote.example/notes/3", remoteId);
    await assertNoDrift("a remote post deleted");
    const rae = await accountView(ctx, ANONYMOUS, remoteId);
    assert.equal(rae?.statusesCount, 2);
    assert.equal(rae?.lastStatusAt?.toISOString(), "2026-01-02T00:00:00.000Z");

    await createEntry(ctx, ben, { kind: "note", body: "Ben's public note", audience: "public" });
    await follow(ctx, ann, { handle: "ben" });
    await blockActor(ctx, ben, ann.actorId);
    await assertNoDrift("a block ending a follow");
    assert.equal((await accountView(ctx, ann, ben.actorId))?.statusesCount, 0);
    assert.equal((await accountView(ctx, ann, ben.actorId))?.lastStatusAt, null);
    assert.equal((await accountView(ctx, ANONYMOUS, ben.actorId))?.statusesCount, 1);

    // Deleting an account cascades to its posts and follows; nobody else's counts drift.
    await follow(ctx, cy, { handle: "ann" });
    await runtime.database.sql`delete from actors where id = ${ann.actorId}`;
    await runtime.database.sql`delete from actors where id = ${remoteId}`;
    await assertNoDrift("deleting a local and a remote account");
    assert.equal((await accountView(ctx, ANONYMOUS, cy.actorId))?.followingCount, 0);
  });
});
