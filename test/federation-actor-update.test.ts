import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { lookupRemoteAccount } from "../src/federation/lookup.ts";
import { AS_CONTEXT, type FakeActor, FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { type Json, sqlRows } from "./helpers/federation-arrivals.ts";

/** An inbox `Update` of a remote actor: the embedded Person is trusted only when it is the actor. */
describe("Update(Person) from another server", () => {
  let a: Instance;
  let remote: FakeRemote;
  let gil: FakeActor;

  const nameOf = async (uri: string) =>
    (await sqlRows(a, `select display_name from actors where uri = '${uri}'`))[0]?.display_name;
  const update = (actor: FakeActor, n: number, person: Json) =>
    remote.send(actor, `${a.origin}/inbox`, {
      "@context": AS_CONTEXT,
      id: `${actor.id}#updates/${n}`,
      type: "Update",
      actor: actor.id,
      object: { type: "Person", inbox: actor.inbox, ...person },
    });

  before(async () => {
    a = await startInstance();
    remote = await FakeRemote.start();
    gil = await remote.actor("gil");
    assert.ok(await lookupRemoteAccount(a.runtime.ctx, gil.id));
  });
  after(async () => {
    await Promise.all([a?.close(), remote?.close()]);
  });

  it("keeps the embedded Person when it is the actor itself", async () => {
    const sent = await update(gil, 1, {
      id: gil.id,
      preferredUsername: "gil",
      name: "Gil Embedded",
    });
    assert.equal(sent.status, 202);
    await settle(a);
    assert.equal(await nameOf(gil.id), "Gil Embedded", "taken from the activity, not re-fetched");
  });

  it("re-fetches the actor when the embedded Person is someone else", async () => {
    const served = (await (
      await fetch(gil.id, { headers: { accept: "application/activity+json" } })
    ).json()) as Json;
    remote.serve({ ...served, name: "Gil As Served" });
    const other = `${remote.origin}/users/hal`;
    await update(gil, 2, { id: other, preferredUsername: "hal", name: "Hal Forged" });
    await settle(a);
    assert.equal(await nameOf(gil.id), "Gil As Served", "the actor's own document wins");
    assert.equal(await nameOf(other), undefined, "the other account is not stored");
  });

  it("stores nothing for an actor this server does not know", async () => {
    const ivy = await remote.actor("ivy");
    await update(ivy, 1, { id: ivy.id, preferredUsername: "ivy", name: "Ivy Unknown" });
    await settle(a);
    assert.equal(await nameOf(ivy.id), undefined);
  });
});
