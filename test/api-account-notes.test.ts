import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient, MastoHttpError, type mastodon } from "masto";
import generator from "megalodon";
import { ACCOUNT_NOTE_MAX } from "../src/domain/api/account-notes.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";

/** A masto call that must fail with `status`. */
async function refused(call: Promise<unknown>, status: number) {
  await assert.rejects(call, (error) => {
    assert.ok(error instanceof MastoHttpError, String(error));
    assert.equal(error.statusCode, status);
    assert.ok(error.message.length > 0);
    return true;
  });
}

describe("private notes on accounts, and the account features not modelled", () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  let aliceApi: mastodon.rest.Client;
  let bobApi: mastodon.rest.Client;

  before(async () => {
    server = await startApiServer();
    const ctx = server.runtime.ctx;
    alice = await makeMember(ctx, "alice");
    bob = await makeMember(ctx, "bob");
    carol = await makeMember(ctx, "carol");
    aliceApi = createRestAPIClient({ url: server.url, accessToken: await tokenFor(server, alice) });
    bobApi = createRestAPIClient({ url: server.url, accessToken: await tokenFor(server, bob) });
  });
  after(() => server.close());

  it("keeps a member's note on an account, shown to them alone in the relationship", async () => {
    const set = await aliceApi.v1.accounts
      .$select(carol.actorId)
      .note.create({ comment: "  Met at the design meetup; ask about mentoring  " });
    assert.equal(set.id, carol.actorId);
    assert.equal(set.note, "Met at the design meetup; ask about mentoring");
    const [mine] = await aliceApi.v1.accounts.relationships.fetch({ id: [carol.actorId] });
    assert.equal(mine?.note, "Met at the design meetup; ask about mentoring");
    const [bobs] = await bobApi.v1.accounts.relationships.fetch({ id: [carol.actorId] });
    assert.equal(bobs?.note, "", "another member never sees it");

    // megalodon's call (a JSON body), replacing it; then an empty note removes it.
    const aliceMegalodon = generator("mastodon", server.url, await tokenFor(server, alice));
    const replaced = await aliceMegalodon.setAccountNote(carol.actorId, "Mentor: yes");
    assert.equal(replaced.data.note, "Mentor: yes");
    const cleared = await aliceApi.v1.accounts.$select(carol.actorId).note.create({ comment: "" });
    assert.equal(cleared.note, "");
    const [after] = await aliceApi.v1.accounts.relationships.fetch({ id: [carol.actorId] });
    assert.equal(after?.note, "");
  });

  it("refuses an oversized note, a note on oneself, an unknown account and a read token", async () => {
    const note = aliceApi.v1.accounts.$select(carol.actorId).note;
    await refused(note.create({ comment: "x".repeat(ACCOUNT_NOTE_MAX + 1) }), 422);
    await refused(aliceApi.v1.accounts.$select(alice.actorId).note.create({ comment: "me" }), 422);
    await refused(aliceApi.v1.accounts.$select("not-an-id").note.create({ comment: "?" }), 404);
    await refused(
      aliceApi.v1.accounts.$select("0190f0f0-0000-7000-8000-000000000000").note.create({
        comment: "?",
      }),
      404,
    );
    const reader = createRestAPIClient({
      url: server.url,
      accessToken: await tokenFor(server, alice, ["read"]),
    });
    await refused(reader.v1.accounts.$select(carol.actorId).note.create({ comment: "x" }), 403);
    const [unchanged] = await aliceApi.v1.accounts.relationships.fetch({ id: [carol.actorId] });
    assert.equal(unchanged?.note, "", "nothing written by the refused calls");
  });

  it("answers identity proofs, endorsements and domain blocks with Mastodon's empty shapes", async () => {
    const client = generator("mastodon", server.url, await tokenFor(server, alice));
    assert.deepEqual((await client.getIdentityProof(bob.actorId)).data, []);
    await assert.rejects(client.getIdentityProof("0190f0f0-0000-7000-8000-000000000000"));
    assert.deepEqual((await client.getEndorsements()).data, []);
    assert.deepEqual(await aliceApi.v1.endorsements.list(), []);
    assert.deepEqual((await client.getDomainBlocks()).data, []);
    assert.deepEqual(await aliceApi.v1.domainBlocks.list(), []);
    // A member cannot block a whole domain: said clearly, not pretended.
    await refused(aliceApi.v1.domainBlocks.create({ domain: "spam.example" }), 422);
    assert.deepEqual(await aliceApi.v1.domainBlocks.list(), []);
  });
});
