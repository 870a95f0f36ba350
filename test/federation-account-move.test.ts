import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { followRemote, followState, remoteActorId } from "../src/domain/federation/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";

const AP = "application/activity+json";

/**
 * Alice moves from instance A to a new account on B; Carol, on C, followed
 * her on A and follows the new account afterwards. Asserted on all three.
 */
describe("an outgoing Move between three Outloud instances", () => {
  let a: Instance;
  let b: Instance;
  let c: Instance;
  let alice: CurrentUser;
  let carol: CurrentUser;
  /** A member of A who follows Alice there. */
  let dan: CurrentUser;
  let aliceOnA: TestClient;
  let allyOnB: TestClient;
  let oldUri: string;
  let newUri: string;

  const actorJson = async (instance: Instance, handle: string) =>
    (await (
      await instance.runtime.app.request(`${instance.origin}/@${handle}`, {
        headers: { accept: AP },
      })
    ).json()) as Record<string, unknown>;

  before(async () => {
    [a, b, c] = await Promise.all([startInstance(), startInstance(), startInstance()]);
    alice = await makeMember(a.runtime.ctx, "alice");
    const ally = await makeMember(b.runtime.ctx, "ally");
    carol = await makeMember(c.runtime.ctx, "carol");
    dan = await makeMember(a.runtime.ctx, "dan");
    await follow(a.runtime.ctx, dan, { handle: "alice" });
    aliceOnA = await signedInClient(a.runtime, alice);
    allyOnB = await signedInClient(b.runtime, ally);
    oldUri = `${a.origin}/@alice`;
    newUri = `${b.origin}/@ally`;
    await followRemote(c.runtime.ctx, carol, `@alice@${a.host}`);
    await settle(a, b, c);
    const aliceOnC = await remoteActorId(c.runtime.ctx, oldUri);
    assert.ok(aliceOnC);
    assert.equal(await followState(c.runtime.ctx, carol.actorId, aliceOnC), "accepted");
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), c?.close()]);
  });

  it("refuses to move to an account that does not list this one as an alias", async () => {
    const page = await aliceOnA.get("/settings/move");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<label for="account">New account<\/label>/);
    const refused = await aliceOnA.post("/settings/move", { account: `@ally@${b.host}` });
    assert.equal(refused.status, 422);
    const text = await refused.text();
    assert.match(text, /Add this account as an alias on the new account first/);
    assert.match(text, new RegExp(`value="@ally@${b.host.replace(/\./g, "\\.")}"`));
    const [row] = await a.runtime.database
      .sql`select moved_to_id from actors where id = ${alice.actorId}`;
    assert.equal(row?.moved_to_id, null);
  });

  it("lets the new account name the old one as an alias (alsoKnownAs)", async () => {
    const bad = await allyOnB.post("/settings/aliases", { aliases: "not an address" });
    assert.equal(bad.status, 422);
    const saved = await allyOnB.post("/settings/aliases", { aliases: `@alice@${a.host}` });
    assert.equal(saved.status, 303);
    const person = await actorJson(b, "ally");
    assert.deepEqual([person.alsoKnownAs].flat(), [oldUri]);
    assert.match(await (await allyOnB.get("/settings/move")).text(), new RegExp(oldUri));
  });

  it("moves: movedTo on the actor, a notice on the profile, followers on C follow the new account", async () => {
    const moved = await aliceOnA.post("/settings/move", { account: `@ally@${b.host}` });
    assert.equal(moved.status, 303);
    assert.equal((await actorJson(a, "alice")).movedTo, newUri);
    const profile = await a.runtime.app.request(`${a.origin}/@alice`);
    assert.match(
      await profile.text(),
      /This account has moved to <a href="[^"]+" rel="nofollow noopener">@ally@/,
    );
    await settle(a, b, c);

    const aliceOnC = await remoteActorId(c.runtime.ctx, oldUri);
    const allyOnC = await remoteActorId(c.runtime.ctx, newUri);
    assert.ok(aliceOnC && allyOnC, "C keeps both accounts");
    assert.equal(await followState(c.runtime.ctx, carol.actorId, allyOnC), "accepted");
    assert.equal(await followState(c.runtime.ctx, carol.actorId, aliceOnC), null);
    const told = await c.runtime.database.sql`
      select 1 from notifications where recipient_id = ${carol.actorId} and type = 'move'`;
    assert.equal(told.length, 1);
    const carolOnB = await remoteActorId(b.runtime.ctx, `${c.origin}/@carol`);
    assert.ok(carolOnB, "B keeps Carol as a follower");
    const [ally] = await b.runtime.database.sql<{ id: string }[]>`
      select id from actors where handle = 'ally' and host is null`;
    assert.equal(await followState(b.runtime.ctx, carolOnB, ally!.id), "accepted");
    // Alice's followers on her own server move too.
    const allyOnA = await remoteActorId(a.runtime.ctx, newUri);
    assert.ok(allyOnA);
    assert.equal(await followState(a.runtime.ctx, dan.actorId, allyOnA), "accepted");
    assert.equal(await followState(a.runtime.ctx, dan.actorId, alice.actorId), null);
    const [movedOnC] = await c.runtime.database.sql`
      select moved_to_id from actors where id = ${aliceOnC}`;
    assert.equal(movedOnC?.moved_to_id, allyOnC);
  });

  it("undoes the move: no movedTo, no notice", async () => {
    const page = await aliceOnA.get("/settings/move");
    assert.match(await page.text(), /This account has moved to/);
    const undone = await aliceOnA.post("/settings/move/undo", {});
    assert.equal(undone.status, 303);
    assert.equal((await actorJson(a, "alice")).movedTo, undefined);
    const profile = await a.runtime.app.request(`${a.origin}/@alice`);
    assert.doesNotMatch(await profile.text(), /This account has moved to/);
    await settle(a, b, c);
  });
});
