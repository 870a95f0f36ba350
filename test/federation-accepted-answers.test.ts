import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Accept } from "@fedify/fedify/vocab";
import { createEntry } from "../src/domain/entries/index.ts";
import { followRemote } from "../src/domain/federation/index.ts";
import { acceptAnswer, clearAcceptedAnswer } from "../src/domain/interactions/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { federationContext } from "../src/federation/federation.ts";
import { lookupAccount } from "../src/federation/outgoing.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";

describe("accepted answers travel between two Outloud instances", () => {
  let a: Instance;
  let b: Instance;
  let alice: CurrentUser;
  let bob: CurrentUser;
  /** Alice's question (an entry on A). */
  let question: string;
  /** Bob's two answers (entries on B). */
  const answers: string[] = [];

  const one = async (instance: Instance, query: string) =>
    (await instance.runtime.database.sql.unsafe<Record<string, unknown>[]>(query))[0];
  /** The copy of Alice's question B keeps. */
  const questionOnB = () =>
    one(
      b,
      `select id, is_question, accepted_answer_id from remote_posts
       where uri = '${a.origin}/@alice/${question}'`,
    );
  /** A's id for one of Bob's answers. */
  const answerOnA = async (i: number) =>
    (await one(a, `select id from remote_posts where uri = '${b.origin}/@bob/${answers[i]}'`))
      ?.id as string;
  const acceptedOnA = async () =>
    (await one(a, `select accepted_answer_id from entries where id = '${question}'`))
      ?.accepted_answer_id;

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    alice = await makeMember(a.runtime.ctx, "alice");
    await makeMember(a.runtime.ctx, "mallory");
    bob = await makeMember(b.runtime.ctx, "bob");
    await followRemote(b.runtime.ctx, bob, `@alice@${a.host}`);
    await followRemote(b.runtime.ctx, bob, `@mallory@${a.host}`);
    // Alice follows Bob too: she may read his followers-only answers.
    await followRemote(a.runtime.ctx, alice, `@bob@${b.host}`);
    await settle(a, b);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("A asks, B answers: each side keeps the other's post", async () => {
    question = (
      await createEntry(a.runtime.ctx, alice, {
        kind: "note",
        body: "Which knife angle do you use?",
        audience: "public",
        isQuestion: true,
      })
    ).id;
    await settle(a, b);
    const copy = await questionOnB();
    assert.ok(copy, "B keeps Alice's question");
    for (const body of ["20 degrees", "Actually, 25 degrees"]) {
      const saved = await createEntry(b.runtime.ctx, bob, {
        kind: "note",
        body,
        audience: "public",
        inReplyToId: copy.id as string,
      });
      answers.push(saved.id);
    }
    await settle(a, b);
    assert.ok(await answerOnA(0), "A keeps Bob's first answer");
    assert.ok(await answerOnA(1), "A keeps Bob's second answer");
  });

  it("A accepts: B's copy of the question and Bob's entry page show it, and Bob is told", async () => {
    await acceptAnswer(a.runtime.ctx, alice, {
      questionId: question,
      answerId: await answerOnA(0),
    });
    assert.equal(await acceptedOnA(), await answerOnA(0));
    await settle(a, b);
    const copy = await questionOnB();
    assert.equal(copy?.accepted_answer_id, answers[0]);
    assert.equal(copy?.is_question, true);
    const page = await b.runtime.app.request(`${b.origin}/@bob/${answers[0]}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Accepted answer/);
    const told = await b.runtime.database.sql<{ entry_id: string; from_uri: string }[]>`
      select n.entry_id, a.uri as from_uri from notifications n join actors a on a.id = n.from_actor_id
      where n.recipient_id = ${bob.actorId} and n.type = 'answer_accepted'`;
    assert.deepEqual(
      told.map((n) => ({ ...n })),
      [{ entry_id: answers[0], from_uri: `${a.origin}/@alice` }],
    );
  });

  it("A changes the accepted answer: B follows", async () => {
    await acceptAnswer(a.runtime.ctx, alice, {
      questionId: question,
      answerId: await answerOnA(1),
    });
    await settle(a, b);
    assert.equal((await questionOnB())?.accepted_answer_id, answers[1]);
    const first = await b.runtime.app.request(`${b.origin}/@bob/${answers[0]}`);
    assert.doesNotMatch(await first.text(), /Accepted answer/);
  });

  it("A clears it with the button on the question's page: Undo(Accept) clears B's copy", async () => {
    const client = await signedInClient(a.runtime, alice);
    const page = await (await client.get(`/@alice/${question}`)).text();
    assert.match(page, /Clear accepted answer/);
    const cleared = await client.post(`/posts/${question}/clear-accepted-answer`, {});
    assert.equal(cleared.status, 303);
    assert.equal(await acceptedOnA(), null);
    await settle(a, b);
    assert.equal((await questionOnB())?.accepted_answer_id, null);
    const bobsPage = await b.runtime.app.request(`${b.origin}/@bob/${answers[1]}`);
    assert.doesNotMatch(await bobsPage.text(), /Accepted answer/);
    // Nothing accepted: clearing again sends nothing and changes nothing.
    await clearAcceptedAnswer(a.runtime.ctx, alice, { questionId: question });
    assert.equal(await acceptedOnA(), null);
  });

  it("never widens the audience: a followers-only or direct question's Accept goes where it went", async () => {
    const pending = async () =>
      (
        await a.runtime.database.sql<{ payload: Record<string, unknown> }[]>`
        select payload from jobs where kind = 'federation-social' and state = 'pending'
          and payload->>'activity' = 'AcceptAnswer'`
      ).map((row) => row.payload);
    const bobUri = `${b.origin}/@bob`;
    for (const audience of ["followers", "direct"] as const) {
      const asked = await createEntry(a.runtime.ctx, alice, {
        kind: "note",
        body: `@bob@${b.host} a ${audience} question`,
        audience,
        isQuestion: true,
      });
      await settle(a, b);
      const copy = await one(
        b,
        `select id, audience from remote_posts where uri = '${a.origin}/@alice/${asked.id}'`,
      );
      assert.equal(copy?.audience, audience);
      const reply = await createEntry(b.runtime.ctx, bob, {
        kind: "note",
        body: `@alice@${a.host} my answer`,
        audience,
        inReplyToId: copy?.id as string,
      });
      await settle(a, b);
      const answer = (
        await one(a, `select id from remote_posts where uri = '${b.origin}/@bob/${reply.id}'`)
      )?.id as string;
      await acceptAnswer(a.runtime.ctx, alice, { questionId: asked.id, answerId: answer });
      const [payload] = await pending();
      assert.ok(payload, "an Accept is queued");
      assert.deepEqual(
        (payload.recipients as { uri: string }[]).map((r) => r.uri),
        [bobUri],
      );
      if (audience === "followers") {
        assert.equal(payload?.audience, "followers", "to the followers collection, never Public");
        assert.equal(payload?.toFollowers, true);
      } else {
        assert.equal(payload?.audience, null, "only the mentioned accounts");
        assert.equal(payload?.toFollowers, false);
      }
      await settle(a, b);
      const accepted = await one(
        b,
        `select accepted_answer_id from remote_posts where id = '${copy?.id}'`,
      );
      assert.equal(accepted?.accepted_answer_id, reply.id);
    }
  });

  it("ignores an Accept from anyone but the question's author", async () => {
    const toldBob = () => b.runtime.database.sql`
      select 1 from notifications where recipient_id = ${bob.actorId} and type = 'answer_accepted'`;
    const toldBefore = (await toldBob()).length;
    const fed = federationContext(a.runtime.ctx);
    const bobActor = await lookupAccount(fed, `${b.origin}/@bob`);
    assert.ok(bobActor && "inboxId" in bobActor);
    const actor = fed.getActorUri("mallory");
    await fed.sendActivity(
      { identifier: "mallory" },
      bobActor as never,
      new Accept({
        id: new URL(`#accepts/${crypto.randomUUID()}`, actor),
        actor,
        object: new URL(`${b.origin}/@bob/${answers[0]}`),
        target: new URL(`${a.origin}/@alice/${question}`),
        tos: [new URL(`${b.origin}/@bob`)],
      }),
    );
    await settle(a, b);
    assert.ok(
      await one(b, `select 1 from actors where uri = '${a.origin}/@mallory'`),
      "B knows Mallory",
    );
    assert.equal((await questionOnB())?.accepted_answer_id, null);
    assert.equal((await toldBob()).length, toldBefore, "nobody told");
  });
});
