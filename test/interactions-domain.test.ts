import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  entryForViewer,
  journalEntries,
  profileEntries,
  updateEntry,
} from "../src/domain/entries/index.ts";
import { DomainError } from "../src/domain/errors.ts";
import { follow } from "../src/domain/follows.ts";
import {
  acceptAnswer,
  bookmarkPost,
  findPost,
  likePost,
  postStats,
  sharePost,
  threadView,
  unbookmarkPost,
  unlikePost,
  unsharePost,
} from "../src/domain/interactions/index.ts";
import { ANONYMOUS, type CurrentUser } from "../src/domain/viewer.ts";
import { cast, notificationsOf, post, remotePost } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const refused = (code: string) => (error: unknown) =>
  error instanceof DomainError && error.code === code;

describe("likes, shares and bookmarks", () => {
  let runtime: TestRuntime;
  let ann: CurrentUser;
  let bob: CurrentUser;
  let cat: CurrentUser;
  let pen: string;

  before(async () => {
    runtime = await startTestRuntime();
    ({ ann, bob, cat, pen } = await cast(runtime));
    await follow(runtime.ctx, bob, { handle: "ann" });
  });
  after(() => runtime.close());

  it("likes once however often it is asked, and tells the author once", async () => {
    const id = await post(runtime, ann, "Learning to weld");
    assert.deepEqual(await likePost(runtime.ctx, bob, id), { liked: true });
    assert.deepEqual(await likePost(runtime.ctx, bob, id), { liked: true });
    const rows = await runtime.database.sql<{ uri: string; id: string }[]>`
      select id, uri from likes where entry_id = ${id}`;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.uri, `http://localhost:3000/activities/like/${rows[0]!.id}`);
    const stats = await postStats(runtime.ctx, bob, [id]);
    assert.equal(stats.get(id)?.likes, 1);
    assert.equal(stats.get(id)?.liked, true);
    assert.equal((await postStats(runtime.ctx, cat, [id])).get(id)?.liked, false);
    const likeNotes = (await notificationsOf(runtime, ann)).filter((n) => n.type === "like");
    assert.deepEqual(likeNotes, [{ type: "like", entry_id: id, from_actor_id: bob.actorId }]);

    assert.deepEqual(await unlikePost(runtime.ctx, bob, id), { liked: false });
    assert.deepEqual(await unlikePost(runtime.ctx, bob, id), { liked: false });
    assert.equal((await postStats(runtime.ctx, bob, [id])).get(id)?.likes, 0);
    // Liking again does not notify a second time.
    await likePost(runtime.ctx, bob, id);
    const again = (await notificationsOf(runtime, ann)).filter((n) => n.type === "like");
    assert.equal(again.length, 1);
  });

  it("refuses posts the member may not see, as if they did not exist", async () => {
    const followers = await post(runtime, ann, "For followers", { audience: "followers" });
    const mine = await post(runtime, ann, "Just me", { audience: "private" });
    const draft = await post(runtime, ann, "Not yet", { action: "draft" });
    await assert.rejects(likePost(runtime.ctx, cat, followers), refused("not_found"));
    await assert.rejects(likePost(runtime.ctx, bob, mine), refused("not_found"));
    await assert.rejects(bookmarkPost(runtime.ctx, bob, draft), refused("not_found"));
    await assert.rejects(likePost(runtime.ctx, bob, "not-a-uuid"), refused("not_found"));
    // Bob follows Ann: he may like her followers-only entry, not share it.
    await likePost(runtime.ctx, bob, followers);
    await assert.rejects(sharePost(runtime.ctx, bob, followers), (error: unknown) => {
      assert.ok(error instanceof DomainError && error.code === "invalid");
      assert.match(error.message, /Only public and unlisted posts can be shared/);
      return true;
    });
    const [count] = await runtime.database.sql<{ n: number }[]>`
      select count(*)::int as n from shares where entry_id = ${followers}`;
    assert.equal(count?.n, 0);
  });

  it("shares public posts once, tells the author and undoes with the same activity", async () => {
    const id = await post(runtime, ann, "Finished the chair");
    assert.deepEqual(await sharePost(runtime.ctx, cat, id), { shared: true });
    assert.deepEqual(await sharePost(runtime.ctx, cat, id, { audience: "unlisted" }), {
      shared: true,
    });
    const rows = await runtime.database.sql<{ uri: string; audience: string }[]>`
      select uri, audience from shares where entry_id = ${id}`;
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.uri, /^http:\/\/localhost:3000\/activities\/share\//);
    assert.equal((await postStats(runtime.ctx, ANONYMOUS, [id])).get(id)?.shares, 1);
    const shareNotes = (await notificationsOf(runtime, ann)).filter((n) => n.type === "share");
    assert.equal(shareNotes.length, 1);
    await assert.rejects(
      sharePost(runtime.ctx, cat, id, { audience: "direct" }),
      refused("invalid"),
    );
    await unsharePost(runtime.ctx, cat, id);
    assert.equal((await postStats(runtime.ctx, cat, [id])).get(id)?.shared, false);
  });

  it("bookmarks privately and idempotently", async () => {
    const id = await post(runtime, ann, "A reference worth keeping");
    await bookmarkPost(runtime.ctx, cat, id);
    await bookmarkPost(runtime.ctx, cat, id);
    assert.equal((await postStats(runtime.ctx, cat, [id])).get(id)?.bookmarked, true);
    assert.equal((await postStats(runtime.ctx, bob, [id])).get(id)?.bookmarked, false);
    await unbookmarkPost(runtime.ctx, cat, id);
    assert.equal((await postStats(runtime.ctx, cat, [id])).get(id)?.bookmarked, false);
    const notes = await notificationsOf(runtime, ann);
    assert.equal(notes.filter((n) => n.entry_id === id).length, 0);
  });

  it("likes remote posts the member may see, never direct ones addressed to others", async () => {
    const open = await remotePost(runtime, pen, "open", "<p>Public</p>");
    const toBob = await remotePost(runtime, pen, "dm", "<p>Psst</p>", {
      audience: "direct",
      recipients: [bob.actorId],
    });
    await likePost(runtime.ctx, cat, open);
    const [row] = await runtime.database.sql<{ remote_post_id: string }[]>`
      select remote_post_id from likes where actor_id = ${cat.actorId} and remote_post_id is not null`;
    assert.equal(row?.remote_post_id, open);
    await assert.rejects(likePost(runtime.ctx, cat, toBob), refused("not_found"));
    await likePost(runtime.ctx, bob, toBob);
    assert.equal(await findPost(runtime.ctx, cat, toBob), null);
    assert.equal((await findPost(runtime.ctx, bob, toBob))?.kind, "remote");
  });
});

