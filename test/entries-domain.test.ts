import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createEntry,
  deleteEntry,
  entryForViewer,
  entryHistory,
  feedEntries,
  journalEntries,
  type NewEntryInput,
  profileEntries,
  tagEntries,
  updateEntry,
} from "../src/domain/entries/index.ts";
import { DomainError } from "../src/domain/errors.ts";
import { follow, isFollowing, unfollow } from "../src/domain/follows.ts";
import { ANONYMOUS, type CurrentUser } from "../src/domain/viewer.ts";
import { countRows, makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const HOUR = 3_600_000;
/** Timestamps come back from raw SQL as text: compare them as milliseconds. */
const time = (value: unknown) => new Date(value as string).getTime();

/** Asserts that `promise` fails with a DomainError of `code` naming `field` (if given). */
async function rejectsWith(promise: Promise<unknown>, code: string, field?: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${error}`);
    assert.equal(error.code, code);
    if (field)
      assert.ok(
        field in error.fields,
        `expected a problem with ${field}: ${JSON.stringify(error.fields)}`,
      );
    return true;
  });
}

describe("entries in the domain", () => {
  let runtime: TestRuntime;
  let clock = Date.now();
  let alice: CurrentUser;
  let bob: CurrentUser;
  const sql = () => runtime.database.sql;

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => new Date(clock) });
    alice = await makeMember(runtime.ctx, "alice");
    bob = await makeMember(runtime.ctx, "bob");
  });
  after(() => runtime.close());

  it("creates a note with a prompt, rendering Markdown and collecting tags from body and field", async () => {
    const saved = await createEntry(runtime.ctx, alice, {
      kind: "note",
      prompt: "learning",
      body: "Today I learned about **keyset pagination** #Postgres and #LearningDesign, not `#code`.",
      tags: "#databases, postgres  Cursors",
      audience: "public",
      action: "publish",
    });
    assert.equal(saved.status, "published");
    const [row] = await sql()`select * from entries where id = ${saved.id}`;
    assert.equal(row!.prompt, "learning");
    assert.equal(row!.language, "en");
    assert.ok(!Number.isNaN(time(row!.published_at)));
    assert.match(row!.body_html, /<strong>keyset pagination<\/strong>/);
    assert.match(row!.body_html, /<a href="\/tags\/postgres" class="hashtag"[^>]*>#Postgres<\/a>/);
    assert.doesNotMatch(row!.body_html, /tags\/code/);
    const tags =
      await sql()`select tag, display from entry_tags where entry_id = ${saved.id} order by tag`;
    assert.deepEqual(
      tags.map((t) => [t.tag, t.display]),
      [
        ["cursors", "Cursors"],
        ["databases", "databases"],
        ["learningdesign", "LearningDesign"],
        ["postgres", "Postgres"],
      ],
    );
  });

  it("creates an article and a link, and takes the language from the member's locale", async () => {
    await sql()`update actors set locale = 'pt' where id = ${alice.actorId}`;
    const article = await createEntry(runtime.ctx, alice, {
      kind: "article",
      title: "What a semester of teaching taught me",
      body: "Long form.",
      tags: "teaching",
    });
    const link = await createEntry(runtime.ctx, alice, {
      kind: "link",
      linkUrl: "https://example.org/a-talk",
      body: "Worth watching.",
      language: "en-GB",
      action: "draft",
    });
    const rows =
      await sql()`select id, kind, title, link_url, language, status from entries where id in (${article.id}, ${link.id})`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.equal(byId.get(article.id)!.title, "What a semester of teaching taught me");
    assert.equal(byId.get(article.id)!.language, "pt");
    assert.equal(byId.get(link.id)!.link_url, "https://example.org/a-talk");
    assert.equal(byId.get(link.id)!.language, "en-GB");
    assert.equal(byId.get(link.id)!.status, "draft");
    await sql()`update actors set locale = 'en' where id = ${alice.actorId}`;
  });

  it("rejects invalid input with a message per field and writes nothing", async () => {
    const before = [
      await countRows(runtime, "entries"),
      await countRows(runtime, "entry_tags"),
      await countRows(runtime, "jobs"),
    ];
    const many = Array.from({ length: 31 }, (_, i) => `tag${i}`).join(" ");
    const past = new Date(clock - HOUR).toISOString();
    const tooLate = new Date(clock + 400 * 24 * HOUR).toISOString();
    const schedule = (scheduledAt?: string) => ({ body: "ok", action: "schedule", scheduledAt });
    // Each input, and the field its error must name.
    const cases: [NewEntryInput, string][] = [
      [{ kind: "article", body: "no title" }, "title"],
      [{ kind: "link", linkUrl: "javascript:alert(1)" }, "linkUrl"],
      [{ kind: "note", body: "   " }, "body"],
      [{ body: "x".repeat(50_001) }, "body"],
      [{ body: "ok", tags: "c++" }, "tags"],
      [{ body: "ok", tags: many }, "tags"],
      [{ body: "ok", tags: `a${"b".repeat(64)}` }, "tags"],
      [{ body: "ok", contentWarning: "w".repeat(201) }, "contentWarning"],
      [{ body: "ok", language: "english please" }, "language"],
      [{ body: "ok", audience: "everyone" as never }, "audience"],
      [{ body: "ok", kind: "poem" as never }, "kind"],
      [{ body: "ok", prompt: "dreaming" as never }, "prompt"],
      [{ body: "ok", action: "shout" }, "action"],
      [schedule(past), "scheduledAt"],
      [schedule("tomorrow-ish"), "scheduledAt"],
      [schedule("2030-02-31T10:00"), "scheduledAt"],
      [schedule(tooLate), "scheduledAt"],
      [schedule(), "scheduledAt"],
    ];
    for (const [input, field] of cases) {
      await rejectsWith(createEntry(runtime.ctx, alice, input), "invalid", field);
    }
    const afterCounts = [
      await countRows(runtime, "entries"),
      await countRows(runtime, "entry_tags"),
      await countRows(runtime, "jobs"),
    ];
    assert.deepEqual(afterCounts, before);
  });

  it("keeps the previous version on every edit; history is the author's alone", async () => {
    const { id } = await createEntry(runtime.ctx, alice, {
      body: "First words #draft1",
      title: "",
    });
    await updateEntry(runtime.ctx, alice, { id, body: "Second words", tags: "rewritten" });
    await updateEntry(runtime.ctx, alice, {
      id,
      body: "Third words",
      tags: "rewritten",
      contentWarning: "spoilers",
    });
    // Only the audience changes: no new version of the content.
    await updateEntry(runtime.ctx, alice, {
      id,
      body: "Third words",
      tags: "rewritten",
      contentWarning: "spoilers",
      audience: "unlisted",
    });
    const { entry, versions } = await entryHistory(runtime.ctx, alice, "alice", id);
    assert.equal(entry.audience, "unlisted");
    assert.match(entry.bodyHtml, /Third words/);
    assert.deepEqual(
      versions.map((v) => v.version),
      [2, 1],
    );
    assert.match(versions[1]!.bodyHtml, /First words/);
    assert.deepEqual(versions[1]!.tags, ["draft1"]);
    assert.match(versions[0]!.bodyHtml, /Second words/);
    assert.deepEqual(versions[0]!.tags, ["rewritten"]);
    const tags = await sql()`select tag from entry_tags where entry_id = ${id}`;
    assert.deepEqual(
      tags.map((t) => t.tag),
      ["rewritten"],
    );
    await rejectsWith(entryHistory(runtime.ctx, bob, "alice", id), "not_found");
    await rejectsWith(updateEntry(runtime.ctx, bob, { id, body: "hijacked" }), "not_found");
    await rejectsWith(
      updateEntry(runtime.ctx, alice, { id, body: "x", action: "draft" }),
      "invalid",
      "action",
    );
    const [row] = await sql()`select body_markdown, status from entries where id = ${id}`;
    assert.equal(row!.body_markdown, "Third words");
    assert.equal(row!.status, "published");
  });

  it("publishes a draft on edit, keeping the publication time of published entries", async () => {
    const { id } = await createEntry(runtime.ctx, alice, { body: "A draft", action: "draft" });
    assert.equal(
      (await journalEntries(runtime.ctx, alice, { status: "draft" })).entries.some(
        (e) => e.id === id,
      ),
      true,
    );
    await assert.rejects(entryForViewer(runtime.ctx, ANONYMOUS, "alice", id));
    clock += 1000;
    const saved = await updateEntry(runtime.ctx, alice, {
      id,
      body: "A draft, done",
      action: "publish",
    });
    assert.equal(saved.status, "published");
    const [first] = await sql()`select published_at from entries where id = ${id}`;
    clock += 1000;
    await updateEntry(runtime.ctx, alice, { id, body: "A draft, done and polished" });
    const [second] = await sql()`select published_at from entries where id = ${id}`;
    assert.equal(time(second!.published_at), time(first!.published_at));
    assert.equal((await entryForViewer(runtime.ctx, ANONYMOUS, "alice", id)).id, id);
  });

  it("deletes an entry with its tags and versions; only its author can", async () => {
    const { id } = await createEntry(runtime.ctx, alice, { body: "Soon gone #ephemeral" });
    await updateEntry(runtime.ctx, alice, { id, body: "Soon gone, edited #ephemeral" });
    await rejectsWith(deleteEntry(runtime.ctx, bob, { id }), "not_found");
    await rejectsWith(deleteEntry(runtime.ctx, alice, { id: "not-a-uuid" }), "not_found");
    await deleteEntry(runtime.ctx, alice, { id });
    assert.equal((await sql()`select 1 from entries where id = ${id}`).length, 0);
    assert.equal((await sql()`select 1 from entry_tags where entry_id = ${id}`).length, 0);
    assert.equal((await sql()`select 1 from entry_versions where entry_id = ${id}`).length, 0);
    assert.equal((await tagEntries(runtime.ctx, ANONYMOUS, "ephemeral")).entries.length, 0);
    await rejectsWith(deleteEntry(runtime.ctx, alice, { id }), "not_found");
  });

  it("schedules an entry: the queued job publishes it when due, once", async () => {
    const at = new Date(clock + HOUR);
    const { id, status } = await createEntry(runtime.ctx, alice, {
      body: "Scheduled thoughts",
      action: "schedule",
      scheduledAt: at.toISOString(),
    });
    assert.equal(status, "scheduled");
    const jobs =
      await sql()`select payload, run_at from jobs where kind = 'publish-entry' and payload->>'entryId' = ${id}`;
    assert.equal(jobs.length, 1);
    assert.equal(time(jobs[0]!.run_at), at.getTime());
    assert.equal(await runtime.drainJobs(), 0, "not due yet");
    await rejectsWith(entryForViewer(runtime.ctx, ANONYMOUS, "alice", id), "not_found");

    clock += 2 * HOUR;
    await sql()`update jobs set run_at = now() where payload->>'entryId' = ${id}`;
    assert.equal(await runtime.drainJobs(), 1);
    const [row] = await sql()`select status, published_at from entries where id = ${id}`;
    assert.equal(row!.status, "published");
    assert.equal(time(row!.published_at), clock);

    // At-least-once delivery: the same job again changes nothing.
    clock += HOUR;
    await sql()`insert into jobs (id, kind, payload) select gen_random_uuid(), kind, payload from jobs where payload->>'entryId' = ${id}`;
    assert.equal(await runtime.drainJobs(), 1);
    const [again] = await sql()`select status, published_at from entries where id = ${id}`;
    assert.equal(time(again!.published_at), time(row!.published_at));
  });

  it("a rescheduled entry is not published by its old job; one edited back to draft not at all", async () => {
    const { id } = await createEntry(runtime.ctx, alice, {
      body: "Moved around",
      action: "schedule",
      scheduledAt: new Date(clock + HOUR).toISOString(),
    });
    const later = new Date(clock + 3 * HOUR);
    await updateEntry(runtime.ctx, alice, {
      id,
      body: "Moved around",
      action: "schedule",
      scheduledAt: later.toISOString(),
    });
    const jobs =
      await sql()`select id, payload from jobs where payload->>'entryId' = ${id} order by run_at`;
    assert.equal(jobs.length, 2);
    clock += 2 * HOUR;
    await sql()`update jobs set run_at = now() where id = ${jobs[0]!.id}`;
    assert.equal(await runtime.drainJobs(), 1);
    assert.equal(
      (await sql()`select status from entries where id = ${id}`)[0]!.status,
      "scheduled",
    );

    clock += 2 * HOUR;
    await sql()`update jobs set run_at = now() where id = ${jobs[1]!.id}`;
    assert.equal(await runtime.drainJobs(), 1);
    assert.equal(
      (await sql()`select status from entries where id = ${id}`)[0]!.status,
      "published",
    );

    const draft = await createEntry(runtime.ctx, alice, {
      body: "Changed my mind",
      action: "schedule",
      scheduledAt: new Date(clock + HOUR).toISOString(),
    });
    await updateEntry(runtime.ctx, alice, {
      id: draft.id,
      body: "Changed my mind",
      action: "draft",
    });
    clock += 2 * HOUR;
    await sql()`update jobs set run_at = now() where payload->>'entryId' = ${draft.id}`;
    await runtime.drainJobs();
    assert.equal(
      (await sql()`select status from entries where id = ${draft.id}`)[0]!.status,
      "draft",
    );
  });

  it("follows and unfollows local members", async () => {
    assert.equal(await isFollowing(runtime.ctx, bob, alice.actorId), false);
    await follow(runtime.ctx, bob, { handle: "ALICE" });
    await follow(runtime.ctx, bob, { handle: "alice" });
    assert.equal(await isFollowing(runtime.ctx, bob, alice.actorId), true);
    assert.equal(await isFollowing(runtime.ctx, ANONYMOUS, alice.actorId), false);
    await rejectsWith(follow(runtime.ctx, bob, { handle: "bob" }), "invalid");
    await rejectsWith(follow(runtime.ctx, bob, { handle: "nobody" }), "not_found");
    await unfollow(runtime.ctx, bob, { handle: "alice" });
    assert.equal(await isFollowing(runtime.ctx, bob, alice.actorId), false);
  });

  it("lists a profile newest first with a keyset cursor, filtered by prompt and tag", async () => {
    const carol = await makeMember(runtime.ctx, "carol");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      const prompt = i % 2 === 0 ? "working-on" : "reflection";
      ids.push((await createEntry(runtime.ctx, carol, { body: `Entry ${i} #series`, prompt })).id);
    }
    const first = await profileEntries(runtime.ctx, ANONYMOUS, "carol", { limit: 2 });
    assert.deepEqual(
      first.entries.map((e) => e.id),
      [ids[4], ids[3]],
    );
    assert.ok(first.nextCursor);
    const second = await profileEntries(runtime.ctx, ANONYMOUS, "carol", {
      limit: 2,
      cursor: first.nextCursor,
    });
    assert.deepEqual(
      second.entries.map((e) => e.id),
      [ids[2], ids[1]],
    );
    const third = await profileEntries(runtime.ctx, ANONYMOUS, "carol", {
      limit: 2,
      cursor: second.nextCursor,
    });
    assert.deepEqual(
      third.entries.map((e) => e.id),
      [ids[0]],
    );
    assert.equal(third.nextCursor, null);
    const reflections = await profileEntries(runtime.ctx, ANONYMOUS, "carol", {
      prompt: "reflection",
    });
    assert.deepEqual(
      reflections.entries.map((e) => e.id),
      [ids[3], ids[1]],
    );
    const tagged = await profileEntries(runtime.ctx, ANONYMOUS, "carol", { tag: "SERIES" });
    assert.equal(tagged.entries.length, 5);
    assert.deepEqual(tagged.entries[0]!.tags, [{ tag: "series", display: "series" }]);
    assert.equal(tagged.entries[0]!.author.handle, "carol");
    await rejectsWith(
      profileEntries(runtime.ctx, ANONYMOUS, "carol", { cursor: "garbage!" }),
      "invalid",
    );
    await rejectsWith(
      profileEntries(runtime.ctx, ANONYMOUS, "carol", { cursor: "Zm9vYmFy" }),
      "invalid",
    );
    await rejectsWith(profileEntries(runtime.ctx, ANONYMOUS, "nobody"), "not_found");
    await rejectsWith(entryForViewer(runtime.ctx, ANONYMOUS, "carol", "123"), "not_found");
    await rejectsWith(entryForViewer(runtime.ctx, ANONYMOUS, "alice", ids[0]!), "not_found");
    assert.equal((await entryForViewer(runtime.ctx, ANONYMOUS, "CAROL", ids[0]!)).id, ids[0]);
  });

  it("feeds carry only public published entries", async () => {
    const dave = await makeMember(runtime.ctx, "dave");
    const pub = await createEntry(runtime.ctx, dave, {
      body: "open #feedtest",
      audience: "public",
    });
    await createEntry(runtime.ctx, dave, { body: "hidden #feedtest", audience: "unlisted" });
    await createEntry(runtime.ctx, dave, { body: "friends #feedtest", audience: "followers" });
    await createEntry(runtime.ctx, dave, { body: "mine #feedtest", audience: "private" });
    await createEntry(runtime.ctx, dave, { body: "draft #feedtest", action: "draft" });
    assert.deepEqual(
      (await feedEntries(runtime.ctx, { handle: "dave" })).map((e) => e.id),
      [pub.id],
    );
    assert.deepEqual(
      (await feedEntries(runtime.ctx, { tag: "feedtest" })).map((e) => e.id),
      [pub.id],
    );
    await rejectsWith(feedEntries(runtime.ctx, { handle: "nobody" }), "not_found");
    const journal = await journalEntries(runtime.ctx, dave, {});
    assert.equal(journal.entries.length, 5);
    const privateOnly = await journalEntries(runtime.ctx, dave, { audience: "private" });
    assert.equal(privateOnly.entries.length, 1);
  });
});
