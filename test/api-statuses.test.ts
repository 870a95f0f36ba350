import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { createRestAPIClient, type mastodon } from "masto";
import generator from "megalodon";
import { idempotencyKeys } from "../src/db/schema/api.ts";
import { notifications } from "../src/db/schema/social.ts";
import { forgetOldIdempotencyKeys } from "../src/domain/api/idempotency.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { call, uploadImage } from "./helpers/api-posts.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";

describe("client API: statuses", () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let aliceToken: string;
  let bobToken: string;
  let masto: mastodon.rest.Client;

  before(async () => {
    server = await startApiServer();
    alice = await makeMember(server.runtime.ctx, "alice");
    bob = await makeMember(server.runtime.ctx, "bob");
    aliceToken = await tokenFor(server, alice);
    bobToken = await tokenFor(server, bob);
    masto = createRestAPIClient({ url: server.url, accessToken: aliceToken });
  });
  after(() => server.close());

  it("uploads an image, posts with it, replies, edits, and shows history, source and context", async () => {
    const image = await uploadImage(server, masto, "A red square on white");
    assert.equal(image.type, "image");
    assert.match(image.url ?? "", /^http:\/\/127\.0\.0\.1:\d+\/media\//);
    assert.equal(image.description, "A red square on white");

    const status = await masto.v1.statuses.create({
      status: "Learning about #TypeScript generics today",
      mediaIds: [image.id],
      visibility: "public",
      spoilerText: "code talk",
      sensitive: true,
      language: "en",
    });
    assert.equal(status.account.id, alice.actorId);
    assert.equal(status.account.acct, "alice");
    assert.equal(status.visibility, "public");
    assert.equal(status.spoilerText, "code talk");
    assert.equal(status.sensitive, true);
    assert.equal(status.language, "en");
    assert.match(status.content, /Learning about/);
    assert.equal(status.mediaAttachments.length, 1);
    assert.equal(status.mediaAttachments[0]?.id, image.id);
    assert.equal(status.mediaAttachments[0]?.description, "A red square on white");
    assert.ok(status.tags.some((t) => t.name.toLowerCase() === "typescript"));
    assert.equal(status.url, `${server.url}/@alice/${status.id}`);

    const bobClient = createRestAPIClient({ url: server.url, accessToken: bobToken });
    const reply = await bobClient.v1.statuses.create({
      status: "@alice which book are you reading?",
      inReplyToId: status.id,
    });
    assert.equal(reply.inReplyToId, status.id);
    assert.equal(reply.inReplyToAccountId, alice.actorId);

    const context = await masto.v1.statuses.$select(status.id).context.fetch();
    assert.deepEqual(
      context.descendants.map((s) => s.id),
      [reply.id],
    );
    const up = await masto.v1.statuses.$select(reply.id).context.fetch();
    assert.deepEqual(
      up.ancestors.map((s) => s.id),
      [status.id],
    );

    const edited = await masto.v1.statuses.$select(status.id).update({
      status: "Learning about #TypeScript generics and conditional types",
      mediaIds: [image.id],
      spoilerText: "code talk",
      sensitive: true,
    });
    assert.match(edited.content, /conditional types/);
    assert.ok(edited.editedAt, "an edited status says when");
    const history = await masto.v1.statuses.$select(status.id).history.list();
    assert.equal(history.length, 2);
    assert.match(history[0]?.content ?? "", /generics today/);
    assert.match(history[1]?.content ?? "", /conditional types/);
    const source = await masto.v1.statuses.$select(status.id).source.fetch();
    assert.equal(source.text, "Learning about #TypeScript generics and conditional types");
  });

  it("favourites, reblogs and bookmarks through megalodon, and lists who did", async () => {
    const post = await masto.v1.statuses.create({ status: "Shipped my first portfolio page" });
    const bobApp = generator("mastodon", server.url, bobToken);

    const liked = await bobApp.favouriteStatus(post.id);
    assert.equal(liked.data.favourited, true);
    assert.equal(liked.data.favourites_count, 1);
    const likers = await bobApp.getStatusFavouritedBy(post.id);
    assert.deepEqual(
      likers.data.map((a) => a.id),
      [bob.actorId],
    );

    const reblog = await bobApp.reblogStatus(post.id);
    assert.equal(reblog.data.reblog?.id, post.id);
    assert.equal(reblog.data.account.id, bob.actorId);
    assert.notEqual(reblog.data.id, post.id);
    const rebloggers = await bobApp.getStatusRebloggedBy(post.id);
    assert.deepEqual(
      rebloggers.data.map((a) => a.id),
      [bob.actorId],
    );
    const shared = await bobApp.getStatus(reblog.data.id);
    assert.equal(shared.data.reblog?.id, post.id, "the reblog's own id shows the reblog");
    // Replying to the reblog's id answers the post it shares.
    const reply = await bobApp.postStatus("Agreed!", { in_reply_to_id: reblog.data.id });
    assert.equal((reply.data as { in_reply_to_id: string | null }).in_reply_to_id, post.id);
    // Deleting one's reblog undoes it.
    const undone = await call(server, bobToken, "DELETE", `/api/v1/statuses/${reblog.data.id}`);
    assert.equal(undone.status, 200);
    assert.equal((await masto.v1.statuses.$select(post.id).fetch()).reblogsCount, 0);
    await bobApp.reblogStatus(post.id);

    const marked = await bobApp.bookmarkStatus(post.id);
    assert.equal(marked.data.bookmarked, true);
    const bookmarks = await bobApp.getBookmarks();
    assert.deepEqual(
      bookmarks.data.map((s) => s.id),
      [post.id],
    );
    const favourites = await bobApp.getFavourites();
    assert.deepEqual(
      favourites.data.map((s) => s.id),
      [post.id],
    );

    const seenByAlice = await masto.v1.statuses.$select(post.id).fetch();
    assert.equal(seenByAlice.favouritesCount, 1);
    assert.equal(seenByAlice.reblogsCount, 1);
    assert.equal(seenByAlice.favourited, false);

    assert.equal((await bobApp.unfavouriteStatus(post.id)).data.favourited, false);
    assert.equal((await bobApp.unreblogStatus(post.id)).data.reblogged, false);
    assert.equal((await bobApp.unbookmarkStatus(post.id)).data.bookmarked, false);
    assert.equal((await bobApp.getBookmarks()).data.length, 0);
  });

  it("pins and unpins the member's own status", async () => {
    const post = await masto.v1.statuses.create({ status: "My best work this year" });
    const pinned = await masto.v1.statuses.$select(post.id).pin();
    assert.equal(pinned.pinned, true);
    const list = await masto.v1.accounts.$select(alice.actorId).statuses.list({ pinned: true });
    assert.deepEqual(
      list.map((s) => s.id),
      [post.id],
    );
    assert.equal((await masto.v1.statuses.$select(post.id).unpin()).pinned, false);
  });

  it("deletes with the source for delete & redraft; another member can neither edit nor delete", async () => {
    const post = await masto.v1.statuses.create({ status: "Draft thoughts on **testing**" });
    const edit = await call(server, bobToken, "PUT", `/api/v1/statuses/${post.id}`, {
      status: "hijacked",
    });
    assert.equal(edit.status, 404);
    assert.equal(typeof edit.json.error, "string");
    const remove = await call(server, bobToken, "DELETE", `/api/v1/statuses/${post.id}`);
    assert.equal(remove.status, 404);
    assert.match((await masto.v1.statuses.$select(post.id).fetch()).content, /testing/);

    const deleted = await call(server, aliceToken, "DELETE", `/api/v1/statuses/${post.id}`);
    assert.equal(deleted.status, 200);
    assert.equal(deleted.json.text, "Draft thoughts on **testing**");
    assert.equal(deleted.json.id, post.id);
    const gone = await call(server, aliceToken, "GET", `/api/v1/statuses/${post.id}`);
    assert.equal(gone.status, 404);
  });

  it("honours Idempotency-Key: the same request answers the same status, a different one is refused", async () => {
    const key = { "Idempotency-Key": "retry-1" };
    const first = await call(
      server,
      aliceToken,
      "POST",
      "/api/v1/statuses",
      { status: "Once" },
      key,
    );
    const again = await call(
      server,
      aliceToken,
      "POST",
      "/api/v1/statuses",
      { status: "Once" },
      key,
    );
    assert.equal(first.status, 200);
    assert.equal(again.status, 200);
    assert.equal(again.json.id, first.json.id);
    const other = await call(
      server,
      aliceToken,
      "POST",
      "/api/v1/statuses",
      { status: "Twice" },
      key,
    );
    assert.equal(other.status, 422);
    assert.match(other.json.error, /Idempotency-Key/);
    // Keys are per member: bob's same key is his own.
    const bobs = await call(server, bobToken, "POST", "/api/v1/statuses", { status: "Twice" }, key);
    assert.equal(bobs.status, 200);
  });

  it("frees an Idempotency-Key after a day, and the sweep forgets expired ones", async () => {
    const key = { "Idempotency-Key": "retry-tomorrow" };
    const post = (status: string) =>
      call(server, aliceToken, "POST", "/api/v1/statuses", { status }, key);
    const first = await post("Monday's note");
    assert.equal(first.status, 200);
    const keys = async () =>
      (await server.runtime.ctx.db.select().from(idempotencyKeys)).filter(
        (row) => row.key === "retry-tomorrow",
      );
    await server.runtime.ctx.db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 25 * 3600 * 1000) })
      .where(eq(idempotencyKeys.key, "retry-tomorrow"));
    const next = await post("Tuesday's note");
    assert.equal(next.status, 200, "an expired key is free for a different request");
    assert.notEqual(next.json.id, first.json.id);
    const replay = await post("Tuesday's note");
    assert.equal(replay.json.id, next.json.id, "and it guards the new request");
    await server.runtime.ctx.db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 25 * 3600 * 1000) })
      .where(eq(idempotencyKeys.key, "retry-tomorrow"));
    assert.ok((await forgetOldIdempotencyKeys(server.runtime.ctx)) >= 1);
    assert.deepEqual(await keys(), []);
  });

  it("refuses bad input with a clear 4xx in Mastodon's error shape, writing nothing", async () => {
    const before = (await masto.v1.accounts.$select(alice.actorId).statuses.list()).length;
    const images = [];
    for (let i = 0; i < 5; i++) images.push(await uploadImage(server, masto));
    const bobImage = await uploadImage(
      server,
      createRestAPIClient({ url: server.url, accessToken: bobToken }),
    );
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["unknown visibility", { status: "hi", visibility: "everyone" }, /visibility/i],
      ["five media", { status: "hi", media_ids: images.map((m) => m.id) }, /at most 4/],
      ["oversized status", { status: "x".repeat(50_001) }, /too long/],
      ["another member's media", { status: "hi", media_ids: [bobImage.id] }, /media/],
      ["empty status", { status: "   " }, /blank/],
      [
        "a poll",
        { status: "Tea or coffee?", poll: { options: ["tea", "coffee"], expires_in: 3600 } },
        /Polls/,
      ],
      ["a malformed language", { status: "hi", language: "not a language!" }, /language/],
      [
        "unknown reply",
        { status: "hi", in_reply_to_id: "0190a3f0-0000-7000-8000-000000000000" },
        /./,
      ],
    ];
    for (const [name, body, message] of cases) {
      const answer = await call(server, aliceToken, "POST", "/api/v1/statuses", body);
      assert.ok(answer.status >= 400 && answer.status < 500, `${name}: ${answer.status}`);
      assert.equal(typeof answer.json.error, "string", name);
      assert.match(answer.json.error, message, name);
    }
    const after = (await masto.v1.accounts.$select(alice.actorId).statuses.list()).length;
    assert.equal(after, before);
  });

  it("enforces scopes: a read token cannot post, a write:media token cannot favourite", async () => {
    const post = await masto.v1.statuses.create({ status: "Scopes matter" });
    const readOnly = await tokenFor(server, alice, ["read"]);
    const posted = await call(server, readOnly, "POST", "/api/v1/statuses", { status: "no" });
    assert.equal(posted.status, 403);
    assert.equal(typeof posted.json.error, "string");
    const mediaOnly = await tokenFor(server, bob, ["write:media"]);
    const fav = await call(server, mediaOnly, "POST", `/api/v1/statuses/${post.id}/favourite`);
    assert.equal(fav.status, 403);
    const anonymous = await call(server, null, "POST", "/api/v1/statuses", { status: "no" });
    assert.equal(anonymous.status, 401);
    const granular = await tokenFor(server, bob, ["write:favourites", "read:statuses"]);
    const ok = await call(server, granular, "POST", `/api/v1/statuses/${post.id}/favourite`);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.favourited, true);
  });

  it("schedules a status, lists, moves and cancels it", async () => {
    const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const scheduled = await masto.v1.statuses.create({
      status: "See you tomorrow",
      scheduledAt: at,
    });
    assert.equal(new Date(scheduled.scheduledAt).toISOString(), at);
    assert.equal(scheduled.params.text, "See you tomorrow");
    const list = await masto.v1.scheduledStatuses.list();
    assert.deepEqual(
      list.map((s) => s.id),
      [scheduled.id],
    );
    const later = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const moved = await masto.v1.scheduledStatuses
      .$select(scheduled.id)
      .update({ scheduledAt: later });
    assert.equal(new Date(moved.scheduledAt).toISOString(), later);
    // Not a status yet: nobody sees it, not even by id.
    assert.equal(
      (await call(server, bobToken, "GET", `/api/v1/statuses/${scheduled.id}`)).status,
      404,
    );
    await masto.v1.scheduledStatuses.$select(scheduled.id).remove();
    assert.equal((await masto.v1.scheduledStatuses.list()).length, 0);
  });

  it("has the coach read a status from an app after the fact", async () => {
    const image = await uploadImage(server, masto);
    const status = await masto.v1.statuses.create({ status: "Look at this", mediaIds: [image.id] });
    const rows = await server.runtime.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.entryId, status.id));
    const coach = rows.find((row) => row.type === "coach");
    assert.ok(coach, "a coach notification for the undescribed image");
    assert.equal(coach.recipientId, alice.actorId);
    const findings = (coach.detail as { findings: { rule: string }[] }).findings;
    assert.ok(findings.some((f) => f.rule === "media-description"));
  });

  it("shows an article's title as its first line and its prompt as a hashtag", async () => {
    const saved = await createEntry(server.runtime.ctx, alice, {
      kind: "article",
      title: "What I learned about <testing>",
      body: "Write the test first.",
      prompt: "learning",
      audience: "public",
    });
    const status = await masto.v1.statuses.$select(saved.id).fetch();
    assert.match(
      status.content,
      /^<p><strong>What I learned about &lt;testing&gt;<\/strong><\/p><p>Write the test first/,
    );
    assert.ok(status.tags.some((t) => t.name === "Learning"));
    assert.match(status.tags.find((t) => t.name === "Learning")?.url ?? "", /\/tags\/learning$/);
  });
});