describe("replies, questions and accepted answers", () => {
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

  const threadRow = async (id: string) => {
    const [row] = await runtime.database.sql<
      {
        conversation_id: string;
        in_reply_to_entry_id: string | null;
        in_reply_to_remote_id: string | null;
        is_question: boolean;
        accepted_answer_id: string | null;
      }[]
    >`select conversation_id, in_reply_to_entry_id, in_reply_to_remote_id, is_question,
        accepted_answer_id from entries where id = ${id}`;
    return row!;
  };

  it("names every post of a thread after its root", async () => {
    const root = await post(runtime, ann, "Which glue for oak?");
    const reply = await post(runtime, bob, "Hide glue", { inReplyToId: root });
    const deeper = await post(runtime, ann, "Why hide glue?", { inReplyToId: reply });
    assert.equal((await threadRow(root)).conversation_id, root);
    assert.deepEqual(
      { ...(await threadRow(reply)) },
      {
        conversation_id: root,
        in_reply_to_entry_id: root,
        in_reply_to_remote_id: null,
        is_question: false,
        accepted_answer_id: null,
      },
    );
    assert.equal((await threadRow(deeper)).conversation_id, root);
    assert.equal((await threadRow(deeper)).in_reply_to_entry_id, reply);
    const remote = await remotePost(runtime, pen, "r1", "<p>Remote root</p>");
    const toRemote = await post(runtime, cat, "Nice", { inReplyToId: remote });
    assert.equal((await threadRow(toRemote)).in_reply_to_remote_id, remote);
    assert.equal((await threadRow(toRemote)).conversation_id, remote);
  });

  it("tells the author of the entry replied to: reply, or question", async () => {
    const root = await post(runtime, ann, "My first bowl");
    const plain = await post(runtime, bob, "Lovely", { inReplyToId: root });
    const asking = await post(runtime, cat, "What finish?", {
      inReplyToId: root,
      isQuestion: "on",
    });
    const notes = (await notificationsOf(runtime, ann)).filter(
      (n) => n.entry_id === plain || n.entry_id === asking,
    );
    assert.deepEqual(
      notes.map((n) => [n.type, n.entry_id]),
      [
        ["reply", plain],
        ["question", asking],
      ],
    );
    assert.equal((await threadRow(asking)).is_question, true);
  });

  it("refuses replies to posts the author may not see", async () => {
    const hidden = await post(runtime, ann, "Only me", { audience: "private" });
    await assert.rejects(post(runtime, bob, "Hi", { inReplyToId: hidden }), refused("not_found"));
    await assert.rejects(post(runtime, bob, "Hi", { inReplyToId: "nope" }), refused("invalid"));
    const [row] = await runtime.database.sql<{ n: number }[]>`
      select count(*)::int as n from entries where in_reply_to_entry_id = ${hidden}`;
    assert.equal(row?.n, 0);
  });

  it("lets only the root's author accept an answer that replies to the question", async () => {
    const root = await post(runtime, ann, "Sharpening: what am I doing wrong?");
    const question = await post(runtime, bob, "Which angle do you use?", {
      inReplyToId: root,
      isQuestion: true,
    });
    const answer = await post(runtime, cat, "25 degrees works for me", { inReplyToId: question });
    const offTopic = await post(runtime, cat, "Nice shop", { inReplyToId: root });
    await assert.rejects(
      acceptAnswer(runtime.ctx, bob, { questionId: question, answerId: answer }),
      refused("forbidden"),
    );
    await assert.rejects(
      acceptAnswer(runtime.ctx, ann, { questionId: question, answerId: offTopic }),
      refused("invalid"),
    );
    await assert.rejects(
      acceptAnswer(runtime.ctx, ann, { questionId: offTopic, answerId: answer }),
      refused("invalid"),
    );
    assert.equal((await threadRow(question)).accepted_answer_id, null);
    assert.deepEqual(
      await acceptAnswer(runtime.ctx, ann, { questionId: question, answerId: answer }),
      { questionId: question, answerId: answer },
    );
    assert.equal((await threadRow(question)).accepted_answer_id, answer);
    const accepted = (await notificationsOf(runtime, cat)).filter(
      (n) => n.type === "answer_accepted",
    );
    assert.deepEqual(accepted, [
      { type: "answer_accepted", entry_id: answer, from_actor_id: ann.actorId },
    ]);
    // A remote answer may be accepted too.
    const remoteAnswer = await remotePost(runtime, pen, "ans", "<p>30 degrees</p>", {
      inReplyTo: { id: question, kind: "entry", conversationId: root },
    });
    await acceptAnswer(runtime.ctx, ann, { questionId: question, answerId: remoteAnswer });
    assert.equal((await threadRow(question)).accepted_answer_id, remoteAnswer);
  });

  it("shows the thread with local and remote replies, each through its rule", async () => {
    const root = await post(runtime, ann, "Thread root");
    const local = await post(runtime, bob, "Local reply", { inReplyToId: root });
    const remote = await remotePost(runtime, pen, "tr", "<p>Remote reply</p><script>x()</script>", {
      inReplyTo: { id: root, kind: "entry", conversationId: root },
    });
    const secret = await post(runtime, cat, "Followers-only reply", {
      inReplyToId: root,
      audience: "followers",
    });
    const nested = await post(runtime, ann, "Nested answer", { inReplyToId: local });
    await likePost(runtime.ctx, cat, local);

    const thread = await threadView(runtime.ctx, ANONYMOUS, root);
    assert.equal(thread.focus.id, root);
    assert.deepEqual(
      thread.descendants.map((p) => p.id),
      [local, remote, nested],
    );
    const remoteItem = thread.descendants.find((p) => p.id === remote);
    assert.ok(remoteItem?.kind === "remote");
    assert.doesNotMatch(remoteItem.post.contentHtml, /script/);
    assert.equal(thread.descendants.find((p) => p.id === local)?.stats.likes, 1);
    assert.equal(thread.canAcceptAnswers, false);
    // Cat sees her own followers-only reply; the root's author may accept answers.
    assert.ok((await threadView(runtime.ctx, cat, root)).descendants.some((p) => p.id === secret));
    assert.equal((await threadView(runtime.ctx, ann, root)).canAcceptAnswers, true);

    const fromNested = await threadView(runtime.ctx, bob, nested);
    assert.deepEqual(
      fromNested.ancestors.map((p) => p.id),
      [root, local],
    );
    assert.equal(fromNested.descendants.length, 0);
  });

  it("keeps replies off the profile list but in the author's journal", async () => {
    const root = await post(runtime, ann, "Profile root");
    const reply = await post(runtime, bob, "A reply by Bob", { inReplyToId: root });
    const profile = await profileEntries(runtime.ctx, ANONYMOUS, "bob");
    assert.ok(!profile.entries.some((e) => e.id === reply));
    const journal = await journalEntries(runtime.ctx, bob);
    assert.ok(journal.entries.some((e) => e.id === reply));
    const annProfile = await profileEntries(runtime.ctx, ANONYMOUS, "ann");
    assert.ok(annProfile.entries.some((e) => e.id === root));
    // Still reachable at its permalink.
    assert.equal((await entryForViewer(runtime.ctx, ANONYMOUS, "bob", reply)).id, reply);
  });

  it("updates keep the reply in its thread", async () => {
    const root = await post(runtime, ann, "Edit root");
    const reply = await post(runtime, bob, "First words", { inReplyToId: root });
    await updateEntry(runtime.ctx, bob, { id: reply, kind: "note", body: "Better words" });
    assert.equal((await threadRow(reply)).conversation_id, root);
  });
});
