import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { countRows, makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const HOUR = 3_600_000;

/** The entry id from a permalink redirect (`/@alice/<id>`). */
function idFrom(response: Response): string {
  const location = response.headers.get("location") ?? "";
  const match = /^\/@\w+\/([0-9a-f-]{36})$/.exec(location);
  assert.ok(match, `expected a permalink redirect, got ${response.status} ${location}`);
  return match[1]!;
}

describe("entries over HTTP", () => {
  let runtime: TestRuntime;
  let clock = Date.now();
  let alice: CurrentUser;
  let bob: CurrentUser;
  let asAlice: TestClient;
  let asBob: TestClient;
  let anonymous: TestClient;

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => new Date(clock) });
    alice = await makeMember(runtime.ctx, "alice");
    bob = await makeMember(runtime.ctx, "bob");
    asAlice = await signedInClient(runtime, alice);
    asBob = await signedInClient(runtime, bob);
    anonymous = new TestClient(runtime.app);
  });
  after(() => runtime.close());

  const publish = (client: TestClient, fields: Record<string, string>) =>
    client.post("/compose", { kind: "note", audience: "public", action: "publish", ...fields });

  it("sends visitors to sign in before composing", async () => {
    const response = await anonymous.get("/compose");
    assert.equal(response.status, 303);
    assert.equal(
      decodeURIComponent(response.headers.get("location") ?? ""),
      "/sign-in?next=/compose",
    );
  });

  it("shows the composer with every label, the prompt's question and the script", async () => {
    const page = await (await asAlice.get("/compose?prompt=learning")).text();
    for (const label of [
      "Kind",
      "Prompt",
      "Title",
      "Link URL",
      "Body",
      "Tags",
      "Content warning",
      "Language",
      "Audience",
      "Publish at",
    ]) {
      assert.match(page, new RegExp(`<label for="\\w+">${label}</label>`), `label ${label}`);
    }
    assert.match(page, /<textarea id="body"[^>]*placeholder="What are you learning\?"/);
    assert.match(page, /<option value="learning" selected>Learning<\/option>/);
    assert.match(page, /<option value="private">Private — only me<\/option>/);
    assert.match(page, />Publish<\/button>/);
    assert.match(page, />Save draft<\/button>/);
    assert.match(page, />Schedule<\/button>/);
    assert.match(page, /<script src="\/static\/composer.js" defer><\/script>/);
    const script = await asAlice.get("/static/composer.js");
    assert.equal(script.status, 200);
    assert.match(await script.text(), /placeholder/);
    const plain = await (await asAlice.get("/compose?prompt=connected")).text();
    assert.match(plain, /placeholder="Who did you connect with\?"/);
  });

  it("publishes from the composer and redirects to the permalink", async () => {
    const response = await publish(asAlice, {
      prompt: "working-on",
      body: "Building a **portfolio** server #Outloud",
      tags: "typescript",
    });
    assert.equal(response.status, 303);
    const id = idFrom(response);
    const page = await (await anonymous.get(`/@alice/${id}`)).text();
    assert.match(page, /<strong>portfolio<\/strong>/);
    assert.match(page, /class="prompt-badge">Working on</);
    assert.match(page, /href="\/tags\/typescript"/);
    assert.match(page, /<meta property="og:url" content="http:\/\/localhost:3000\/@alice\//);
    const profile = await (await anonymous.get("/@alice")).text();
    assert.ok(profile.includes(id));
    const tag = await (await anonymous.get("/tags/outloud")).text();
    assert.ok(tag.includes(id));
  });

  it("keeps what was typed and explains each problem when the form is invalid (422, nothing written)", async () => {
    const before = await countRows(runtime, "entries");
    const response = await asAlice.post("/compose", {
      kind: "article",
      title: "",
      body: "My unsaved words & thoughts",
      audience: "public",
      action: "publish",
    });
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /My unsaved words &amp; thoughts<\/textarea>/);
    assert.match(page, /<p class="error" id="title-error">An article needs a title<\/p>/);
    assert.match(page, /<option value="article" selected>/);
    assert.equal(await countRows(runtime, "entries"), before);
  });

  it("saves a draft that only the journal shows", async () => {
    const id = idFrom(
      await asAlice.post("/compose", { body: "Half-baked idea draftmarker", action: "draft" }),
    );
    assert.equal((await anonymous.get(`/@alice/${id}`)).status, 404);
    assert.equal((await asBob.get(`/@alice/${id}`)).status, 404);
    const own = await (await asAlice.get(`/@alice/${id}`)).text();
    assert.match(own, /This is a draft/);
    assert.ok(!(await (await asAlice.get("/@alice")).text()).includes("draftmarker"));
    const journal = await (await asAlice.get("/journal")).text();
    assert.ok(journal.includes("draftmarker"));
    const drafts = await (await asAlice.get("/journal?status=draft")).text();
    assert.ok(drafts.includes("draftmarker"));
    const published = await (await asAlice.get("/journal?status=published")).text();
    assert.ok(!published.includes("draftmarker"));
    assert.equal((await anonymous.get("/journal")).status, 303);
  });

  it("schedules from the form; the job publishes it when due", async () => {
    const at = new Date(clock + HOUR);
    const response = await asAlice.post("/compose", {
      body: "Going out later schedmarker",
      action: "schedule",
      scheduledAt: at.toISOString().slice(0, 16),
      timezoneOffset: "0",
    });
    const id = idFrom(response);
    const journal = await (await asAlice.get("/journal")).text();
    assert.match(journal, /Scheduled for <time datetime="[^"]+">/);
    assert.equal((await anonymous.get(`/@alice/${id}`)).status, 404);

    clock += 2 * HOUR;
    await runtime.database.sql`update jobs set run_at = now() where payload->>'entryId' = ${id}`;
    assert.equal(await runtime.drainJobs(), 1);
    assert.equal((await anonymous.get(`/@alice/${id}`)).status, 200);
    assert.ok((await (await anonymous.get("/@alice")).text()).includes("schedmarker"));
  });

  it("schedules in the browser's time zone when the script sends its offset", async () => {
    // 09:30 local in UTC-05:00 (getTimezoneOffset() = 300) is 14:30 UTC.
    const day = new Date(clock + 48 * HOUR).toISOString().slice(0, 10);
    const id = idFrom(
      await asAlice.post("/compose", {
        body: "Zoned",
        action: "schedule",
        scheduledAt: `${day}T09:30`,
        timezoneOffset: "300",
      }),
    );
    const [row] = await runtime.database
      .sql`select scheduled_at::text as at from entries where id = ${id}`;
    assert.equal(new Date(row!.at).toISOString(), `${day}T14:30:00.000Z`);
  });

  it("edits an entry; the history shows the earlier version to the author only", async () => {
    const id = idFrom(await publish(asAlice, { body: "Original wording oldmarker" }));
    const form = await (await asAlice.get(`/@alice/${id}/edit`)).text();
    assert.match(form, /Original wording oldmarker<\/textarea>/);
    assert.match(form, />Save<\/button>/);
    assert.ok(!/>Save draft<\/button>/.test(form), "a published entry stays published");
    assert.equal((await asBob.get(`/@alice/${id}/edit`)).status, 404);

    const saved = await asAlice.post(`/@alice/${id}/edit`, {
      kind: "note",
      body: "Better wording newmarker",
      audience: "public",
      action: "save",
    });
    assert.equal(idFrom(saved), id);
    const page = await (await anonymous.get(`/@alice/${id}`)).text();
    assert.ok(page.includes("newmarker"));
    assert.ok(!page.includes("oldmarker"));
    const history = await (await asAlice.get(`/@alice/${id}/history`)).text();
    assert.ok(history.includes("newmarker"));
    assert.ok(history.includes("oldmarker"));
    assert.match(history, /Version 1/);
    assert.equal((await asBob.get(`/@alice/${id}/history`)).status, 404);
    assert.equal((await anonymous.get(`/@alice/${id}/history`)).status, 303);
    assert.equal(
      (await asBob.post(`/@alice/${id}/edit`, { body: "hijack", action: "save" })).status,
      404,
    );
  });

  it("deletes after confirming: gone from profile, permalink, tag page and feeds", async () => {
    const id = idFrom(await publish(asAlice, { body: "Short-lived gonemarker #vanishing" }));
    assert.ok((await (await anonymous.get("/@alice/feed.json")).text()).includes("gonemarker"));
    const confirm = await asAlice.get(`/@alice/${id}/delete`);
    const confirmPage = await confirm.text();
    assert.match(confirmPage, /<h1>Delete this entry\?<\/h1>/);
    assert.match(confirmPage, /<button type="submit" class="danger">Delete<\/button>/);
    assert.equal((await asBob.post(`/@alice/${id}/delete`, {})).status, 404);
    const deleted = await asAlice.post(`/@alice/${id}/delete`, {});
    assert.equal(deleted.status, 303);
    assert.equal(deleted.headers.get("location"), "/journal");
    assert.equal((await anonymous.get(`/@alice/${id}`)).status, 404);
    for (const path of [
      "/@alice",
      "/tags/vanishing",
      "/@alice/feed.atom",
      "/@alice/feed.rss",
      "/@alice/feed.json",
      "/tags/vanishing/feed.rss",
    ]) {
      assert.ok(!(await (await anonymous.get(path)).text()).includes("gonemarker"), path);
    }
    assert.ok(!(await (await asAlice.get("/journal")).text()).includes("gonemarker"));
  });

  it("follows and unfollows from the profile", async () => {
    const id = idFrom(
      await publish(asAlice, { body: "For followers friendsmarker", audience: "followers" }),
    );
    let profile = await (await asBob.get("/@alice")).text();
    assert.match(profile, /action="\/@alice\/follow"/);
    assert.ok(!profile.includes("friendsmarker"));
    assert.ok(
      !(await (await asAlice.get("/@alice")).text()).includes('action="/@alice/follow"'),
      "no button on one's own profile",
    );
    assert.ok(!(await (await anonymous.get("/@alice")).text()).includes('action="/@alice/follow"'));

    const followed = await asBob.post("/@alice/follow", {});
    assert.equal(followed.status, 303);
    assert.equal(followed.headers.get("location"), "/@alice");
    profile = await (await asBob.get("/@alice")).text();
    assert.match(profile, />Unfollow<\/button>/);
    assert.ok(profile.includes("friendsmarker"));
    assert.equal((await asBob.get(`/@alice/${id}`)).status, 200);

    await asBob.post("/@alice/unfollow", {});
    profile = await (await asBob.get("/@alice")).text();
    assert.match(profile, />Follow<\/button>/);
    assert.ok(!profile.includes("friendsmarker"));
    assert.equal((await asBob.get(`/@alice/${id}`)).status, 404);
    assert.equal((await anonymous.post("/@alice/follow", {})).status, 303);
    assert.equal((await asBob.post("/@nobody/follow", {})).status, 404);
  });

  it("paginates a profile with an Older entries link", async () => {
    const carol = await makeMember(runtime.ctx, "carol");
    const asCarol = await signedInClient(runtime, carol);
    for (let i = 0; i < 23; i++) {
      clock += 1000;
      await publish(asCarol, {
        body: `Numbered entry n${i}x`,
        prompt: i % 2 ? "learning" : "working-on",
      });
    }
    const first = await (await anonymous.get("/@carol")).text();
    assert.ok(first.includes("n22x"));
    assert.ok(!first.includes("n2x"));
    const older = /href="(\/@carol\?cursor=[^"]+)" rel="next">Older entries</.exec(first);
    assert.ok(older, "an Older entries link");
    const second = await (await anonymous.get(older[1]!.replaceAll("&amp;", "&"))).text();
    assert.ok(second.includes("n2x"));
    assert.ok(!second.includes("n22x"));
    assert.match(second, /Newest entries/);
    const learning = await (await anonymous.get("/@carol?prompt=learning")).text();
    assert.ok(learning.includes("n21x"));
    assert.ok(!learning.includes("n22x"));
  });

  it("home: a dashboard for members, a landing page for visitors", async () => {
    const dashboard = await (await asAlice.get("/")).text();
    assert.match(dashboard, /href="\/compose"[^>]*>New entry</);
    for (const prompt of ["working-on", "learning", "connected", "inspired", "helped-by"]) {
      assert.ok(dashboard.includes(`href="/compose?prompt=${prompt}"`), prompt);
    }
    assert.match(dashboard, /What am I learning\?/);
    const landing = await (await anonymous.get("/")).text();
    assert.match(landing, /work and learning portfolio/);
    assert.ok(landing.includes('href="/@alice"'));
    assert.ok(landing.includes("n22x"), "recent public entries");
    assert.ok(!landing.includes("friendsmarker"));
  });
});
