import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient } from "masto";
import { createMember } from "../src/domain/accounts/members.ts";
import { moveAccount, undoAccountMove } from "../src/domain/federation/account-move.ts";
import { storeRemoteActor } from "../src/domain/federation/actors.ts";
import { localActorUri } from "../src/domain/federation/index.ts";
import { memberForm } from "./helpers/accounts.ts";
import { type ApiServer, startApiServer } from "./helpers/api-server.ts";

// A member who moved shows `moved` (the new account) in the client API, as
// Mastodon's apps expect to show "has moved to …"; undoing clears it at once.
describe("a moved account through the client API", () => {
  let server: ApiServer;

  before(async () => {
    server = await startApiServer();
  });
  after(() => server.close());

  it("names the new account under `moved` until the move is undone", async () => {
    const ctx = server.runtime.ctx;
    const bob = await createMember(ctx, memberForm("bob"));
    const doraId = await storeRemoteActor(ctx, {
      uri: "https://remote.example/users/dora",
      handle: "dora",
      host: "remote.example",
      displayName: "Dora Remote",
      bioHtml: "",
      inboxUrl: "https://remote.example/users/dora/inbox",
      sharedInboxUrl: null,
      url: "https://remote.example/@dora",
      alsoKnownAs: [localActorUri(ctx, "bob")],
    });
    const api = createRestAPIClient({ url: server.url });
    assert.equal((await api.v1.accounts.$select(bob.actorId).fetch()).moved, null);

    await moveAccount(ctx, bob, doraId);
    const moved = await api.v1.accounts.$select(bob.actorId).fetch();
    assert.equal(moved.moved?.id, doraId);
    assert.equal(moved.moved?.acct, "dora@remote.example");
    assert.equal(moved.moved?.url, "https://remote.example/@dora");

    await undoAccountMove(ctx, bob);
    assert.equal((await api.v1.accounts.$select(bob.actorId).fetch()).moved, null);
  });
});
