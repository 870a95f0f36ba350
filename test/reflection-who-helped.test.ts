import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { entries } from "../src/db/schema/entries.ts";
import { remotePosts } from "../src/db/schema/federation.ts";
import { blocks, likes, shares } from "../src/db/schema/social.ts";
import { createEntry, deleteEntry } from "../src/domain/entries/index.ts";
import { storeRemoteActor, storeRemotePost } from "../src/domain/federation/index.ts";
import { newId } from "../src/domain/ids.ts";
import { digestFor, insightsFor } from "../src/domain/reflection/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * "Who helped", "most discussed" and the question figures, from a seeded
 * week (9–15 March 2026, UTC): replies (local, remote, private, deleted, by a
 * blocked account), a like, a share and an accepted answer, counted by hand.
 */
describe("who helped, most discussed and questions", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-03-09T09:00:00Z");
  let ada: CurrentUser;
  let adaClient: Awaited<ReturnType<typeof signedInClient>>;
  const ids: Record<string, string> = {};
  const at = (iso: string) => {
    clock = new Date(iso);
    return clock;
  };

  const post = async (
    author: CurrentUser,
    when: string,
    title: string,
    options: { replyTo?: string; audience?: "public" | "private"; question?: boolean } = {},
  ) => {
    at(when);
    const { id } = await createEntry(runtime.ctx, author, {
      title,
      body: `About ${title}`,
      audience: options.audience ?? "public",
      action: "publish",
    });
    if (options.replyTo) {
      const [parent] = await runtime.ctx.db
        .select({ conversationId: entries.conversationId })
        .from(entries)
        .where(eq(entries.id, options.replyTo));
      await runtime.ctx.db
        .update(entries)
        .set({
          inReplyToEntryId: options.replyTo,
          conversationId: parent?.conversationId ?? options.replyTo,
          isQuestion: options.question ?? false,
        })
        .where(eq(entries.id, id));
    }
    return id;
  };

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ada = await makeMember(runtime.ctx, "ada");
    const bob = await makeMember(runtime.ctx, "bob");
    const cy = await makeMember(runtime.ctx, "cy");
    const dee = await makeMember(runtime.ctx, "dee");
    const eve = await makeMember(runtime.ctx, "eve");
    const mal = await makeMember(runtime.ctx, "mal");
    ids.a1 = await post(ada, "2026-03-10T09:00:00Z", "Prototype review");
    ids.a2 = await post(ada, "2026-03-11T09:00:00Z", "Sketches");
    ids.b1 = await post(bob, "2026-03-10T10:00:00Z", "Bob's workshop");
    // Replies to a1: bob (counts), cy privately (ada cannot see it), dee (deleted), mal (blocked).
    await post(bob, "2026-03-12T10:00:00Z", "Nice work", { replyTo: ids.a1 });
    await post(cy, "2026-03-12T11:00:00Z", "Only for me", { replyTo: ids.a1, audience: "private" });
    const gone = await post(dee, "2026-03-12T12:00:00Z", "Oops", { replyTo: ids.a1 });
    await deleteEntry(runtime.ctx, dee, { id: gone });
    await post(mal, "2026-03-12T13:00:00Z", "Spam", { replyTo: ids.a1 });
    await runtime.ctx.db.insert(blocks).values({ actorId: ada.actorId, targetId: mal.actorId });
    // A remote reply to a1.
    at("2026-03-13T08:00:00Z");
    const remoteId = await storeRemoteActor(runtime.ctx, {
      uri: "https://remote.example/users/rem",
      handle: "rem",
      host: "remote.example",
      displayName: "Rem",
      bioHtml: "",
      inboxUrl: "https://remote.example/users/rem/inbox",
      sharedInboxUrl: null,
      url: "https://remote.example/@rem",
    });
    await storeRemotePost(runtime.ctx, {
      uri: "https://remote.example/notes/1",
      authorId: remoteId,
      type: "Note",
      url: "https://remote.example/@rem/1",
      name: "",
      summary: "",
      contentHtml: "<p>Have you tried paper?</p>",
      sensitive: false,
      audience: "public",
      publishedAt: clock,
      updatedAt: null,
    });
    await runtime.ctx.db
      .update(remotePosts)
      .set({ inReplyToEntryId: ids.a1 })
      .where(eq(remotePosts.authorId, remoteId));
    // eve likes a2 and shares a1.
    await runtime.ctx.db.insert(likes).values({
      id: newId(),
      actorId: eve.actorId,
      entryId: ids.a2,
      createdAt: at("2026-03-12T11:00:00Z"),
    });
    await runtime.ctx.db.insert(shares).values({
      id: newId(),
      actorId: eve.actorId,
      entryId: ids.a1,
      createdAt: at("2026-03-14T09:00:00Z"),
    });
    // ada asks a question on bob's entry; bob answers; the answer is accepted.
    ids.q = await post(ada, "2026-03-13T09:00:00Z", "How long did it take?", {
      replyTo: ids.b1,
      question: true,
    });
    ids.answer = await post(bob, "2026-03-13T10:00:00Z", "Two days", { replyTo: ids.q });
    await runtime.ctx.db
      .update(entries)
      .set({ acceptedAnswerId: ids.answer })
      .where(eq(entries.id, ids.q));
    // Outside the week: a like on the 20th does not count.
    await runtime.ctx.db.insert(likes).values({
      id: newId(),
      actorId: cy.actorId,
      entryId: ids.a1,
      createdAt: at("2026-03-20T11:00:00Z"),
    });
    at("2026-03-21T09:00:00Z");
  });

  after(() => runtime.close());

  it("names who replied, answered, shared or liked, with links, and nobody hidden or blocked", async () => {
    const digest = await digestFor(runtime.ctx, ada, { period: "week", of: "2026-03-11" });
    assert.deepEqual(
      digest.whoHelped.map((person) => [
        person.host ? `${person.handle}@${person.host}` : person.handle,
        person.kinds,
        person.count,
      ]),
      [
        // bob replied to a1, and his answer also replies to ada's question.
        ["bob", ["answered", "replied"], 3],
        ["eve", ["liked", "shared"], 2],
        ["rem@remote.example", ["replied"], 1],
      ],
    );
    const rem = digest.whoHelped.find((person) => person.handle === "rem");
    assert.deepEqual(rem?.moments, ["https://remote.example/@rem/1"]);
    const bob = digest.whoHelped.find((person) => person.handle === "bob");
    assert.equal(bob?.moments[0], `/@bob/${ids.answer}`);
    // Follows stay in "new connections", not in "who helped".
    assert.ok(digest.connections.every((person) => person.handle !== "eve"));
  });

  it("ranks the entries that drew the most conversation", async () => {
    const digest = await digestFor(runtime.ctx, ada, { period: "week", of: "2026-03-11" });
    assert.deepEqual(
      digest.mostDiscussed.map((entry) => [entry.title, entry.replies, entry.shares, entry.likes]),
      [
        ["Prototype review", 2, 1, 0],
        ["How long did it take?", 1, 0, 0],
        ["Sketches", 0, 0, 1],
      ],
    );
  });

  it("counts questions asked and answered in the insights", async () => {
    const insights = await insightsFor(runtime.ctx, ada);
    assert.deepEqual(insights.questions, { asked: 1, answered: 1, answersAccepted: 0 });
    const people = insights.people.map((person) => person.handle);
    assert.ok(!people.includes("mal"), "a blocked account is left out");
    assert.ok(!people.includes("dee"), "a deleted reply is left out");
    // cy's private reply is invisible to ada; only cy's like (on the 20th) counts.
    assert.deepEqual(insights.people.find((p) => p.handle === "cy")?.kinds, ["liked"]);
  });

  it("shows both on the digest page", async () => {
    adaClient = await signedInClient(runtime, ada);
    const page = await (await adaClient.get("/reflect/digest?period=week&of=2026-03-11")).text();
    assert.match(page, /Who helped/);
    assert.match(page, /shared your work/);
    assert.match(page, /href="https:\/\/remote\.example\/@rem\/1"/);
    assert.match(page, /Most discussed/);
    assert.match(page, /2 replies · 1 share · 0 likes/);
  });
});
