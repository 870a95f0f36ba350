import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { transactional } from "../src/domain/context.ts";
import type { RemoteAccountView } from "../src/domain/federation/index.ts";
import { sharePost } from "../src/domain/interactions/index.ts";
import { remoteImagePath } from "../src/domain/media/remote-images.ts";
import { notify } from "../src/domain/notifications/notify.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { remoteAccountCard } from "../src/web/views/remote-account.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { post, remoteActor, remotePost } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Remote avatars and post images appear on every page that shows remote
 * accounts, always through `/media/remote/…` (never the remote URL), and the
 * home timeline says who shared a post, what it replies to, and hides
 * content warnings behind <details>.
 */

let runtime: TestRuntime;
let ada: CurrentUser;
let client: TestClient;
let zed: string;
let yan: string;
const ZED_AVATAR = "https://remote.example/files/zed.png";
const ZED_HEADER = "https://remote.example/files/zed-header.png";
const PHOTO = "https://remote.example/files/photo.jpg";

before(async () => {
  runtime = await startTestRuntime();
  ada = await makeMember(runtime.ctx, "ada");
  client = await signedInClient(runtime, ada);
  zed = await remoteActor(runtime, "zed");
  yan = await remoteActor(runtime, "yan");
  const sql = runtime.database.sql;
  await sql`update actors set avatar_url = ${ZED_AVATAR}, header_url = ${ZED_HEADER} where id = ${zed}`;
  await sql`insert into follows (follower_id, followed_id, state) values (${ada.actorId}, ${zed}, 'accepted')`;
});

after(() => runtime?.close());

/** The src attributes of a page's images: none may point at another server. */
function imageSources(page: string): string[] {
  return [...page.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
}

test("the home timeline shows shares, reply context, content warnings and proxied images", async () => {
  const entryId = await post(runtime, ada, "How do you test federation?");
  const reply = await remotePost(runtime, zed, "reply-1", "<p>With two servers on loopback.</p>", {
    inReplyTo: { id: entryId, kind: "entry", conversationId: entryId },
  });
  const sql = runtime.database.sql;
  await sql`update remote_posts set summary = 'Spoilers ahead', sensitive = true,
    attachments = ${JSON.stringify([{ type: "image", url: PHOTO, mediaType: "image/jpeg", name: "Two terminals side by side", width: 2560, height: 1440, blurhash: null }])}::jsonb
    where id = ${reply}`;
  const shared = await remotePost(runtime, yan, "yan-1", "<p>Yan thinks about testing.</p>");
  await sql`insert into shares (id, actor_id, remote_post_id, audience)
    values (gen_random_uuid(), ${zed}, ${shared}, 'public')`;

  const response = await client.get("/home");
  assert.equal(response.status, 200);
  const page = await response.text();
  assert.match(page, /↻ <\/span>Shared by <a href="\/remote\/[0-9a-f-]{36}">zed Remote<\/a>/);
  assert.match(page, /Yan thinks about testing/);
  assert.match(page, new RegExp(`<a href="/posts/${entryId}">Replying to @ada</a>`));
  assert.match(
    page,
    /<details class="content-warning"><summary><span class="p-summary">Spoilers ahead<\/span><\/summary>/,
  );
  assert.ok(page.includes(`src="${remoteImagePath(reply, PHOTO, "img")}"`), "the photo is proxied");
  assert.match(page, /alt="Two terminals side by side" width="1280" height="720"/);
  assert.ok(
    page.includes(`src="${remoteImagePath(zed, ZED_AVATAR, "a96")}"`),
    "zed's avatar is proxied",
  );
  for (const src of imageSources(page)) assert.ok(src.startsWith("/"), `${src} is on this server`);
});

test("a remote profile page shows the avatar and header through the proxy", async () => {
  const page = await (await client.get(`/remote/${zed}`)).text();
  assert.ok(page.includes(`src="${remoteImagePath(zed, ZED_AVATAR, "a400")}"`));
  assert.ok(page.includes(`src="${remoteImagePath(zed, ZED_HEADER, "hdr")}"`));
  assert.ok(!page.includes(ZED_AVATAR), "the remote URL itself is nowhere on the page");
});

test("thread replies, notifications and conversations show the remote avatar", async () => {
  const entryId = await post(runtime, ada, "Questions welcome");
  await remotePost(runtime, zed, "reply-2", "<p>Here is one.</p>", {
    inReplyTo: { id: entryId, kind: "entry", conversationId: entryId },
  });
  const avatarSrc = `src="${remoteImagePath(zed, ZED_AVATAR, "a96")}"`;
  const thread = await (await client.get(`/@ada/${entryId}`)).text();
  assert.match(thread, /Here is one\./);
  assert.ok(thread.includes(avatarSrc), "the reply carries zed's avatar");

  await transactional(runtime.ctx, (tx) =>
    notify(tx, { recipientId: ada.actorId, type: "like", fromActorId: zed, entryId }),
  );
  const notifications = await (await client.get("/notifications")).text();
  assert.match(notifications, /liked your entry/);
  assert.ok(notifications.includes(avatarSrc), "the notification carries zed's avatar");

  await remotePost(runtime, zed, "direct-1", "<p>Just between us.</p>", {
    audience: "direct",
    recipients: [ada.actorId],
  });
  const conversations = await (await client.get("/conversations")).text();
  assert.match(conversations, /Just between us\./);
  assert.ok(conversations.includes(avatarSrc), "the conversation lists zed's avatar");
});

test("the search card of a remote account shows its avatar through the proxy", async () => {
  const account: RemoteAccountView = {
    id: zed,
    uri: "https://remote.example/users/zed",
    handle: "zed",
    host: "remote.example",
    displayName: "Zed",
    bioHtml: "",
    url: null,
    avatarUrl: ZED_AVATAR,
    headerUrl: null,
    followState: null,
  };
  const card = String(await remoteAccountCard(account));
  assert.ok(card.includes(`src="${remoteImagePath(zed, ZED_AVATAR, "a96")}"`));
});

test("a member's share of a local entry comes home when shared; a share of a post the reader may not see does not", async () => {
  const bob = await makeMember(runtime.ctx, "bob");
  const carol = await makeMember(runtime.ctx, "carol");
  const sql = runtime.database.sql;
  await sql`insert into follows (follower_id, followed_id, state) values (${ada.actorId}, ${bob.actorId}, 'accepted')`;
  const carols = await post(runtime, carol, "Carol writes about sketching interfaces");
  await sharePost(runtime.ctx, bob, carols);
  const hidden = await remotePost(runtime, yan, "yan-private", "<p>Only for Yan's followers</p>", {
    audience: "followers",
  });
  await sql`insert into shares (id, actor_id, remote_post_id, audience)
    values (gen_random_uuid(), ${zed}, ${hidden}, 'public')`;

  const page = await (await client.get("/home")).text();
  assert.match(page, /Shared by <a href="\/@bob">bob Example<\/a>/);
  assert.match(page, /Carol writes about sketching interfaces/);
  assert.doesNotMatch(page, /Only for Yan/, "a followers-only post of someone ada does not follow");
});
