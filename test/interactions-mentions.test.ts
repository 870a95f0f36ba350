import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  entryForViewer,
  instanceEntries,
  profileEntries,
  tagEntries,
  updateEntry,
} from "../src/domain/entries/index.ts";
import { DomainError } from "../src/domain/errors.ts";
import { directConversations, threadView } from "../src/domain/interactions/index.ts";
import { ANONYMOUS, type CurrentUser } from "../src/domain/viewer.ts";
import { cast, notificationsOf, post, remotePost } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

describe("mentions and direct entries", () => {
  let runtime: TestRuntime;
  let ann: CurrentUser;
  let bob: CurrentUser;
  let cat: CurrentUser;
  let pen: string;

  before(async () => {
    runtime = await startTestRuntime();
    ({ ann, bob, cat, pen } = await cast(runtime));
  });
  after(() => runtime.close());

  const mentioned = async (entryId: string) => {
    const rows = await runtime.database.sql<{ actor_id: string }[]>`
      select actor_id from entry_mentions where entry_id = ${entryId} order by actor_id`;
    return rows.map((r) => r.actor_id).sort();
  };
  const mentionsOf = async (member: CurrentUser, entryId: string) =>
    (await notificationsOf(runtime, member)).filter(
      (n) => n.type === "mention" && n.entry_id === entryId,
    );

  it("records known local and remote mentions and tells local members once", async () => {
    const id = await post(
      runtime,
      ann,
      "Thanks @Bob and @pen@remote.example (and @nobody, ann@example.org, `@cat`) @bob",
    );
    assert.deepEqual(await mentioned(id), [bob.actorId, pen].sort());
    const [row] = await runtime.database.sql<{ body_html: string }[]>`
      select body_html from entries where id = ${id}`;
    const links = [
      ...(row?.body_html ?? "").matchAll(/<a href="([^"]+)" class="mention"[^>]*>([^<]+)</g),
    ];
    assert.deepEqual(
      links.map((m) => [m[1], m[2]]),
      [
        ["http://localhost:3000/@bob", "@Bob"],
        ["https://remote.example/@pen", "@pen@remote.example"],
        ["http://localhost:3000/@bob", "@bob"],
      ],
    );
    assert.match(row?.body_html ?? "", /<code>@cat<\/code>/);
    assert.equal((await mentionsOf(bob, id)).length, 1);
    assert.equal((await mentionsOf(cat, id)).length, 0);
    // Our own host in a full address is a local member.
    const full = await post(runtime, ann, "Hello @cat@localhost:3000");
    assert.deepEqual(await mentioned(full), [cat.actorId]);
    const [linked] = await runtime.database.sql<{ body_html: string }[]>`
      select body_html from entries where id = ${full}`;
    assert.match(linked?.body_html ?? "", /href="http:\/\/localhost:3000\/@cat" class="mention"/);
  });

  it("tells mentioned members when a draft is published, and re-reads mentions on edit", async () => {
    const id = await post(runtime, ann, "Draft for @bob", { action: "draft" });
    assert.deepEqual(await mentioned(id), [bob.actorId]);
    assert.equal((await mentionsOf(bob, id)).length, 0);
    await updateEntry(runtime.ctx, ann, {
      id,
      kind: "note",
      body: "Now for @cat only",
      action: "publish",
    });
    assert.deepEqual(await mentioned(id), [cat.actorId]);
    assert.equal((await mentionsOf(cat, id)).length, 1);
    assert.equal((await mentionsOf(bob, id)).length, 0);
    await updateEntry(runtime.ctx, ann, { id, kind: "note", body: "For @cat and @bob" });
    assert.equal((await mentionsOf(cat, id)).length, 1, "no second notification for Cat");
    assert.equal((await mentionsOf(bob, id)).length, 1);
  });

  it("refuses a direct entry that mentions nobody it can reach", async () => {
    await assert.rejects(
      post(runtime, ann, "Secret for @nobody", { audience: "direct" }),
      (error: unknown) => {
        assert.ok(error instanceof DomainError && error.code === "invalid");
        assert.match(error.fields.audience ?? "", /Mention at least one person/);
        return true;
      },
    );
    const [row] = await runtime.database.sql<{ n: number }[]>`
      select count(*)::int as n from entries where body_markdown = 'Secret for @nobody'`;
    assert.equal(row?.n, 0);
  });

  it("shows a direct entry to its author and the mentioned member only", async () => {
    const id = await post(runtime, ann, "@bob the key is under the mat #plans", {
      audience: "direct",
    });
    assert.equal((await entryForViewer(runtime.ctx, bob, "ann", id)).id, id);
    // Not in lists, even for Bob: it lives in the conversation.
    const listed = [
      ...(await profileEntries(runtime.ctx, bob, "ann")).entries,
      ...(await tagEntries(runtime.ctx, bob, "plans")).entries,
      ...(await instanceEntries(runtime.ctx, bob)),
    ];
    assert.ok(!listed.some((entry) => entry.id === id));
    assert.equal((await entryForViewer(runtime.ctx, ann, "ann", id)).id, id);
    await assert.rejects(entryForViewer(runtime.ctx, cat, "ann", id), DomainError);
    await assert.rejects(entryForViewer(runtime.ctx, ANONYMOUS, "ann", id), DomainError);
    await assert.rejects(threadView(runtime.ctx, cat, id), DomainError);
    await assert.rejects(threadView(runtime.ctx, ANONYMOUS, id), DomainError);

    // Bob answers without typing a name: the reply stays between the two of them.
    const answer = await post(runtime, bob, "Got it, thanks", {
      audience: "direct",
      inReplyToId: id,
    });
    assert.deepEqual(await mentioned(answer), [ann.actorId]);
    const forAnn = await threadView(runtime.ctx, ann, id);
    assert.deepEqual(
      forAnn.descendants.map((p) => p.id),
      [answer],
    );
    const forCat = await threadView(runtime.ctx, cat, answer).catch((e: unknown) => e);
    assert.ok(forCat instanceof DomainError && forCat.code === "not_found");
    const replyNotes = (await notificationsOf(runtime, ann)).filter((n) => n.entry_id === answer);
    assert.deepEqual(
      replyNotes.map((n) => n.type),
      ["reply"],
    );
  });

  it("lists the member's direct conversations, local and remote, to participants only", async () => {
    const local = await post(runtime, cat, "@bob lunch on Friday?", { audience: "direct" });
    const remote = await remotePost(runtime, pen, "dm1", "<p>Hi Bob, a private word</p>", {
      audience: "direct",
      recipients: [bob.actorId],
    });
    const publicOne = await post(runtime, cat, "Public note for @bob");
    const bobs = await directConversations(runtime.ctx, bob);
    const ids = bobs.map((c) => c.id);
    assert.ok(ids.includes(local));
    assert.ok(ids.includes(remote));
    assert.ok(!ids.includes(publicOne));
    const withPen = bobs.find((c) => c.id === remote);
    assert.deepEqual(
      withPen?.participants.map((p) => `${p.handle}@${p.host}`),
      ["pen@remote.example"],
    );
    assert.match(withPen?.preview ?? "", /a private word/);
    const anns = (await directConversations(runtime.ctx, ann)).map((c) => c.id);
    assert.ok(!anns.includes(local) && !anns.includes(remote));
    assert.equal((await threadView(runtime.ctx, bob, remote)).focus.id, remote);
    await assert.rejects(threadView(runtime.ctx, ann, remote), DomainError);
  });
});
