import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { post, remoteActor, remotePost } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

describe("the entry page's thread, buttons and conversations", () => {
  let runtime: TestRuntime;
  let ann: CurrentUser;
  let bob: CurrentUser;
  let cat: CurrentUser;
  let annClient: TestClient;
  let bobClient: TestClient;
  let catClient: TestClient;
  let root: string;
  const page = (id: string) => `/@ann/${id}`;

  before(async () => {
    runtime = await startTestRuntime();
    ann = await makeMember(runtime.ctx, "ann");
    bob = await makeMember(runtime.ctx, "bob");
    cat = await makeMember(runtime.ctx, "cat");
    annClient = await signedInClient(runtime, ann);
    bobClient = await signedInClient(runtime, bob);
    catClient = await signedInClient(runtime, cat);
    root = await post(runtime, ann, "How do I keep a sourdough starter alive?");
  });
  after(() => runtime.close());

  const text = async (client: TestClient, path: string) => {
    const response = await client.get(path);
    assert.equal(response.status, 200, `${path} answered ${response.status}`);
    return response.text();
  };
  const anonymous = () => runtime.app.request(page(root));

  it("shows members the like, share, bookmark and reply forms with labels", async () => {
    const html = await text(bobClient, page(root));
    for (const verb of ["like", "share", "bookmark"]) {
      assert.match(html, new RegExp(`action="/posts/${root}/${verb}"`));
    }
    assert.match(html, /name="_csrf" value="[^"]+"/);
    assert.match(html, /<label for="reply-body">Reply<\/label>/);
    assert.match(html, /<label for="reply-question">This is a question<\/label>/);
    assert.match(html, /<label for="reply-audience">Audience<\/label>/);
    assert.match(html, /href="\/conversations"/);
    const visitor = await (await anonymous()).text();
    assert.doesNotMatch(visitor, /action="\/posts\/[^"]+\/like"/);
    assert.match(visitor, /Sign in<\/a> to reply/);
  });

  it("likes through the form, comes back, and counts it", async () => {
    const refused = await bobClient.post(
      `/posts/${root}/like`,
      { next: page(root) },
      { csrf: false },
    );
    assert.equal(refused.status, 403);
    const response = await bobClient.post(`/posts/${root}/like`, { next: page(root) });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), page(root));
    const html = await text(bobClient, page(root));
    assert.match(html, /1 like ·/);
    assert.match(html, new RegExp(`action="/posts/${root}/unlike"`));
    assert.match(html, /aria-pressed="true">Liked</);
    // A foreign `next` is ignored: back to the post's own page.
    const away = await bobClient.post(`/posts/${root}/bookmark`, { next: "https://evil.example/" });
    assert.equal(away.headers.get("location"), page(root));
    assert.match(await (await anonymous()).text(), /1 like ·/);
  });

  it("refuses to share a followers-only entry with a clear page", async () => {
    await bobClient.post("/@ann/follow", {});
    const closed = await post(runtime, ann, "Only for my followers", { audience: "followers" });
    const response = await bobClient.post(`/posts/${closed}/share`, { next: page(closed) });
    assert.equal(response.status, 422);
    assert.match(await response.text(), /Only public and unlisted posts can be shared/);
    assert.doesNotMatch(await text(bobClient, page(closed)), /action="\/posts\/[^"]+\/share"/);
  });

  it("replies, asks a question, and lets the root's author accept an answer", async () => {
    const asked = await bobClient.post(`/posts/${root}/reply`, {
      body: "Do you feed it daily?",
      isQuestion: "on",
      audience: "public",
    });
    assert.equal(asked.status, 303);
    const location = asked.headers.get("location") ?? "";
    assert.match(location, new RegExp(`^${page(root)}#post-`));
    const questionId = location.split("#post-")[1]!;
    const answered = await catClient.post(`/posts/${questionId}/reply`, {
      body: "Daily, with equal flour and water",
      audience: "public",
    });
    assert.equal(answered.status, 303);
    const answerId = (answered.headers.get("location") ?? "").split("#post-")[1]!;

    const forAnn = await text(annClient, page(root));
    assert.match(forAnn, /Do you feed it daily\?/);
    assert.match(forAnn, /class="question-badge">Question</);
    assert.match(forAnn, new RegExp(`action="/posts/${answerId}/accept-answer"`));
    assert.doesNotMatch(await text(bobClient, page(root)), /accept-answer/);

    const forbidden = await bobClient.post(`/posts/${answerId}/accept-answer`, { questionId });
    assert.equal(forbidden.status, 403);
    const accepted = await annClient.post(`/posts/${answerId}/accept-answer`, {
      questionId,
      next: page(root),
    });
    assert.equal(accepted.status, 303);
    const after = await text(catClient, page(root));
    assert.match(
      after,
      new RegExp(`id="post-${answerId}" class="thread-post thread-depth-1 accepted-answer"`),
    );
    assert.match(after, /Accepted answer</);
    // The question's own page shows what it answers above it.
    const questionPage = await text(catClient, `/@bob/${questionId}`);
    assert.match(questionPage, /In reply to/);
    assert.match(questionPage, /keep a sourdough starter alive/);
  });

  it("re-renders the reply form with the message when the reply is empty", async () => {
    const response = await bobClient.post(`/posts/${root}/reply`, {
      body: "  ",
      isQuestion: "on",
      audience: "public",
    });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /Write something first/);
    assert.match(html, /id="reply-question" name="isQuestion" value="on" checked/);
  });

  it("keeps replies off the profile, in the journal", async () => {
    const reply = await post(runtime, bob, "A reply kept off my profile", { inReplyToId: root });
    assert.doesNotMatch(await text(bobClient, "/@bob"), /kept off my profile/);
    assert.match(await text(bobClient, "/journal"), /kept off my profile/);
    assert.equal((await bobClient.get(`/@bob/${reply}`)).status, 200);
  });

  it("shows remote replies with their author's address and a link to them, sanitized", async () => {
    const pen = await remoteActor(runtime, "pen");
    const id = await remotePost(
      runtime,
      pen,
      "starter",
      `<p>Keep it in the fridge</p><img src=x onerror="alert(1)">`,
      { inReplyTo: { id: root, kind: "entry", conversationId: root } },
    );
    const html = await (await anonymous()).text();
    assert.match(html, /Keep it in the fridge/);
    assert.match(html, /@pen@remote\.example/);
    assert.match(html, /href="https:\/\/remote\.example\/@x\/starter"/);
    assert.doesNotMatch(html, /onerror/);
    const remotePage = await text(bobClient, `/posts/${id}`);
    assert.match(remotePage, /In reply to/);
  });

  it("keeps a direct thread to its participants: permalink, thread and conversations", async () => {
    const secret = await post(runtime, ann, "@bob the surprise party is on Saturday", {
      audience: "direct",
    });
    assert.equal((await bobClient.get(page(secret))).status, 200);
    assert.equal((await catClient.get(page(secret))).status, 404);
    assert.equal((await runtime.app.request(page(secret))).status, 404);
    assert.doesNotMatch(await text(catClient, page(root)), /surprise party/);

    const list = await text(bobClient, "/conversations");
    assert.match(list, new RegExp(`href="/conversations/${secret}"`));
    assert.match(list, /surprise party/);
    assert.doesNotMatch(await text(catClient, "/conversations"), /surprise party/);

    const reply = await bobClient.post(`/posts/${secret}/reply`, {
      body: "I will bring the cake",
      audience: "direct",
    });
    assert.equal(reply.status, 303);
    const thread = await text(annClient, `/conversations/${secret}`);
    assert.match(thread, /surprise party/);
    assert.match(thread, /bring the cake/);
    assert.equal((await catClient.get(`/conversations/${secret}`)).status, 404);
    const visitor = await runtime.app.request(`/conversations/${secret}`);
    assert.equal(visitor.status, 303);
    assert.match(visitor.headers.get("location") ?? "", /^\/sign-in/);
  });

  it("opens a conversation at the first post a later participant may read", async () => {
    const start = await post(runtime, ann, "@bob shall we invite Cat? The gift is a kettle", {
      audience: "direct",
    });
    await post(runtime, bob, "Yes! Welcome @cat", { audience: "direct", inReplyToId: start });
    const list = await text(catClient, "/conversations");
    assert.match(list, new RegExp(`href="/conversations/${start}"`));
    const thread = await text(catClient, `/conversations/${start}`);
    assert.match(thread, /Welcome <a href="http:\/\/localhost:3000\/@cat" class="mention"/);
    assert.doesNotMatch(thread, /kettle/);
  });

  it("answers strange requests with clear 4xx pages and writes nothing", async () => {
    for (const path of ["/posts/not-a-uuid", "/conversations/not-a-uuid", "/posts/x/reply"]) {
      assert.equal((await bobClient.get(path)).status, 404, path);
    }
    assert.equal((await bobClient.post("/posts/not-a-uuid/like", {})).status, 404);
    const badAnswer = await annClient.post(`/posts/${root}/accept-answer`, { questionId: "nope" });
    assert.equal(badAnswer.status, 422);
    const visitor = await runtime.app.request(`/posts/${root}/like`, { method: "POST" });
    assert.ok([303, 403].includes(visitor.status), `a visitor's like answered ${visitor.status}`);
    const [row] = await runtime.database.sql<{ n: number }[]>`
      select count(*)::int as n from likes where entry_id = ${root}`;
    assert.equal(row?.n, 1, "only Bob's like from earlier");
  });
});
