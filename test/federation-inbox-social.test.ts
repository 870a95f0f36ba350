import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { followState, homeTimeline, remoteActorId } from "../src/domain/federation/index.ts";
import { ANONYMOUS } from "../src/domain/viewer.ts";
import { AS_CONTEXT, PUBLIC } from "./helpers/fake-remote.ts";
import { activity, InboxFixture, note } from "./helpers/inbox-fixture.ts";

describe("inbox: replies, questions, mentions, direct messages, likes and shares", () => {
  let f: InboxFixture;
  const objectIdOf = (create: { object: { id: string } }) => create.object.id;

  before(async () => {
    f = await InboxFixture.start();
  });
  after(async () => {
    await f?.close();
  });

  it("keeps a reply to an entry as a comment on it and tells the author", async () => {
    const create = note(f.carol, {
      content: "<p>Small batches, always.</p>",
      inReplyTo: f.entryUri,
      contentMap: { fr: "<p>Small batches, always.</p>" },
      tag: [{ type: "Hashtag", name: "#CodeReview", href: `${f.other.origin}/tags/codereview` }],
      attachment: [
        {
          type: "Document",
          mediaType: "image/png",
          url: `${f.other.origin}/media/1.png`,
          name: "A diagram",
          width: 640,
          height: 480,
        },
      ],
    });
    assert.equal((await f.other.send(f.carol, f.sharedInbox, create)).status, 202);
    await f.settle();
    const post = await f.postAt(objectIdOf(create));
    assert.ok(post, "the reply is kept although nobody here follows Carol");
    assert.equal(post.inReplyToEntryId, f.entryId);
    assert.equal(post.inReplyToUri, f.entryUri);
    assert.equal(post.conversationId, f.entryId);
    assert.equal(post.isQuestion, false);
    assert.equal(post.language, "fr");
    assert.deepEqual(post.tags, ["codereview"]);
    assert.equal(post.attachments[0]?.url, `${f.other.origin}/media/1.png`);
    assert.equal(post.attachments[0]?.name, "A diagram");
    const [told] = await f.notificationsOf(f.bob, "reply");
    assert.equal(told?.remote_post_id, post.id);
    assert.equal(told?.entry_id, f.entryId);
    assert.equal(told?.from_uri, f.carol.id);
    // Delivered again (and edited): still one post, one notification.
    await f.other.send(f.carol, f.sharedInbox, {
      ...activity(f.carol, "Update", { ...create.object, content: "<p>Small batches!</p>" }),
      to: [PUBLIC],
    });
    await f.settle();
    assert.match((await f.postAt(objectIdOf(create)))?.contentHtml ?? "", /Small batches!/);
    assert.equal((await f.notificationsOf(f.bob, "reply")).length, 1);
  });

  it("treats a reply tagged #question as a question, and answers in its thread", async () => {
    const question = note(f.carol, {
      content: "<p>What about large refactors? #question</p>",
      inReplyTo: f.entryUri,
      tag: [{ type: "Hashtag", name: "#question", href: `${f.other.origin}/tags/question` }],
    });
    await f.other.send(f.carol, f.sharedInbox, question);
    await f.settle();
    const post = await f.postAt(objectIdOf(question));
    assert.equal(post?.isQuestion, true);
    const [told] = await f.notificationsOf(f.bob, "question");
    assert.equal(told?.remote_post_id, post?.id);
    // A reply to that (stored) reply joins the same conversation.
    const answer = note(f.mallory, {
      inReplyTo: objectIdOf(question),
      content: "<p>Split them</p>",
    });
    await f.remote.send(f.mallory, f.sharedInbox, answer);
    await f.settle();
    const kept = await f.postAt(objectIdOf(answer));
    assert.equal(kept?.inReplyToRemoteId, post?.id);
    assert.equal(kept?.conversationId, f.entryId);
  });

  it("notifies a mentioned member and ignores posts that concern nobody here", async () => {
    const mention = note(f.carol, {
      content: `<p><a href="${f.actorUri("cleo")}">@cleo</a> have a look</p>`,
      cc: [f.actorUri("cleo")],
      tag: [{ type: "Mention", href: f.actorUri("cleo"), name: `@cleo@${f.b.host}` }],
    });
    await f.other.send(f.carol, f.sharedInbox, mention);
    const unrelated = note(f.carol, { content: "<p>Just talking</p>" });
    await f.other.send(f.carol, f.sharedInbox, unrelated);
    await f.settle();
    const post = await f.postAt(objectIdOf(mention));
    assert.ok(post);
    const [told] = await f.notificationsOf(f.cleo, "mention");
    assert.equal(told?.remote_post_id, post.id);
    assert.equal(await f.postAt(objectIdOf(unrelated)), null);
  });

  it("shows a direct message to its addressee only", async () => {
    const direct = note(f.carol, {
      content: "<p>Just between us</p>",
      to: [f.actorUri("cleo")],
      tag: [{ type: "Mention", href: f.actorUri("cleo"), name: `@cleo@${f.b.host}` }],
    });
    await f.other.send(f.carol, `${f.b.origin}/@cleo/inbox`, {
      ...direct,
      to: [f.actorUri("cleo")],
    });
    await f.settle();
    const uri = objectIdOf(direct);
    assert.equal((await f.postAt(uri))?.audience, "direct");
    assert.equal(await f.sees(f.cleo, uri), true);
    assert.equal(await f.sees(f.bob, uri), false);
    assert.equal(await f.sees(ANONYMOUS, uri), false);
    assert.equal((await f.notificationsOf(f.cleo, "mention")).length, 2);
  });

  it("counts a Like and forgets it on Undo", async () => {
    const likes = () =>
      f.count(`select count(*)::int as n from likes where entry_id = '${f.entryId}'`);
    const like = activity(f.mallory, "Like", f.entryUri);
    await f.remote.send(f.mallory, f.sharedInbox, like);
    await f.settle();
    assert.equal(await likes(), 1);
    assert.equal((await f.notificationsOf(f.bob, "like"))[0]?.from_uri, f.mallory.id);
    // Someone else cannot undo Mallory's like.
    await f.other.send(
      f.carol,
      f.sharedInbox,
      activity(f.carol, "Undo", { ...like, actor: f.carol.id }),
    );
    await f.settle();
    assert.equal(await likes(), 1);
    await f.remote.send(f.mallory, f.sharedInbox, activity(f.mallory, "Undo", like));
    await f.settle();
    assert.equal(await likes(), 0);
  });

  it("records an Announce of an entry as a share, and its Undo", async () => {
    const shares = () =>
      f.count(`select count(*)::int as n from shares where entry_id = '${f.entryId}'`);
    const announce = activity(f.mallory, "Announce", f.entryUri, { to: [PUBLIC] });
    await f.remote.send(f.mallory, f.sharedInbox, announce);
    await f.settle();
    assert.equal(await shares(), 1);
    assert.equal((await f.notificationsOf(f.bob, "share"))[0]?.from_uri, f.mallory.id);
    await f.remote.send(f.mallory, f.sharedInbox, activity(f.mallory, "Undo", announce));
    await f.settle();
    assert.equal(await shares(), 0);
  });

  it("brings a post shared by a followed account home, fetched from its own origin", async () => {
    await f.follow(f.bob, f.mallory, f.remote);
    const malloryId = await remoteActorId(f.b.runtime.ctx, f.mallory.id);
    assert.ok(malloryId);
    assert.equal(await followState(f.b.runtime.ctx, f.bob.actorId, malloryId), "accepted");
    const original = {
      "@context": AS_CONTEXT,
      id: `${f.carol.id}/notes/shared`,
      type: "Note",
      attributedTo: f.carol.id,
      content: "<p>The genuine words</p>",
      to: [PUBLIC],
    };
    f.other.serve(original);
    // Carol's server has authorized fetch: the post is fetched signed by B's instance actor.
    f.other.requireSignature(original.id);
    // The embedded copy lies; the post must be read from Carol's server.
    const announce = activity(
      f.mallory,
      "Announce",
      { ...original, content: "<p>Forged words</p>" },
      { to: [PUBLIC] },
    );
    await f.remote.send(f.mallory, f.sharedInbox, announce);
    await f.settle();
    const post = await f.postAt(original.id);
    assert.match(post?.contentHtml ?? "", /genuine/);
    const gets = f.other.requests.filter((r) => r.method === "GET" && r.url === original.id);
    assert.ok(gets.length > 0);
    assert.ok(gets.every((get) => get.keyId === `${f.b.origin}/actor#main-key`));
    assert.equal(
      await f.count(`select count(*)::int as n from shares where remote_post_id = '${post?.id}'`),
      1,
    );
    const home = await homeTimeline(f.b.runtime.ctx, f.bob);
    assert.ok(home.items.some((item) => item.kind === "remote" && item.post.id === post?.id));
    // A post nobody can fetch from its origin is not kept, whatever the Announce embeds.
    await f.remote.send(
      f.mallory,
      f.sharedInbox,
      activity(f.mallory, "Announce", { ...original, id: `${f.carol.id}/notes/missing` }),
    );
    await f.settle();
    assert.equal(await f.postAt(`${f.carol.id}/notes/missing`), null);
  });
});
